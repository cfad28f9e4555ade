// target-behind: a target that can be met by a value worse than a result the documents report for an
// earlier year (`reported M = V at DATE`). A `>=`, `>`, `==` or `about` target reads "more is better": it
// falls behind when a value below the reported result meets it. A `<=` or `<` target reads "less is
// better": it falls behind when a value above the reported result meets it.
//
// Each target is compared with the latest result reported before the year it is set for: its `by` date's
// year; for a target with no date, the year its document takes effect; a `per year` target without `by`
// recurs every year, so it is compared with the latest result reported at all.
// A target whose value the text leaves open (an open parameter) is not compared: no figure is set. Z3 is
// asked for a value of the measure that meets the target and is worse than the result; that value is the
// finding's witness.
#include "checker.hpp"
#include "dated_value.hpp"
#include "lexsim/rules/calendar.hpp"

#include <algorithm>
#include <map>
#include <optional>

namespace lexsim::solver::detail {

namespace {

using rules::TargetOp;

struct Owner {
    rules::ClauseId clause;
    int32_t task = -1;
    rules::DocumentId document;
};

struct TargetAt {
    Owner owner;
    const rules::Target* target = nullptr;
};

struct ReportedAt {
    Owner owner;
    const rules::Reported* reported = nullptr;
};

std::string cite_owner(const rules::RuleSet& rs, const Owner& o) {
    const std::string& number = rs.document(o.document).number;
    return number + " " +
           (o.clause.valid() ? rs.clause(o.clause).article : rs.tasks[static_cast<size_t>(o.task)].article);
}

std::string id_of(const rules::RuleSet& rs, const Owner& o) {
    return o.clause.valid() ? rs.clause(o.clause).id : rs.tasks[static_cast<size_t>(o.task)].id;
}

//! The (last) year a target is set for, or nullopt when it has no date and its document none either. A
//! `per year` target without `by` recurs every year: every result reported is for an earlier year than one.
std::optional<int32_t> target_year(const rules::RuleSet& rs, const TargetAt& t) {
    if (t.target->by)
        return rules::year_of(*t.target->by);
    if (t.target->per_year)
        return INT32_MAX;
    int32_t first = rs.document(t.owner.document).first_day();
    if (first == INT32_MIN)
        return std::nullopt;
    return rules::year_of(first);
}

//! The target's value on its date when the text fixes it.
std::optional<int64_t> fixed_value(const rules::RuleSet& rs, const TargetAt& t) {
    int32_t date = t.target->by ? *t.target->by : rs.document(t.owner.document).first_day();
    return value_on(rs, t.target->value, date);
}

//! A value of the measure as people read it: rates as percentages, with the measure's unit.
std::string show(const Words& w, const rules::Measure& m, int64_t v) {
    std::string out;
    if (m.type.kind == rules::TypeKind::Rate) {
        // millionths → percent with up to four decimals
        std::string digits = std::to_string(v < 0 ? -v : v);
        while (digits.size() < 5)
            digits.insert(0, "0");
        std::string whole = digits.substr(0, digits.size() - 4), frac = digits.substr(digits.size() - 4);
        while (!frac.empty() && frac.back() == '0')
            frac.pop_back();
        out = (v < 0 ? "-" : "") + whole + (frac.empty() ? "" : "." + frac) + "%";
    } else {
        out = w.value(m.type, v);
    }
    return m.unit.empty() ? out : out + " " + m.unit;
}

//! The target's comparison in words, as the texts write it ("不低于 4%"), not in rule syntax.
std::string op_text(const Words& w, TargetOp op) {
    switch (op) {
    case TargetOp::AtLeast:
        return w.pick("不低于", "at least");
    case TargetOp::AtMost:
        return w.pick("不高于", "at most");
    case TargetOp::Equal:
        return w.pick("为", "exactly");
    case TargetOp::About:
        return w.pick("约", "about");
    case TargetOp::Above:
        return w.pick("超过", "above");
    case TargetOp::Below:
        return w.pick("低于", "below");
    }
    return "?";
}

bool less_is_better(TargetOp op) {
    return op == TargetOp::AtMost || op == TargetOp::Below;
}

//! The latest result reported for the measure before `year`, if any.
const ReportedAt* latest_before(const std::vector<ReportedAt>& results, int32_t year) {
    const ReportedAt* best = nullptr;
    for (const auto& r : results)
        if (rules::year_of(r.reported->at) < year && r.reported->value != rules::no_expr &&
            (best == nullptr || r.reported->at > best->reported->at))
            best = &r;
    return best;
}

//! A target that falls behind, with a value that meets it and is worse than the result.
struct Behind {
    const TargetAt* target = nullptr;
    int64_t value = 0; //!< the target's value
    int64_t met = 0;   //!< a value that meets the target, from Z3's model
};

//! Asks Z3 for a value of the measure that meets the target and is worse than the result.
std::optional<Behind> behind(Checker& c, const rules::Measure& m, const TargetAt& t, const ReportedAt& r) {
    const rules::RuleSet& rs = c.rules();
    auto value = fixed_value(rs, t);
    if (!value)
        return std::nullopt; // the text leaves the target's value open
    z3::context& ctx = c.enc().ctx();
    int64_t result = rs.expr(r.reported->value).value;
    z3::expr x = ctx.int_const(("target-behind." + m.name).c_str());
    z3::expr v = ctx.int_val(*value);
    z3::expr holds = x >= v;
    switch (t.target->op) {
    case TargetOp::AtLeast:
        holds = x >= v;
        break;
    case TargetOp::AtMost:
        holds = x <= v;
        break;
    case TargetOp::Equal:
    case TargetOp::About:
        holds = x == v;
        break;
    case TargetOp::Above:
        holds = x > v;
        break;
    case TargetOp::Below:
        holds = x < v;
        break;
    }
    z3::expr worse = less_is_better(t.target->op) ? x > ctx.int_val(result) : x < ctx.int_val(result);
    std::string name = id_of(rs, t.owner) + "+" + id_of(rs, r.owner);
    auto res = c.solve_plain({holds, worse}, "target-behind-" + m.name + "-" + name);
    if (res.verdict == Verdict::Unknown) {
        const Words& w = c.words();
        std::vector<rules::ClauseId> clauses;
        std::vector<int32_t> tasks;
        for (const Owner* o : {&t.owner, &r.owner}) {
            if (o->clause.valid())
                clauses.push_back(o->clause);
            if (o->task >= 0)
                tasks.push_back(o->task);
        }
        c.unknown("target-behind",
                  w.pick(id_of(rs, t.owner) + " 的目标是否落后于 " + id_of(rs, r.owner) + " 报告的实绩",
                         "whether the target of " + id_of(rs, t.owner) + " falls behind the result " +
                             id_of(rs, r.owner) + " reports"),
                  res.reason, clauses, tasks);
        return std::nullopt;
    }
    if (res.verdict != Verdict::Sat)
        return std::nullopt;
    // The target's own figure is the clearest witness when it meets the target (not `>`/`<`) and is worse.
    bool strict = t.target->op == TargetOp::Above || t.target->op == TargetOp::Below;
    bool own_worse = less_is_better(t.target->op) ? *value > result : *value < result;
    int64_t met = !strict && own_worse ? *value : res.model->eval(x, true).get_numeral_int64();
    return Behind{&t, *value, met};
}

//! One finding for one reported result and every target that falls behind it.
void report(Checker& c, const rules::Measure& m, int32_t measure, const ReportedAt& r,
            const std::vector<Behind>& targets) {
    const rules::RuleSet& rs = c.rules();
    const Words& w = c.words();
    std::string result_text = show(w, m, rs.expr(r.reported->value).value);
    std::string at = rules::format_date(r.reported->at);
    Finding f;
    f.kind = "target-behind";
    // A note: a target below last year's result is a question for the drafter (was the figure meant to
    // count the same thing? is the lower ambition deliberate?), not a contradiction that must be fixed.
    f.severity = Severity::Info;
    f.subject = m.name;
    Witness wit;
    std::vector<std::string> sets;
    auto cite_note = [&](const Owner& o) {
        if (o.clause.valid() && std::find(f.clauses.begin(), f.clauses.end(), o.clause) == f.clauses.end())
            f.clauses.push_back(o.clause);
        if (o.task >= 0 && std::find(f.tasks.begin(), f.tasks.end(), o.task) == f.tasks.end())
            f.tasks.push_back(o.task);
        if (std::find(f.documents.begin(), f.documents.end(), o.document) == f.documents.end())
            f.documents.push_back(o.document);
    };
    for (const Behind& b : targets) {
        const rules::Target& tg = *b.target->target;
        cite_note(b.target->owner);
        std::string when =
            tg.by ? w.pick("（" + rules::format_date(*tg.by) + " 前）", " by " + rules::format_date(*tg.by))
            : tg.per_year ? w.pick("（每年）", " every year")
                          : std::string();
        std::string target_text = op_text(w, tg.op) + " " + show(w, m, b.value) + when;
        std::string who = cite_owner(rs, b.target->owner);
        sets.push_back(who + w.pick(" 要求 ", " sets ") + target_text);
        std::string prefix = targets.size() > 1 ? who + w.pick("：", ": ") : std::string();
        f.readings.push_back(
            prefix +
            (w.zh() ? "达到目标的取值 " + show(w, m, b.met) +
                          (less_is_better(tg.op) ? " 仍高于" : " 仍低于") + "已报告的实绩 " + result_text
                    : "a value that meets the target, " + show(w, m, b.met) + ", is " +
                          (less_is_better(tg.op) ? "above" : "below") + " the reported " + result_text));
        wit.facts.emplace_back(who, target_text);
    }
    cite_note(r.owner);
    std::string reporter = cite_owner(rs, r.owner);
    bool same_cite =
        std::any_of(wit.facts.begin(), wit.facts.end(), [&](const auto& kv) { return kv.first == reporter; });
    wit.facts.emplace_back(same_cite ? reporter + " (" + id_of(rs, r.owner) + ")" : reporter,
                           result_text + w.pick("（截至 " + at + "）", " (as of " + at + ")"));
    wit.facts.emplace_back(w.pick("达到目标的取值", "a value meeting the target"),
                           show(w, m, targets.front().met));
    std::string mname = w.measure(measure);
    f.message = w.zh()
                    ? "「" + mname + "」的目标落后于此前报告的实绩：" + w.list(sets) + "，而 " + reporter +
                          " 报告截至 " + at + " 已达到 " + result_text
                    : "the target for " + mname + " falls behind a result reported earlier: " + w.list(sets) +
                          ", while " + reporter + " reports " + result_text + " as of " + at;
    f.witness = std::move(wit);
    c.add(std::move(f));
}

} // namespace

void check_reported(Checker& c) {
    const rules::RuleSet& rs = c.rules();
    std::map<int32_t, std::vector<ReportedAt>> results;
    std::map<int32_t, std::vector<TargetAt>> targets;
    for (rules::ClauseId i : rs.clause_ids()) {
        Owner o{i, -1, rs.clause(i).document};
        for (const auto& r : rs.clause(i).reported)
            results[r.measure].push_back({o, &r});
        for (const auto& t : rs.clause(i).targets)
            targets[t.measure].push_back({o, &t});
    }
    for (size_t i = 0; i < rs.tasks.size(); ++i) {
        Owner o{rules::ClauseId::none(), static_cast<int32_t>(i), rs.tasks[i].document};
        for (const auto& r : rs.tasks[i].reported)
            results[r.measure].push_back({o, &r});
        for (const auto& t : rs.tasks[i].targets)
            targets[t.measure].push_back({o, &t});
    }
    for (const auto& [measure, list] : results) {
        const rules::Measure& m = rs.measures[static_cast<size_t>(measure)];
        if (m.type.kind == rules::TypeKind::Bool)
            continue;
        // One finding per reported result: every target that falls behind it.
        std::map<const ReportedAt*, std::vector<Behind>> by_result;
        std::vector<const ReportedAt*> order;
        for (const auto& t : targets[measure]) {
            auto year = target_year(rs, t);
            const ReportedAt* r = year ? latest_before(list, *year) : nullptr;
            if (r == nullptr)
                continue;
            if (auto b = behind(c, m, t, *r)) {
                if (by_result.find(r) == by_result.end())
                    order.push_back(r);
                by_result[r].push_back(*b);
            }
        }
        for (const ReportedAt* r : order)
            report(c, m, measure, *r, by_result[r]);
    }
}

} // namespace lexsim::solver::detail
