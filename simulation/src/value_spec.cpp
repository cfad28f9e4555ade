#include "value_spec.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace lexsim::sim {

namespace {

using Type = ScenarioValue::Type;
using rules::TypeKind;

bool numeric(TypeKind k) {
    return k == TypeKind::Money || k == TypeKind::Number || k == TypeKind::Rate || k == TypeKind::Int;
}

//! Two or three numbers in an array, e.g. uniform = [0.2, 0.8].
std::optional<std::vector<double>> numbers(ScenarioFile& f, ScenarioValue v, size_t n,
                                           std::string_view what) {
    if (v.type() != Type::array || v.size() != n) {
        f.error(v.span(), std::string(what) + " takes " + std::to_string(n) + " numbers in brackets");
        return std::nullopt;
    }
    std::vector<double> out;
    for (size_t i = 0; i < n; ++i) {
        if (!v.at(i).is_number()) {
            f.error(v.at(i).span(),
                    std::string(what) + " takes numbers, found " + std::string(type_name(v.at(i).type())));
            return std::nullopt;
        }
        out.push_back(v.at(i).as_number());
    }
    return out;
}

std::optional<Distribution> numeric_distribution(ScenarioFile& f, ScenarioValue t, const std::string& kind) {
    ScenarioValue v = t.get(kind);
    if (kind == "fixed") {
        if (!f.expect(v, Type::floating, "'fixed'"))
            return std::nullopt;
        return Distribution::fixed(v.as_number());
    }
    if (kind == "uniform") {
        auto n = numbers(f, v, 2, "'uniform'");
        if (n && (*n)[1] < (*n)[0])
            f.error(v.span(), "'uniform' is [low, high] with low <= high");
        return n ? std::optional(Distribution::uniform((*n)[0], (*n)[1])) : std::nullopt;
    }
    if (kind == "triangular") {
        auto n = numbers(f, v, 3, "'triangular'");
        if (n && !((*n)[0] <= (*n)[1] && (*n)[1] <= (*n)[2]))
            f.error(v.span(), "'triangular' is [low, mode, high] with low <= mode <= high");
        return n ? std::optional(Distribution::triangular((*n)[0], (*n)[1], (*n)[2])) : std::nullopt;
    }
    if (kind == "normal" || kind == "lognormal") {
        if (!f.expect(v, Type::table, "'" + kind + "'"))
            return std::nullopt;
        bool log = kind == "lognormal";
        std::string_view centre = log ? "median" : "mean", width = log ? "spread" : "sd";
        f.reject_unknown_keys(v, {centre, width});
        auto c = f.number(v, centre, true);
        auto w = f.number(v, width, true);
        if (!c || !w)
            return std::nullopt;
        if (*w < 0 || (log && *c <= 0)) {
            f.error(v.span(),
                    log ? "'lognormal' needs median > 0 and spread >= 0" : "'normal' needs sd >= 0");
            return std::nullopt;
        }
        return log ? Distribution::lognormal(*c, *w) : Distribution::normal(*c, *w);
    }
    return std::nullopt;
}

std::optional<Distribution> categorical(ScenarioFile& f, ScenarioValue v, const rules::RuleSet& rs,
                                        int32_t enum_id) {
    if (!f.expect(v, Type::table, "'categorical'"))
        return std::nullopt;
    const rules::EnumDecl& e = rs.enums[static_cast<size_t>(enum_id)];
    Distribution d;
    d.kind = Distribution::Kind::Categorical;
    double total = 0;
    for (const std::string& key : v.keys()) {
        std::optional<int32_t> m = rs.find_member(enum_id, key);
        if (!m) {
            f.error(v.key_span(key), "'" + key + "' is not a member of '" + e.name + "'");
            continue;
        }
        auto w = f.number(v, key);
        if (!w)
            continue;
        if (*w < 0) {
            f.error(v.get(key).span(), "a weight must be 0 or more");
            continue;
        }
        total += *w;
        d.categories.emplace_back(*m, total);
    }
    if (total <= 0) {
        f.error(v.span(), "'categorical' needs at least one positive weight");
        return std::nullopt;
    }
    for (auto& c : d.categories)
        c.second /= total;
    d.categories.back().second = 1.0;
    return d;
}

std::optional<ValueSpec> literal(ScenarioFile& f, ScenarioValue v, rules::Type type,
                                 const rules::RuleSet& rs) {
    ValueSpec s;
    s.type = type;
    if (type.kind == TypeKind::Bool && v.type() == Type::boolean) {
        s.dist = Distribution::fixed(v.as_bool() ? 1 : 0);
        return s;
    }
    if (type.kind == TypeKind::Enum && v.type() == Type::string) {
        if (auto m = rs.find_member(type.enum_id, v.as_string())) {
            s.dist = Distribution::fixed(*m);
            return s;
        }
        f.error(v.span(), "'" + v.as_string() + "' is not a member of '" +
                              rs.enums[static_cast<size_t>(type.enum_id)].name + "'");
        return std::nullopt;
    }
    if (numeric(type.kind) && v.is_number()) {
        s.dist = Distribution::fixed(v.as_number());
        return s;
    }
    f.error(v.span(), "expected a value of type " + rules::type_name(rs, type) +
                          " or a distribution table, found " + std::string(type_name(v.type())));
    return std::nullopt;
}

} // namespace

int64_t to_rules_value(TypeKind kind, double x) {
    switch (kind) {
    case TypeKind::Money:
        return std::llround(std::clamp(x, 0.0, 1e13) * 100.0);
    case TypeKind::Number:
    case TypeKind::Rate:
        return std::llround(std::clamp(x, -1e12, 1e12) * 1e6);
    case TypeKind::Bool:
        return x >= 0.5 ? 1 : 0;
    default:
        return std::llround(std::clamp(x, -1e15, 1e15));
    }
}

std::optional<ValueSpec> read_value_spec(ScenarioFile& f, ScenarioValue v, rules::Type type,
                                         const rules::RuleSet& rs, int32_t entity,
                                         const std::vector<int32_t>& given) {
    if (type.kind == TypeKind::Date || type.kind == TypeKind::Text || type.kind == TypeKind::Days ||
        type.kind == TypeKind::Workdays) {
        f.error(v.span(),
                "values of type " + rules::type_name(rs, type) + " cannot be drawn by a scenario yet");
        return std::nullopt;
    }
    if (v.type() != Type::table)
        return literal(f, v, type, rs);
    static const std::vector<std::string_view> kinds = {"fixed",  "bernoulli", "categorical", "uniform",
                                                        "normal", "lognormal", "triangular",  "scaled"};
    std::vector<std::string_view> known = kinds;
    known.push_back("yearly");
    known.push_back("factor");
    f.reject_unknown_keys(v, known);
    std::vector<std::string> present;
    for (std::string_view k : kinds)
        if (v.get(k).present())
            present.emplace_back(k);
    if (present.size() != 1) {
        f.error(v.span(),
                "a distribution table has exactly one of fixed, bernoulli, categorical, uniform, normal, "
                "lognormal, triangular, scaled");
        return std::nullopt;
    }
    const std::string& kind = present[0];
    ValueSpec s;
    s.type = type;
    s.yearly = f.boolean(v, "yearly").value_or(false);
    std::optional<Distribution> d;
    if (kind == "bernoulli") {
        if (type.kind != TypeKind::Bool)
            f.error(v.key_span(kind),
                    "'bernoulli' draws true/false, but this value is " + rules::type_name(rs, type));
        else
            d = read_probability(f, v.get(kind), "'bernoulli'");
        if (d && d->random()) {
            f.error(v.key_span(kind), "'bernoulli' takes one probability");
            d.reset();
        }
        if (d)
            d = Distribution::bernoulli(d->a);
    } else if (kind == "categorical") {
        if (type.kind != TypeKind::Enum)
            f.error(v.key_span(kind),
                    "'categorical' draws enum members, but this value is " + rules::type_name(rs, type));
        else
            d = categorical(f, v.get(kind), rs, type.enum_id);
    } else if (kind == "scaled") {
        auto base = f.string(v, "scaled");
        std::optional<int32_t> slot = base && entity >= 0 ? rs.find_attribute(entity, *base) : std::nullopt;
        if (base && !slot)
            f.error(v.get(kind).span(), entity < 0 ? "'scaled' is for attributes of a population"
                                                   : "unknown attribute '" + *base + "'");
        else if (slot && std::find(given.begin(), given.end(), *slot) == given.end())
            f.error(v.get(kind).span(), "'" + *base + "' must be given before the attribute scaled from it");
        else if (slot &&
                 rs.entities[static_cast<size_t>(entity)].attrs[static_cast<size_t>(*slot)].type != type)
            f.error(v.get(kind).span(), "'" + *base + "' has a different type");
        ScenarioValue factor = v.get("factor");
        if (!factor.present())
            f.error(v.span(), "'scaled' needs a 'factor' (a number or a distribution table)");
        else if (factor.type() == Type::table) {
            std::vector<std::string> fk = factor.keys();
            if (fk.size() == 1)
                d = numeric_distribution(f, factor, fk[0]);
            if (!d)
                f.error(factor.span(),
                        "'factor' is a number or one of uniform, triangular, normal, lognormal");
        } else if (f.expect(factor, Type::floating, "'factor'"))
            d = Distribution::fixed(factor.as_number());
        if (slot)
            s.scaled_from = *slot;
    } else {
        if (kind != "fixed" && !numeric(type.kind))
            f.error(v.key_span(kind),
                    "'" + kind + "' draws numbers, but this value is " + rules::type_name(rs, type));
        else if (kind == "fixed")
            return literal(f, v.get(kind), type, rs);
        else
            d = numeric_distribution(f, v, kind);
    }
    if (!d)
        return std::nullopt;
    s.dist = *d;
    return s;
}

std::optional<CountModel> read_count(ScenarioFile& f, ScenarioValue v) {
    if (!v.present())
        return std::nullopt;
    CountModel c;
    if (v.type() == Type::integer) {
        if (v.as_integer() < 0 || v.as_integer() > 1'000'000) {
            f.error(v.span(), "'count' must be between 0 and 1000000 a year");
            return std::nullopt;
        }
        c.mean = static_cast<double>(v.as_integer());
        return c;
    }
    if (!f.expect(v, Type::table, "'count'"))
        return std::nullopt;
    f.reject_unknown_keys(v, {"poisson", "negative_binomial"});
    if (auto m = f.number(v, "poisson")) {
        c.kind = CountModel::Kind::Poisson;
        c.mean = *m;
    } else if (ScenarioValue nb = f.table(v, "negative_binomial"); nb.present()) {
        f.reject_unknown_keys(nb, {"mean", "dispersion"});
        c.kind = CountModel::Kind::NegativeBinomial;
        c.mean = f.number(nb, "mean", true).value_or(0);
        c.dispersion = f.number(nb, "dispersion", true).value_or(1);
        if (c.dispersion <= 0)
            f.error(nb.span(), "'dispersion' must be above 0 (variance = mean + mean² / dispersion)");
    } else {
        f.error(v.span(),
                "'count' is a number, { poisson = MEAN } or { negative_binomial = { mean, dispersion } }");
        return std::nullopt;
    }
    if (c.mean < 0 || c.mean > 1'000'000) {
        f.error(v.span(), "the mean count must be between 0 and 1000000 a year");
        return std::nullopt;
    }
    return c;
}

std::optional<Distribution> read_probability(ScenarioFile& f, ScenarioValue v, const std::string& what) {
    std::optional<Distribution> d;
    if (v.is_number())
        d = Distribution::fixed(v.as_number());
    else if (v.type() == Type::table && v.keys().size() == 1 &&
             (v.get("uniform").present() || v.get("triangular").present()))
        d = numeric_distribution(f, v, v.keys()[0]);
    else {
        f.error(v.span(), what + " is a probability between 0 and 1, or { uniform = [low, high] } or "
                                 "{ triangular = [low, mode, high] } inside [0, 1]");
        return std::nullopt;
    }
    if (d && (d->a < 0 || d->a > 1 || (d->random() && (d->b < 0 || d->b > 1)))) {
        f.error(v.span(), what + " must lie between 0 and 1");
        return std::nullopt;
    }
    return d;
}

std::optional<int64_t> read_yuan(ScenarioFile& f, ScenarioValue table, std::string_view key, bool required) {
    auto y = f.number(table, key, required);
    if (!y)
        return std::nullopt;
    if (*y < 0 || *y > 1e13) {
        f.error(table.get(key).span(), "'" + std::string(key) + "' is an amount in yuan between 0 and 10^13");
        return std::nullopt;
    }
    return std::llround(*y * 100.0);
}

namespace {

void params_in(const rules::RuleSet& rs, rules::ExprId id, std::set<int32_t>& out) {
    if (id == rules::no_expr)
        return;
    const rules::Expr& e = rs.expr(id);
    if (e.op == rules::ExprOp::Param)
        out.insert(static_cast<int32_t>(e.value));
    params_in(rs, e.a, out);
    params_in(rs, e.b, out);
    params_in(rs, e.c, out);
    if (e.op == rules::ExprOp::Min || e.op == rules::ExprOp::Max)
        for (uint32_t i = 0; i < e.list_count; ++i)
            params_in(rs, static_cast<rules::ExprId>(rs.lists[e.list_begin + i]), out);
}

} // namespace

void check_open_params(ScenarioFile& f, const Scenario& s, const rules::RuleSet& rs) {
    std::set<int32_t> reported;
    for (const PopulationGroup& g : s.populations) {
        for (const rules::Clause& c : rs.clauses) {
            if (c.entity != g.entity ||
                (!s.documents.empty() &&
                 std::find(s.documents.begin(), s.documents.end(), c.document) == s.documents.end()))
                continue;
            std::set<int32_t> used;
            params_in(rs, c.condition, used);
            for (const rules::Grant& gr : c.grants)
                params_in(rs, gr.amount, used);
            for (int32_t p : used) {
                const rules::Param& decl = rs.params[static_cast<size_t>(p)];
                bool given = std::any_of(s.params.begin(), s.params.end(),
                                         [&](const ParamSpec& ps) { return ps.param == p; });
                if (!decl.values.empty() || given || !reported.insert(p).second)
                    continue;
                const rules::Document& d = rs.document(c.document);
                f.error(g.span, "open parameter '" + decl.name + "' (" + decl.label +
                                    ") has no value, and clause " + c.id + " (" + d.number + " " + c.article +
                                    ") needs it: give it under [params]");
            }
        }
    }
}

} // namespace lexsim::sim
