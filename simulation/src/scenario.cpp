#include "lexsim/simulation/scenario.hpp"

#include "value_spec.hpp"

#include <algorithm>
#include <cmath>

namespace lexsim::sim {

namespace {

using Type = ScenarioValue::Type;

std::optional<Rationing> rationing_of(ScenarioFile& f, ScenarioValue v, std::string_view key) {
    if (!f.expect(v, Type::string, "'" + std::string(key) + "'"))
        return std::nullopt;
    std::string s = v.as_string();
    if (s == "pro_rata")
        return Rationing::ProRata;
    if (s == "first_come")
        return Rationing::FirstCome;
    if (s == "report")
        return Rationing::Report;
    f.error(v.span(), "unknown rule '" + s + "' for '" + std::string(key) +
                          "' (expected pro_rata, first_come or report)");
    return std::nullopt;
}

std::optional<rules::ClauseId> clause_of(ScenarioFile& f, ScenarioValue v, const rules::RuleSet& rs) {
    if (!f.expect(v, Type::string, "a clause id"))
        return std::nullopt;
    if (auto c = rs.find_clause(v.as_string()))
        return c;
    f.error(v.span(), "unknown clause '" + v.as_string() +
                          "' (write the document id, a dot and the clause id, "
                          "e.g. tzf_2024_14.a3_1)");
    return std::nullopt;
}

class Reader {
public:
    Reader(ScenarioFile& f, const rules::RuleSet& rs, Scenario& s) : m_f(f), m_rs(rs), m_s(s) {}

    void read() {
        ScenarioValue root = m_f.root();
        std::vector<std::string_view> known(header_keys.begin(), header_keys.end());
        for (std::string_view k : {"documents", "evaluate_on", "default_payout", "rationing", "params",
                                   "population", "take_up", "payout", "budget", "override", "exclusive"})
            known.push_back(k);
        m_f.reject_unknown_keys(root, known);
        documents(root);
        evaluate_on(root);
        if (auto p = m_f.number(root, "default_payout")) {
            if (*p < 0 || *p > 1)
                m_f.error(root.get("default_payout").span(), "'default_payout' must be between 0 and 1");
            m_s.default_payout = *p;
        }
        rationing(m_f.table(root, "rationing"));
        params(m_f.table(root, "params"));
        ScenarioValue pops = m_f.array(root, "population");
        for (size_t i = 0; i < pops.size(); ++i)
            population(pops.at(i));
        if (pops.size() > 254)
            m_f.error(pops.span(), "at most 254 populations");
        if (m_s.header.last_year - m_s.header.first_year >= 16)
            m_f.error(root.get("horizon").present() ? root.get("horizon").span() : root.span(),
                      "a horizon of at most 16 years");
        rates(m_f.table(root, "take_up"), m_s.take_up, "take-up");
        rates(m_f.table(root, "payout"), m_s.payout, "payout");
        ScenarioValue budgets = m_f.array(root, "budget");
        for (size_t i = 0; i < budgets.size(); ++i)
            budget(budgets.at(i));
        ScenarioValue overrides = m_f.array(root, "override");
        for (size_t i = 0; i < overrides.size(); ++i)
            override_grant(overrides.at(i));
        exclusive(m_f.array(root, "exclusive"));
    }

private:
    void documents(ScenarioValue root) {
        ScenarioValue docs = m_f.array(root, "documents");
        for (size_t i = 0; i < docs.size(); ++i) {
            ScenarioValue d = docs.at(i);
            if (!m_f.expect(d, Type::string, "each entry of 'documents'"))
                continue;
            std::string name = d.as_string();
            std::optional<rules::DocumentId> found = m_rs.find_document(name);
            for (rules::DocumentId k : m_rs.document_ids())
                if (!found && m_rs.document(k).number == name)
                    found = k;
            if (found)
                m_s.documents.push_back(*found);
            else
                m_f.error(d.span(), "unknown document '" + name +
                                        "' (write its id, e.g. tzf_2024_08, or its "
                                        "number, e.g. 通政发〔2024〕8号)");
        }
    }

    void evaluate_on(ScenarioValue root) {
        auto s = m_f.string(root, "evaluate_on");
        if (!s)
            return;
        int month = 0, day = 0;
        if (s->size() != 5 || (*s)[2] != '-' || std::sscanf(s->c_str(), "%2d-%2d", &month, &day) != 2 ||
            month < 1 || month > 12 || day < 1 || day > 31 || (month == 2 && day > 28) ||
            (day == 31 && (month == 4 || month == 6 || month == 9 || month == 11)))
            m_f.error(root.get("evaluate_on").span(),
                      "'evaluate_on' must be a day of the year as MM-DD, e.g. "
                      "\"12-31\" (29 February is not allowed)");
        else {
            m_s.evaluation_month = month;
            m_s.evaluation_day = day;
        }
    }

    void rationing(ScenarioValue t) {
        if (!t.present())
            return;
        m_f.reject_unknown_keys(t, {"pool", "quota"});
        if (ScenarioValue v = t.get("pool"); v.present())
            if (auto r = rationing_of(m_f, v, "pool"))
                m_s.pool_rule = *r;
        if (ScenarioValue v = t.get("quota"); v.present()) {
            if (auto r = rationing_of(m_f, v, "quota")) {
                if (*r == Rationing::ProRata)
                    m_f.error(v.span(), "a quota counts recipients: use first_come or report");
                else
                    m_s.quota_rule = *r;
            }
        }
    }

    void params(ScenarioValue t) {
        for (const std::string& key : t.keys()) {
            std::optional<int32_t> p = m_rs.find_param(key);
            if (!p) {
                m_f.error(t.key_span(key), "unknown parameter '" + key + "'");
                continue;
            }
            const rules::Param& decl = m_rs.params[static_cast<size_t>(*p)];
            if (auto v = read_value_spec(m_f, t.get(key), decl.type, m_rs, -1, {}))
                m_s.params.push_back({*p, *v});
        }
    }

    void population(ScenarioValue t) {
        if (!m_f.expect(t, Type::table, "each [[population]]"))
            return;
        m_f.reject_unknown_keys(t, {"label", "entity", "count", "growth", "entry", "rows", "attributes"});
        PopulationGroup g;
        g.span = t.span();
        g.label = m_f.string(t, "label").value_or("");
        g.first_entry = m_s.header.first_year;
        g.last_entry = m_s.header.last_year;
        auto entity = m_f.string(t, "entity", true);
        if (!entity)
            return;
        std::optional<int32_t> e = m_rs.find_entity(*entity);
        if (!e) {
            m_f.error(t.get("entity").span(), "unknown entity kind '" + *entity + "'");
            return;
        }
        g.entity = *e;
        if (g.label.empty())
            g.label = m_rs.entities[static_cast<size_t>(*e)].label;
        if (auto c = read_count(m_f, t.get("count")))
            g.count = *c;
        else if (!t.get("count").present())
            m_f.error(t.span(), "a population needs 'count' (applicants entering per year)");
        if (auto growth = m_f.number(t, "growth")) {
            if (*growth <= -1 || *growth > 10)
                m_f.error(t.get("growth").span(), "'growth' must be a yearly rate above -1, e.g. 0.05");
            g.growth = *growth;
        }
        if (ScenarioValue entry = m_f.array(t, "entry"); entry.present()) {
            bool ok = entry.size() == 2 && entry.at(0).type() == Type::integer &&
                      entry.at(1).type() == Type::integer &&
                      entry.at(0).as_integer() <= entry.at(1).as_integer() &&
                      entry.at(0).as_integer() >= m_s.header.first_year &&
                      entry.at(1).as_integer() <= m_s.header.last_year;
            if (!ok)
                m_f.error(entry.span(), "'entry' must be [first year, last year] inside the horizon");
            else {
                g.first_entry = static_cast<int32_t>(entry.at(0).as_integer());
                g.last_entry = static_cast<int32_t>(entry.at(1).as_integer());
            }
        }
        if (auto rows = m_f.string(t, "rows"))
            read_rows(m_f, t.get("rows").span(), *rows, m_rs, g);
        attributes(m_f.table(t, "attributes"), g);
        m_s.populations.push_back(std::move(g));
    }

    void attributes(ScenarioValue t, PopulationGroup& g) {
        const rules::Entity& ent = m_rs.entities[static_cast<size_t>(g.entity)];
        std::vector<int32_t> given;
        for (const std::string& key : t.keys()) {
            std::optional<int32_t> slot = m_rs.find_attribute(g.entity, key);
            if (!slot) {
                m_f.error(t.key_span(key), "entity '" + ent.name + "' has no attribute '" + key + "'");
                continue;
            }
            const rules::Attribute& a = ent.attrs[static_cast<size_t>(*slot)];
            if (auto v = read_value_spec(m_f, t.get(key), a.type, m_rs, g.entity, given)) {
                g.attributes.push_back({*slot, *v});
                given.push_back(*slot);
            }
        }
    }

    void rates(ScenarioValue t, std::vector<ClauseRate>& out, std::string_view what) {
        for (const std::string& key : t.keys()) {
            ClauseRate r;
            r.name = key;
            if (auto c = m_rs.find_clause(key))
                r.clause = *c;
            else if (auto b = m_rs.find_benefit(key))
                r.benefit = *b;
            else {
                m_f.error(t.key_span(key), "'" + key +
                                               "' is neither a clause id (e.g. tzf_2024_14.a3_1) nor a "
                                               "benefit (e.g. rd_award)");
                continue;
            }
            ScenarioValue v = t.get(key);
            std::optional<Distribution> d = read_probability(m_f, v, std::string(what) + " of '" + key + "'");
            if (d) {
                r.dist = *d;
                out.push_back(std::move(r));
            }
        }
    }

    void budget(ScenarioValue t) {
        if (!m_f.expect(t, Type::table, "each [[budget]]"))
            return;
        m_f.reject_unknown_keys(t, {"label", "year", "payer", "ceiling", "when_exceeded"});
        Budget b;
        b.label = m_f.string(t, "label").value_or("");
        if (auto y = m_f.integer(t, "year")) {
            if (*y < m_s.header.first_year || *y > m_s.header.last_year)
                m_f.error(t.get("year").span(), "'year' is outside the horizon");
            b.year = static_cast<int32_t>(*y);
        }
        if (auto p = m_f.string(t, "payer")) {
            if (auto u = m_rs.find_unit(*p))
                b.payer = *u;
            else
                m_f.error(t.get("payer").span(), "unknown paying unit '" + *p + "'");
        }
        if (auto c = read_yuan(m_f, t, "ceiling", true))
            b.ceiling = *c;
        if (ScenarioValue w = t.get("when_exceeded"); w.present())
            if (auto r = rationing_of(m_f, w, "when_exceeded"))
                b.rule = *r;
        if (b.label.empty())
            b.label = b.payer >= 0 ? m_rs.units[static_cast<size_t>(b.payer)].name : "全部支出";
        m_s.budgets.push_back(std::move(b));
    }

    void override_grant(ScenarioValue t) {
        if (!m_f.expect(t, Type::table, "each [[override]]"))
            return;
        m_f.reject_unknown_keys(t, {"clause", "grant", "amount", "cap", "factor"});
        GrantOverride o;
        ScenarioValue cv = t.get("clause");
        if (!cv.present()) {
            m_f.error(t.span(), "an override needs 'clause'");
            return;
        }
        std::optional<rules::ClauseId> c = clause_of(m_f, cv, m_rs);
        if (!c)
            return;
        o.clause = *c;
        const rules::Clause& cl = m_rs.clause(*c);
        if (auto g = m_f.integer(t, "grant")) {
            if (*g < 1 || static_cast<size_t>(*g) > cl.grants.size())
                m_f.error(t.get("grant").span(), "clause '" + cl.id + "' has " +
                                                     std::to_string(cl.grants.size()) +
                                                     " grant(s): 'grant' counts them from 1");
            else
                o.grant = static_cast<int32_t>(*g - 1);
        }
        if (cl.grants.empty() || cl.grants[static_cast<size_t>(o.grant)].amount == rules::no_expr) {
            m_f.error(cv.span(), "clause '" + cl.id + "' has no grant with an amount to override");
            return;
        }
        o.amount = read_yuan(m_f, t, "amount", false);
        o.cap = read_yuan(m_f, t, "cap", false);
        o.factor = m_f.number(t, "factor");
        if (o.factor && *o.factor < 0)
            m_f.error(t.get("factor").span(), "'factor' must be 0 or more");
        if (!o.amount && !o.cap && !o.factor)
            m_f.error(t.span(), "an override needs 'amount', 'cap' or 'factor'");
        m_s.overrides.push_back(o);
    }

    void exclusive(ScenarioValue pairs) {
        for (size_t i = 0; i < pairs.size(); ++i) {
            ScenarioValue p = pairs.at(i);
            if (!m_f.expect(p, Type::array, "each entry of 'exclusive'"))
                continue;
            if (p.size() != 2) {
                m_f.error(p.span(), "each entry of 'exclusive' is a pair of clause ids");
                continue;
            }
            auto a = clause_of(m_f, p.at(0), m_rs);
            auto b = clause_of(m_f, p.at(1), m_rs);
            if (a && b && m_rs.clause(*a).entity != m_rs.clause(*b).entity)
                m_f.error(p.span(), "the two clauses are about different entity kinds");
            else if (a && b)
                m_s.exclusive.emplace_back(*a, *b);
        }
    }

    ScenarioFile& m_f;
    const rules::RuleSet& m_rs;
    Scenario& m_s;
};

} // namespace

uint32_t stream_of(std::string_view name) {
    uint32_t h = 2166136261u;
    for (char c : name) {
        h ^= static_cast<uint8_t>(c);
        h *= 16777619u;
    }
    return h;
}

void apply_what_if(const Scenario& s, rules::RuleSet& rs) {
    auto literal = [&](rules::TypeKind kind, int64_t value) {
        rules::Expr e;
        e.op = rules::ExprOp::Literal;
        e.type = rules::Type{kind};
        e.value = value;
        rs.exprs.push_back(e);
        return static_cast<rules::ExprId>(rs.exprs.size() - 1);
    };
    for (const GrantOverride& o : s.overrides) {
        rules::Grant& g = rs.clause(o.clause).grants[static_cast<size_t>(o.grant)];
        if (o.amount)
            g.amount = literal(rules::TypeKind::Money, *o.amount);
        if (o.factor) {
            rules::Expr mul;
            mul.op = rules::ExprOp::Mul;
            mul.type = rules::Type{rules::TypeKind::Money};
            mul.a = g.amount;
            mul.b =
                literal(rules::TypeKind::Number, std::llround(*o.factor * static_cast<double>(rules::micro)));
            mul.value = rules::micro;
            rs.exprs.push_back(mul);
            g.amount = static_cast<rules::ExprId>(rs.exprs.size() - 1);
        }
        if (o.cap) {
            rules::Expr min;
            min.op = rules::ExprOp::Min;
            min.type = rules::Type{rules::TypeKind::Money};
            min.list_begin = static_cast<uint32_t>(rs.lists.size());
            min.list_count = 2;
            rs.lists.push_back(g.amount);
            rs.lists.push_back(literal(rules::TypeKind::Money, *o.cap));
            rs.exprs.push_back(min);
            g.amount = static_cast<rules::ExprId>(rs.exprs.size() - 1);
        }
    }
    for (auto [a, b] : s.exclusive) {
        rs.clause(a).exclusive_with.push_back(b);
        rs.clause(b).exclusive_with.push_back(a);
    }
}

std::optional<Scenario> read_scenario(ScenarioFile& file, const ScenarioHeader& header,
                                      const rules::RuleSet& rs) {
    Scenario s;
    s.header = header;
    s.stream = stream_of(header.name);
    if (!file.root().present())
        return std::nullopt;
    Reader(file, rs, s).read();
    if (file.ok())
        check_open_params(file, s, rs);
    if (!file.ok())
        return std::nullopt;
    return s;
}

} // namespace lexsim::sim
