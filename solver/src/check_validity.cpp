// beyond-validity: a document with a last day (有效期至, 试行期) whose clauses govern things that happen
// after it, with no document repealing it to carry them on. Three shapes:
//   - a clause that schedules a date of the entity's: its condition compares `today` with a date attribute
//     ("届满前不得收回", "届满…无偿收回"), or its requirement constrains one ("至迟于届满前一年…申请"), and
//     that date can lie after the document's last day (Z3 finds the case);
//   - a grant paid for N years (`per year for N years`) that can start so late that its last year is after
//     the document's last day;
//   - a target due (`by`) after the document's last day.
// Task deadlines after a document's last day are the temporal check's (LX401), so one problem is one finding.
// One finding per document, citing every clause.
#include "checker.hpp"
#include "lexsim/rules/calendar.hpp"

#include <algorithm>

namespace lexsim::solver::detail {

namespace {

bool reads_today(const rules::RuleSet& rs, rules::ExprId id) {
    if (id == rules::no_expr)
        return false;
    const rules::Expr& e = rs.expr(id);
    return e.op == rules::ExprOp::Today || reads_today(rs, e.a) || reads_today(rs, e.b) ||
           reads_today(rs, e.c);
}

void date_attrs(const rules::RuleSet& rs, int32_t entity, rules::ExprId id, std::vector<int32_t>& out) {
    std::vector<int32_t> all;
    Checker::collect_attrs(rs, id, all);
    for (int32_t slot : all)
        if (rs.entities[static_cast<size_t>(entity)].attrs[static_cast<size_t>(slot)].type.kind ==
                rules::TypeKind::Date &&
            std::find(out.begin(), out.end(), slot) == out.end())
            out.push_back(slot);
}

//! Date attributes a condition compares with `today`: the dates around which the clause governs.
void today_compared(const rules::RuleSet& rs, int32_t entity, rules::ExprId id, std::vector<int32_t>& out) {
    if (id == rules::no_expr)
        return;
    const rules::Expr& e = rs.expr(id);
    switch (e.op) {
    case rules::ExprOp::Eq:
    case rules::ExprOp::Ne:
    case rules::ExprOp::Lt:
    case rules::ExprOp::Le:
    case rules::ExprOp::Gt:
    case rules::ExprOp::Ge:
        if (reads_today(rs, e.a))
            date_attrs(rs, entity, e.b, out);
        if (reads_today(rs, e.b))
            date_attrs(rs, entity, e.a, out);
        return;
    default:
        today_compared(rs, entity, e.a, out);
        today_compared(rs, entity, e.b, out);
        today_compared(rs, entity, e.c, out);
    }
}

//! The entity's dates a clause schedules.
std::vector<int32_t> scheduled_dates(const rules::RuleSet& rs, const rules::Clause& cl) {
    std::vector<int32_t> out;
    if (cl.entity < 0)
        return out;
    today_compared(rs, cl.entity, cl.condition, out);
    for (const auto& k : cl.constraints)
        date_attrs(rs, cl.entity, k.condition, out);
    return out;
}

bool has_successor(const rules::RuleSet& rs, rules::DocumentId doc) {
    return std::any_of(rs.documents.begin(), rs.documents.end(), [&](const rules::Document& d) {
        return std::find(d.repeals.begin(), d.repeals.end(), doc) != d.repeals.end();
    });
}

struct Beyond {
    std::vector<rules::ClauseId> clauses;
    std::vector<std::string> readings;
    std::optional<Witness> witness;
    rules::ClauseId witness_clause;
};

//! A clause scheduling an entity's date that can lie after `last`: one reading, and the first witness.
void scheduled_beyond(Checker& c, rules::ClauseId id, int32_t last, Beyond& out) {
    const rules::RuleSet& rs = c.rules();
    const rules::Clause& cl = rs.clause(id);
    std::vector<int32_t> dates = scheduled_dates(rs, cl);
    if (dates.empty())
        return;
    Encoder& enc = c.enc();
    const Situation& s = c.situation(cl.entity);
    z3::expr later = enc.ctx().bool_val(false);
    for (int32_t slot : dates)
        later = later || s.attrs[static_cast<size_t>(slot)] > last;
    std::vector<z3::expr> q = {later};
    if (cl.condition != rules::no_expr) {
        Term cond = enc.encode(cl.condition, s);
        q.push_back(cond.def && cond.v);
    }
    // A lawful case: the clause's own requirements met, so the witness reads as what the text foresees.
    for (const auto& k : cl.constraints) {
        Term t = enc.encode(k.condition, s);
        q.push_back(t.def && (k.forbid ? !t.v : t.v));
    }
    auto r = c.solve(cl.entity, q, "beyond-validity-" + cl.id);
    const Words& w = c.words();
    if (r.verdict == Verdict::Unknown) {
        c.unknown("beyond-validity",
                  w.pick(w.cite(id) + " 所规定的日期是否可能晚于文件有效期",
                         "whether the dates " + cl.id + " governs can lie after its document's last day"),
                  r.reason, {id});
        return;
    }
    if (r.verdict != Verdict::Sat)
        return;
    std::vector<std::string> names;
    names.reserve(dates.size());
    for (int32_t slot : dates)
        names.push_back(w.attr(cl.entity, slot));
    out.clauses.push_back(id);
    out.readings.push_back(w.zh() ? w.cite(id) + "：按" + w.list(names) + "规定义务或期限，该日期可晚于 " +
                                        rules::format_date(last)
                                  : w.cite(id) + ": governs by " + w.list(names) + ", which can be after " +
                                        rules::format_date(last));
    if (!out.witness) {
        std::vector<rules::ExprId> shown = {cl.condition};
        for (const auto& k : cl.constraints)
            shown.push_back(k.condition);
        Witness wit = c.witness(cl.entity, *r.model, shown);
        for (int32_t slot : dates)
            if (std::find(wit.shown.begin(), wit.shown.end(), slot) == wit.shown.end())
                wit.shown.push_back(slot);
        out.witness = std::move(wit);
        out.witness_clause = id;
    }
}

//! A grant for N years whose last year can be after `last`, or a target due after it.
void promised_beyond(Checker& c, rules::ClauseId id, int32_t last, Beyond& out) {
    const rules::RuleSet& rs = c.rules();
    const rules::Clause& cl = rs.clause(id);
    const Words& w = c.words();
    for (const auto& t : cl.targets)
        if (t.by && *t.by > last) {
            out.clauses.push_back(id);
            out.readings.push_back(w.zh() ? w.cite(id) + "：目标期限 " + rules::format_date(*t.by)
                                          : w.cite(id) + ": a target due " + rules::format_date(*t.by));
            return;
        }
    for (const auto& g : cl.grants) {
        if (g.years < 2 || cl.entity < 0)
            continue;
        // The last year paid is after the document's when the first is later than year(last) - years + 1.
        int32_t from = rules::days_from_civil(rules::year_of(last) - g.years + 2, 1, 1);
        Encoder& enc = c.enc();
        const Situation& s = c.situation(cl.entity);
        auto r = c.solve(cl.entity, {enc.applies(id, s), s.date >= from}, "beyond-validity-grant-" + cl.id);
        if (r.verdict != Verdict::Sat)
            continue;
        out.clauses.push_back(id);
        out.readings.push_back(
            w.zh() ? w.cite(id) + "：" + w.benefit(g.benefit) + "连续 " + std::to_string(g.years) +
                         " 年支付，可延续至 " + std::to_string(rules::year_of(last) + 1) + " 年以后"
                   : w.cite(id) + ": " + w.benefit(g.benefit) + " is paid for " + std::to_string(g.years) +
                         " years, into " + std::to_string(rules::year_of(last) + 1) + " and later");
        return;
    }
}

void report(Checker& c, rules::DocumentId doc, Beyond b) {
    const rules::RuleSet& rs = c.rules();
    const Words& w = c.words();
    const rules::Document& d = rs.document(doc);
    std::string last = rules::format_date(d.last_day());
    std::vector<std::string> cites;
    for (rules::ClauseId id : b.clauses)
        if (std::find(cites.begin(), cites.end(), w.cite(id)) == cites.end())
            cites.push_back(w.cite(id));
    std::vector<std::string> readings;
    for (auto& r : b.readings)
        if (std::find(readings.begin(), readings.end(), r) == readings.end())
            readings.push_back(std::move(r));
    Finding f;
    f.kind = "beyond-validity";
    f.severity = Severity::Warning;
    f.clauses = b.clauses;
    f.documents = {doc};
    f.subject = d.id;
    f.message = w.zh() ? d.number + " 有效期至 " + last + "，但 " + w.list(cites) +
                             " 规定的事项发生在此之后，且没有文件接续（废止并替代）本文件"
                       : d.number + " is in force until " + last + ", but " + w.list(cites) +
                             (cites.size() > 1 ? " govern" : " governs") +
                             std::string(" things that happen after that, and no document succeeds it");
    f.readings = std::move(readings);
    if (b.witness) {
        // What the finding claims: on the day after the last, the clause no longer applies to the case.
        Witness wit = std::move(*b.witness);
        wit.date = d.last_day() + 1;
        rules::ClauseId first = b.witness_clause;
        if (!c.verify(wit, "beyond-validity " + d.id, [&](const rules::Evaluation& e, std::string& why) {
                why = "expected the clause not to be in force after its document's last day";
                for (const auto& t : e.clauses)
                    if (t.clause == first)
                        return t.status == rules::ClauseStatus::NotInForce;
                return false;
            }))
            return;
        f.witness = std::move(wit);
    }
    c.add(std::move(f));
}

} // namespace

void check_validity(Checker& c) {
    const rules::RuleSet& rs = c.rules();
    for (rules::DocumentId d : rs.document_ids()) {
        const rules::Document& doc = rs.document(d);
        auto doc_id = d;
        if (doc.external || !doc.expires || !doc.header_problems.empty() || has_successor(rs, doc_id))
            continue;
        Beyond b;
        for (rules::ClauseId i : rs.clause_ids()) {
            if (rs.clause(i).document != doc_id)
                continue;
            size_t before = b.clauses.size();
            scheduled_beyond(c, i, doc.last_day(), b);
            if (b.clauses.size() == before)
                promised_beyond(c, i, doc.last_day(), b);
        }
        if (!b.clauses.empty())
            report(c, doc_id, std::move(b));
    }
}

} // namespace lexsim::solver::detail
