// target-mismatch: two documents that set targets for one measure. Targets that no single value of the
// measure can meet together are contradictory (error); targets that differ in value, comparison or deadline
// are reported as different (warning). Target values may be parameters: an open one is free (within its
// declared range), so a contradiction holds for every value the text leaves open.
#include "checker.hpp"
#include "dated_value.hpp"
#include "lexsim/rules/calendar.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

namespace lexsim::solver::detail {

namespace {

using rules::Target;
using rules::TargetOp;

struct TargetRef {
    rules::ClauseId clause; //!< the clause that sets it, or -1
    int32_t task = -1;      //!< the task that sets it, or -1
    rules::DocumentId document;
    const Target* target = nullptr;
};

const char* op_text(TargetOp op) {
    switch (op) {
    case TargetOp::AtLeast:
        return ">=";
    case TargetOp::AtMost:
        return "<=";
    case TargetOp::Equal:
        return "==";
    case TargetOp::About:
        return "about";
    case TargetOp::Above:
        return ">";
    case TargetOp::Below:
        return "<";
    }
    return "?";
}

std::string cite(const rules::RuleSet& rs, const TargetRef& r) {
    const std::string& number = rs.document(r.document).number;
    if (r.clause.valid())
        return number + " " + rs.clause(r.clause).article;
    return number + " " + rs.tasks[static_cast<size_t>(r.task)].article;
}

//! Structural equality of two expressions (same operators, literals and parameters).
bool same_expr(const rules::RuleSet& rs, rules::ExprId a, rules::ExprId b) {
    if (a == b)
        return true;
    if (a == rules::no_expr || b == rules::no_expr)
        return false;
    const rules::Expr &x = rs.expr(a), &y = rs.expr(b);
    if (x.op != y.op || x.value != y.value || !(x.type == y.type) || x.list_count != y.list_count)
        return false;
    for (uint32_t i = 0; i < x.list_count; ++i) {
        int64_t u = rs.lists[x.list_begin + i], v = rs.lists[y.list_begin + i];
        bool exprs = x.op == rules::ExprOp::Min || x.op == rules::ExprOp::Max;
        if (exprs ? !same_expr(rs, static_cast<rules::ExprId>(u), static_cast<rules::ExprId>(v)) : u != v)
            return false;
    }
    return same_expr(rs, x.a, y.a) && same_expr(rs, x.b, y.b) && same_expr(rs, x.c, y.c);
}

//! The date a target's parameters are read on: its deadline, else its document's first day.
int32_t value_date(const rules::RuleSet& rs, const TargetRef& r) {
    if (r.target->by)
        return *r.target->by;
    int32_t first = rs.document(r.document).first_day();
    return first == INT32_MIN ? rules::days_from_civil(2000, 1, 1) : first;
}

//! The value on the target's date, if the text fixes it.
std::optional<int64_t> value_of(const rules::RuleSet& rs, const TargetRef& r) {
    int32_t date = value_date(rs, r);
    return value_on(rs, r.target->value, date);
}

//! The value as text: a literal formatted in the measure's type; anything else as written, with its value
//! when the text fixes it.
std::string value_text(const rules::RuleSet& rs, const rules::Measure& m, const TargetRef& r) {
    rules::ExprId e = r.target->value;
    const rules::Expr& x = rs.expr(e);
    if (x.op == rules::ExprOp::Literal)
        return rules::format_value(rs, m.type, x.value);
    std::string written(rs.sources.slice(x.span));
    if (auto v = value_of(rs, r))
        return written + " = " + rules::format_value(rs, m.type, *v);
    return written + " (not fixed by the text)";
}

std::string deadline_text(const Target& t) {
    return t.by ? "by " + rules::format_date(*t.by) : std::string("with no deadline");
}

//! Each measure's targets (of clauses and tasks) in document order, then as written.
std::map<int32_t, std::vector<TargetRef>> targets_by_measure(const rules::RuleSet& rs) {
    std::map<int32_t, std::vector<TargetRef>> by_measure;
    for (rules::ClauseId i : rs.clause_ids())
        for (const auto& t : rs.clause(i).targets)
            by_measure[t.measure].push_back({i, -1, rs.clause(i).document, &t});
    for (size_t i = 0; i < rs.tasks.size(); ++i)
        for (const auto& t : rs.tasks[i].targets)
            by_measure[t.measure].push_back(
                {rules::ClauseId::none(), static_cast<int32_t>(i), rs.tasks[i].document, &t});
    for (auto& [measure, refs] : by_measure)
        std::stable_sort(refs.begin(), refs.end(), [](const TargetRef& x, const TargetRef& y) {
            return std::tuple(x.document, x.target->span.file, x.target->span.begin) <
                   std::tuple(y.document, y.target->span.file, y.target->span.begin);
        });
    return by_measure;
}

//! The target as a constraint on the measure's value `x`, on the target's date. About ("左右") reads as
//! ==: the value the text names. A value the text does not define on that date constrains nothing.
z3::expr target_holds(Encoder& enc, const rules::RuleSet& rs, const z3::expr& x, const TargetRef& r) {
    Situation when{-1, {}, enc.ctx().int_val(value_date(rs, r))};
    Term v = enc.encode(r.target->value, when);
    z3::expr cmp = x >= v.v;
    switch (r.target->op) {
    case TargetOp::AtLeast:
        cmp = x >= v.v;
        break;
    case TargetOp::AtMost:
        cmp = x <= v.v;
        break;
    case TargetOp::Equal:
    case TargetOp::About:
        cmp = x == v.v;
        break;
    case TargetOp::Above:
        cmp = x > v.v;
        break;
    case TargetOp::Below:
        cmp = x < v.v;
        break;
    }
    return z3::implies(v.def, cmp);
}

//! The clause or task that sets a target, by id.
const std::string& setter_id(const rules::RuleSet& rs, const TargetRef& r) {
    return r.clause.valid() ? rs.clause(r.clause).id : rs.tasks[static_cast<size_t>(r.task)].id;
}

//! The finding for two targets of one measure that differ (or contradict each other), in words.
Finding mismatch_finding(const Checker& c, int32_t measure, const TargetRef& a, const TargetRef& b,
                         bool contradictory) {
    const rules::RuleSet& rs = c.rules();
    const rules::Measure& m = rs.measures[static_cast<size_t>(measure)];
    const Target &ta = *a.target, &tb = *b.target;
    std::string mname = m.name + (m.label.empty() ? "" : " (" + m.label + ")");
    std::string va = value_text(rs, m, a), vb = value_text(rs, m, b);
    Finding f;
    f.kind = "target-mismatch";
    f.severity = contradictory ? Severity::Error : Severity::Warning;
    f.documents = {a.document, b.document};
    std::string sets_a = cite(rs, a) + " sets " + op_text(ta.op) + " " + va + " " + deadline_text(ta);
    std::string sets_b = cite(rs, b) + " sets " + op_text(tb.op) + " " + vb + " " + deadline_text(tb);
    f.message = (contradictory ? "contradictory targets for " : "different targets for ") + mname + ": " +
                sets_a + ", " + sets_b +
                (contradictory ? "; no value of " + m.name + " meets both" : std::string());
    if (c.words().zh()) {
        auto sets = [&](const TargetRef& r, const rules::Target& t, const std::string& v) {
            return cite(rs, r) + " 要求 " + op_text(t.op) + " " + v + " " + deadline_text(t);
        };
        f.message = "「" + c.words().measure(measure) + "」的目标" +
                    (contradictory ? "相互矛盾：" : "不一致：") + sets(a, ta, va) + "；" + sets(b, tb, vb) +
                    (contradictory ? "；没有任何数值能同时满足" : "");
    }
    Witness w;
    w.facts.emplace_back(cite(rs, a), va);
    w.facts.emplace_back(
        cite(rs, b) == cite(rs, a) ? cite(rs, b) + " (" + setter_id(rs, b) + ")" : cite(rs, b), vb);
    f.witness = std::move(w);
    return f;
}

//! target-mismatch for one pair of targets of one measure, set in different documents.
void check_pair(Checker& c, int32_t measure, const TargetRef& a, const TargetRef& b) {
    const rules::RuleSet& rs = c.rules();
    const rules::Measure& m = rs.measures[static_cast<size_t>(measure)];
    const Target &ta = *a.target, &tb = *b.target;
    auto va_num = value_of(rs, a), vb_num = value_of(rs, b);
    bool same_value = same_expr(rs, ta.value, tb.value) || (va_num && vb_num && *va_num == *vb_num);
    if (ta.op == tb.op && ta.by == tb.by && same_value)
        return; // the same target, restated
    std::vector<rules::ClauseId> clauses;
    std::vector<int32_t> tasks;
    for (const TargetRef* r : {&a, &b}) {
        if (r->clause.valid() && std::find(clauses.begin(), clauses.end(), r->clause) == clauses.end())
            clauses.push_back(r->clause);
        if (r->task >= 0 && std::find(tasks.begin(), tasks.end(), r->task) == tasks.end())
            tasks.push_back(r->task);
    }
    const std::string &name_a = setter_id(rs, a), &name_b = setter_id(rs, b);
    bool contradictory = false;
    if (m.type.kind != rules::TypeKind::Bool) {
        z3::expr x = c.enc().ctx().int_const(("target." + m.name).c_str());
        auto r = c.solve_plain({target_holds(c.enc(), rs, x, a), target_holds(c.enc(), rs, x, b)},
                               "target-" + m.name + "-" + name_a + "+" + name_b);
        if (r.verdict == Verdict::Unknown) {
            c.unknown("target-mismatch",
                      c.words().pick(name_a + " 与 " + name_b + " 对「" + c.words().measure(measure) +
                                         "」的目标能否同时达到",
                                     "whether the targets of " + name_a + " and " + name_b + " for " +
                                         m.name + " can both be met"),
                      r.reason, clauses, tasks);
            return;
        }
        contradictory = r.verdict == Verdict::Unsat;
    }
    Finding f = mismatch_finding(c, measure, a, b, contradictory);
    f.clauses = std::move(clauses);
    f.tasks = std::move(tasks);
    c.add(std::move(f));
}

} // namespace

void check_targets(Checker& c) {
    for (const auto& [measure, refs] : targets_by_measure(c.rules()))
        for (size_t i = 0; i < refs.size(); ++i)
            for (size_t j = i + 1; j < refs.size(); ++j)
                if (refs[i].document != refs[j].document)
                    check_pair(c, measure, refs[i], refs[j]);
}

} // namespace lexsim::solver::detail
