// class-unused: a classification the rules make but nothing depends on. A classification is a family of
// clauses that put an entity into one of several classes of a measure (each sets a single fixed value,
// `range ring 2 .. 2`) by its attributes; it has an effect when some other clause's condition, amount,
// requirement or range reads one of the attributes the classes are drawn on. When none does, the classes
// decide nothing: a note, since the text may mean them for a rule it has not written (4号 第九条: "根据其所处
// 圈层…引入不同修正系数", yet the coefficients are given by operation mode only).
// No solver: reading attributes is a fact of the rules.
#include "checker.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace lexsim::solver::detail {

namespace {

//! A fixed value: a literal on both ends, the same on both.
std::optional<int64_t> point(const rules::RuleSet& rs, const rules::RangeOutcome& r) {
    const rules::Expr& lo = rs.expr(r.low);
    const rules::Expr& hi = rs.expr(r.high);
    if (lo.op != rules::ExprOp::Literal || hi.op != rules::ExprOp::Literal || lo.value != hi.value)
        return std::nullopt;
    return lo.value;
}

void conjuncts(const rules::RuleSet& rs, rules::ExprId id, std::vector<rules::ExprId>& out) {
    if (id == rules::no_expr)
        return;
    const rules::Expr& e = rs.expr(id);
    if (e.op == rules::ExprOp::And) {
        conjuncts(rs, e.a, out);
        conjuncts(rs, e.b, out);
        return;
    }
    out.push_back(id);
}

struct Classes {
    std::vector<rules::ClauseId> clauses;
    std::set<int64_t> values;
    bool all_points = true;
};

//! Every attribute a clause reads, anywhere.
std::vector<int32_t> reads(const rules::RuleSet& rs, const rules::Clause& cl) {
    std::vector<int32_t> out;
    Checker::collect_attrs(rs, cl.condition, out);
    for (const auto& g : cl.grants)
        Checker::collect_attrs(rs, g.amount, out);
    for (const auto& k : cl.constraints)
        Checker::collect_attrs(rs, k.condition, out);
    for (const auto& r : cl.ranges) {
        Checker::collect_attrs(rs, r.low, out);
        Checker::collect_attrs(rs, r.high, out);
    }
    return out;
}

void report(Checker& c, int32_t measure, int32_t entity, const Classes& k, const std::vector<int32_t>& on) {
    const rules::RuleSet& rs = c.rules();
    const Words& w = c.words();
    const rules::Measure& m = rs.measures[static_cast<size_t>(measure)];
    std::vector<std::string> values, attrs, cites;
    for (int64_t v : k.values)
        values.push_back(w.value(m.type, v));
    for (int32_t a : on)
        attrs.push_back(w.attr(entity, a));
    for (rules::ClauseId cl : k.clauses)
        if (std::find(cites.begin(), cites.end(), w.cite(cl)) == cites.end())
            cites.push_back(w.cite(cl));
    Finding f;
    f.kind = "class-unused";
    f.severity = Severity::Info;
    f.clauses = k.clauses;
    f.subject = m.name;
    f.message = w.zh() ? w.list(cites) + " 按" + w.list(attrs) + "把" + w.entity(entity) + "划入「" +
                             w.measure(measure) + "」" + w.list(values) +
                             "，但没有任何条款的条件、金额或要求因「" + w.measure(measure) + "」而不同"
                       : w.list(cites) + " put each " + rs.entities[static_cast<size_t>(entity)].name +
                             " into a class of " + m.name + " (" + w.list(values) + ") by " + w.list(attrs) +
                             ", but no clause's condition, amount or requirement depends on it";
    f.readings = {w.pick("若分类应有作用：补充按「" + w.measure(measure) + "」区分的规定",
                         "if the classes are meant to matter: state what differs by " + m.name),
                  w.pick("若分类只是说明：无需处理", "if they only describe: nothing to fix")};
    c.add(std::move(f));
}

//! The attributes the classes are drawn on: those their conditions read outside the conjuncts every class
//! shares ("not in_core and town in {…}": the town, not the scope common to all classes).
std::vector<int32_t> drawn_on(const rules::RuleSet& rs, const std::vector<rules::ClauseId>& clauses) {
    std::vector<std::vector<rules::ExprId>> parts(clauses.size());
    for (size_t i = 0; i < clauses.size(); ++i)
        conjuncts(rs, rs.clause(clauses[i]).condition, parts[i]);
    auto text = [&](rules::ExprId e) { return rs.sources.slice(rs.expr(e).span); };
    std::vector<int32_t> out;
    for (const auto& p : parts)
        for (rules::ExprId e : p) {
            bool common = std::all_of(parts.begin(), parts.end(), [&](const std::vector<rules::ExprId>& q) {
                return std::any_of(q.begin(), q.end(), [&](rules::ExprId x) { return text(x) == text(e); });
            });
            if (!common)
                Checker::collect_attrs(rs, e, out);
        }
    return out;
}

} // namespace

void check_class_effect(Checker& c) {
    const rules::RuleSet& rs = c.rules();
    std::map<std::pair<int32_t, int32_t>, Classes> families; // (measure, entity)
    for (rules::ClauseId i : rs.clause_ids()) {
        const rules::Clause& cl = rs.clause(i);
        if (cl.entity < 0 || rs.document(cl.document).external)
            continue;
        for (const auto& r : cl.ranges) {
            Classes& k = families[{r.measure, cl.entity}];
            if (std::find(k.clauses.begin(), k.clauses.end(), i) == k.clauses.end())
                k.clauses.push_back(i);
            if (auto v = point(rs, r))
                k.values.insert(*v);
            else
                k.all_points = false;
        }
    }
    for (const auto& [key, k] : families) {
        if (!k.all_points || k.values.size() < 2)
            continue;
        std::vector<int32_t> on = drawn_on(rs, k.clauses);
        if (on.empty())
            continue;
        bool used = false;
        for (rules::ClauseId i : rs.clause_ids()) {
            if (used)
                break;
            const rules::Clause& cl = rs.clause(i);
            if (cl.entity != key.second ||
                std::find(k.clauses.begin(), k.clauses.end(), i) != k.clauses.end())
                continue;
            for (int32_t a : reads(rs, cl))
                used = used || std::find(on.begin(), on.end(), a) != on.end();
        }
        if (!used)
            report(c, key.first, key.second, k, on);
    }
}

} // namespace lexsim::solver::detail
