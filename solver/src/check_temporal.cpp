// temporal: validity problems in time. References to documents that are external, repealed or expired while
// the referring clause is in force; clause from/until outside the document's life; task deadlines before the
// document exists or after its last day; documents in force together that grant one benefit with no
// tie-break rule between them.
//
// Whether a document is in force changes only on a few dates (a first day, the day after a last day), so
// the in-force predicates are constant between consecutive "boundary" dates. The date searches run in Z3
// (enc.in_force) and, independently, over the boundary dates with rules::document_in_force; a disagreement
// between the two, or a Z3 date the evaluator does not confirm, is an internal error.
//
// This file: the shared search, (a) references and (b) clause windows; (c) and (e) are in
// check_temporal_dates.cpp, (d) in check_temporal_overlap.cpp.
#include "check_temporal.hpp"

#include "lexsim/rules/calendar.hpp"

#include <algorithm>

namespace lexsim::solver::detail {
namespace temporal {

using rules::Clause;
using rules::Document;

std::string date_text(int32_t d) {
    return rules::format_date(d);
}

//! One representative date per stretch on which every in-force predicate (and the extra dates' windows) is
//! constant: the first representative stands for every earlier date, each other one for the dates up to the
//! next one.
std::vector<int32_t> representatives(const rules::RuleSet& rs, std::vector<int32_t> extra) {
    std::vector<int32_t> b = std::move(extra);
    for (const auto& d : rs.documents) {
        if (d.external)
            continue;
        if (d.first_day() != INT32_MIN)
            b.push_back(d.first_day());
        if (d.last_day() != INT32_MAX)
            b.push_back(d.last_day() + 1);
    }
    std::sort(b.begin(), b.end());
    b.erase(std::unique(b.begin(), b.end()), b.end());
    if (b.empty())
        return {0};
    int32_t before = b.front() - 1; // stands for every date before the first boundary
    b.push_back(before);
    std::rotate(b.rbegin(), b.rbegin() + 1, b.rend());
    return b;
}

//! The first date on which `p` holds, if any (the representative of the first stretch where it holds).
std::optional<int32_t> first_where(const std::vector<int32_t>& reps, const std::function<bool(int32_t)>& p) {
    for (int32_t r : reps)
        if (p(r))
            return r;
    return std::nullopt;
}

//! The last date on which `p` holds: nullopt when it never holds, INT32_MAX when it holds for ever.
std::optional<int32_t> last_where(const std::vector<int32_t>& reps, const std::function<bool(int32_t)>& p) {
    for (size_t k = reps.size(); k-- > 0;)
        if (p(reps[k]))
            return k + 1 == reps.size() ? INT32_MAX : reps[k + 1] - 1;
    return std::nullopt;
}

Temporal::Temporal(Checker& checker)
    : c(checker), rs(checker.rules()), enc(checker.enc()), words(checker.words()),
      reps(representatives(rs, {})) {
    // The stretch on which each document is in force (repeals included).
    for (rules::DocumentId d : rs.document_ids()) {
        auto in_force = [this, d](int32_t t) { return rules::document_in_force(rs, d, t); };
        first_in_force.push_back(first_where(reps, in_force));
        last_in_force.push_back(last_where(reps, in_force));
    }
}

std::optional<int32_t> Temporal::search(const DateQuery& q) const {
    CheckReport& report = c.report();
    z3::expr t = enc.ctx().int_const(("temporal." + q.name + ".date").c_str());
    // Dates are day numbers in int32 (as in the AST), so the evaluator can re-check any date Z3 picks.
    auto r = c.solve_plain({q.query(t), t > INT32_MIN, t < INT32_MAX}, q.name);
    std::optional<int32_t> found = first_where(*q.dates, q.direct);
    if (r.verdict == Verdict::Unknown) {
        c.unknown("temporal", words.pick(q.what_zh, q.what), r.reason, q.clauses);
        return std::nullopt;
    }
    if (r.verdict == Verdict::Sat) {
        int64_t d = 0;
        r.model->eval(t, true).is_numeral_i64(d);
        if (d < INT32_MIN || d > INT32_MAX || !q.direct(static_cast<int32_t>(d))) {
            report.internal_errors.push_back("the evaluator does not confirm the solver's date " +
                                             std::to_string(d) + " for " + q.what);
            return std::nullopt;
        }
        if (!found) {
            report.internal_errors.push_back("the solver found a date for " + q.what +
                                             " that the search over boundary dates misses");
            return std::nullopt;
        }
        return found;
    }
    if (found)
        report.internal_errors.push_back("the solver found no date for " + q.what + ", but " +
                                         date_text(*found) + " is one");
    return std::nullopt;
}

namespace {

bool in_window(const Clause& c, int32_t date) {
    return (!c.from || date >= *c.from) && (!c.until || date <= *c.until);
}

//! A document in force on `date` that repeals `d` (by the evaluator's rule), or none.
rules::DocumentId repealer(const rules::RuleSet& rs, rules::DocumentId d, int32_t date) {
    for (rules::DocumentId i : rs.document_ids()) {
        const Document& r = rs.document(i);
        if (r.external || date < r.first_day() || date > r.last_day())
            continue;
        if (std::find(r.repeals.begin(), r.repeals.end(), d) != r.repeals.end())
            return i;
    }
    return rules::DocumentId::none();
}

//! (a) What happened to a referenced document on the first day it lapses while the clause is in force.
struct Lapse {
    rules::ClauseId clause;
    rules::DocumentId ref;
    int32_t when = 0;
    rules::DocumentId by; //!< the repealing document, or none
    bool expired = false;
    bool not_yet = false;
    bool at_start = false;         //!< already so on the clause's first day in force
    rules::DocumentId external_by; //!< external: a corpus document that repeals it, or none
    int32_t external_repealed = 0; //!< … from this date
};

//! (a) Interpret: which of repealed, expired, not yet in force or external explains the lapse.
Lapse interpret_lapse(const Temporal& t, rules::ClauseId id, rules::DocumentId ref, int32_t when,
                      int32_t takes_effect, const std::vector<int32_t>& dates,
                      const std::function<bool(int32_t)>& lapsed) {
    const Document& other = t.doc(ref);
    Lapse l;
    l.clause = id;
    l.ref = ref;
    l.when = when;
    l.by = repealer(t.rs, ref, when);
    l.expired = !other.external && when > other.last_day();
    l.not_yet = !other.external && when < other.first_day();
    l.at_start = when == takes_effect;
    if (!l.by.valid() && !l.expired && !l.not_yet) {
        // An external document can still be repealed by one in the corpus: say so.
        auto repealed =
            first_where(dates, [&](int32_t d) { return lapsed(d) && repealer(t.rs, ref, d).valid(); });
        if (repealed) {
            l.external_by = repealer(t.rs, ref, *repealed);
            l.external_repealed = *repealed;
        }
    }
    return l;
}

//! (a) The English message and the witness facts.
std::string lapse_message_en(const Temporal& t, const Lapse& l, Witness& w) {
    const Clause& cl = t.rs.clause(l.clause);
    const Document &other = t.doc(l.ref), &own = t.doc(cl.document);
    std::string head =
        "clause " + cl.id + " (" + cite(t.rs, l.clause) + ") refers to " + other.number + ", which ";
    if (l.by.valid()) {
        std::string rep = "repealed by " + t.doc(l.by).number + " from " + date_text(t.doc(l.by).first_day());
        w.facts.emplace_back(other.number, "repealed");
        return head + (l.at_start
                           ? "is already " + rep + " when the clause takes effect on " + date_text(l.when)
                           : "is " + rep + " while " + own.number + " is still in force");
    }
    if (l.expired) {
        std::string last = date_text(other.last_day());
        w.facts.emplace_back(other.number, "expired");
        return head + (l.at_start ? "has already expired (last day in force " + last +
                                        ") when the clause takes effect on " + date_text(l.when)
                                  : "expires after " + last + " while " + own.number + " is still in force");
    }
    if (l.not_yet) {
        w.facts.emplace_back(other.number, "not yet in force");
        return head + "is not in force until " + date_text(other.first_day()) +
               ", though the clause is in force from " + date_text(l.when);
    }
    w.facts.emplace_back(other.number, "external");
    std::string out =
        head + "is known only by reference (external): whether it is in force while the clause is (from " +
        date_text(l.when) + ") cannot be checked";
    if (l.external_by.valid())
        out +=
            "; it is repealed by " + t.doc(l.external_by).number + " from " + date_text(l.external_repealed);
    return out;
}

//! (a) The Chinese message and the witness facts.
std::string lapse_message_zh(const Temporal& t, const Lapse& l, Witness& w) {
    const Clause& cl = t.rs.clause(l.clause);
    const Document &other = t.doc(l.ref), &own = t.doc(cl.document);
    std::string zh_head = t.words.cite(l.clause) + "（" + cl.id + "）引用的 " + other.number;
    w.facts = {{other.number, l.by.valid() ? "已废止"
                              : l.expired  ? "已失效"
                              : l.not_yet  ? "尚未生效"
                                           : "外部文件"},
               {own.number, "有效"}};
    if (l.by.valid())
        return zh_head + " 已由 " + t.doc(l.by).number + " 自 " + date_text(t.doc(l.by).first_day()) +
               " 起废止" +
               (l.at_start ? "，条款于 " + date_text(l.when) + " 生效时即已废止"
                           : "，而 " + own.number + " 仍然有效");
    if (l.expired)
        return zh_head + " 有效期至 " + date_text(other.last_day()) +
               (l.at_start ? "，条款于 " + date_text(l.when) + " 生效时已经失效"
                           : "，此后 " + own.number + " 仍然有效");
    if (l.not_yet)
        return zh_head + " 自 " + date_text(other.first_day()) + " 起才生效，而条款自 " + date_text(l.when) +
               " 起已经有效";
    return zh_head + " 只以引用形式出现（外部文件），无法核对它在条款有效期间（自 " + date_text(l.when) +
           " 起）是否有效";
}

//! (a) Write the finding.
Finding lapse_finding(const Temporal& t, const Lapse& l) {
    const Clause& cl = t.rs.clause(l.clause);
    Finding f;
    f.kind = "temporal";
    f.clauses = {l.clause};
    f.documents = {cl.document, l.ref};
    f.severity = (l.by.valid() || l.expired) && l.at_start ? Severity::Error : Severity::Warning;
    Witness w;
    w.date = l.when;
    f.message = lapse_message_en(t, l, w);
    w.facts.emplace_back(t.doc(cl.document).number, "in force");
    if (t.words.zh())
        f.message = lapse_message_zh(t, l, w);
    f.witness = std::move(w);
    return f;
}

//! (b) Write one finding about a clause date outside its document's life.
void window_finding(Temporal& t, rules::ClauseId id, const std::string& msg, int32_t date) {
    const Clause& cl = t.rs.clause(id);
    auto d = cl.document.index();
    int32_t first = *t.first_in_force[d], last = *t.last_in_force[d];
    const std::string& number = t.doc(cl.document).number;
    // Every date reported here is claimed to be outside the document's life: the evaluator must agree.
    if (rules::document_in_force(t.rs, cl.document, date)) {
        t.c.report().internal_errors.push_back("the evaluator disagrees about whether " + number +
                                               " is in force on " + date_text(date) + " (clause " + cl.id +
                                               ")");
        return;
    }
    Finding f;
    f.kind = "temporal";
    f.severity = Severity::Warning;
    f.clauses = {id};
    f.documents = {cl.document};
    f.message = "clause " + cl.id + " (" + cite(t.rs, id) + ") " + msg;
    if (t.words.zh())
        f.message = t.words.cite(id) + "（" + cl.id + "）的日期 " + date_text(date) + " 在 " + number +
                    " 有效期（" + date_text(first) + " 至 " +
                    (last == INT32_MAX ? std::string("长期") : date_text(last)) + "）之外：这些日期不起作用";
    Witness w;
    w.date = date;
    w.facts.emplace_back(number + " in force",
                         date_text(first) + " .. " +
                             (last == INT32_MAX ? std::string("open") : date_text(last)));
    f.witness = std::move(w);
    t.c.add(std::move(f));
}

} // namespace

void check_references(Temporal& t) {
    for (rules::ClauseId i : t.rs.clause_ids()) {
        const Clause& cl = t.rs.clause(i);
        auto id = i;
        if (t.doc(cl.document).external || cl.refers.empty())
            continue;
        std::vector<int32_t> extra;
        if (cl.from)
            extra.push_back(*cl.from);
        if (cl.until && *cl.until != INT32_MAX)
            extra.push_back(*cl.until + 1);
        std::vector<int32_t> dates = representatives(t.rs, extra);
        auto clause_in_force = [&](int32_t d) {
            return rules::document_in_force(t.rs, cl.document, d) && in_window(cl, d);
        };
        std::optional<int32_t> takes_effect = first_where(dates, clause_in_force);
        if (!takes_effect)
            continue; // never in force: nothing it refers to matters
        for (rules::DocumentId ref : cl.refers) {
            if (ref == cl.document)
                continue;
            const Document& other = t.doc(ref);
            auto lapsed = [&](int32_t d) {
                return clause_in_force(d) && !rules::document_in_force(t.rs, ref, d);
            };
            // Build the query: the clause is in force and the referenced document is not.
            auto query = [&](const z3::expr& d) {
                z3::expr q = t.enc.in_force(cl.document, d) && !t.enc.in_force(ref, d);
                if (cl.from)
                    q = q && d >= *cl.from;
                if (cl.until)
                    q = q && d <= *cl.until;
                return q;
            };
            auto first =
                t.search({"refers-" + cl.id + "-" + other.id,
                          query,
                          &dates,
                          lapsed,
                          "whether " + other.number + " lapses while " + cl.id + " is in force",
                          t.words.cite(id) + "（" + cl.id + "）有效期间 " + other.number + " 是否失效",
                          {id}});
            if (first)
                t.c.add(lapse_finding(t, interpret_lapse(t, id, ref, *first, *takes_effect, dates, lapsed)));
        }
    }
}

void check_clause_windows(Temporal& t) {
    for (rules::ClauseId i : t.rs.clause_ids()) {
        const Clause& cl = t.rs.clause(i);
        auto id = i;
        auto d = cl.document.index();
        if (t.doc(cl.document).external || (!cl.from && !cl.until) || !t.first_in_force[d])
            continue;
        int32_t first = *t.first_in_force[d], last = *t.last_in_force[d];
        const std::string& number = t.doc(cl.document).number;
        if (cl.from && *cl.from < first)
            window_finding(t, id,
                           "is given from " + date_text(*cl.from) + ", before " + number +
                               " is in force (from " + date_text(first) + "): the days before have no effect",
                           *cl.from);
        if (cl.from && last != INT32_MAX && *cl.from > last)
            window_finding(t, id,
                           "is given from " + date_text(*cl.from) + ", after the last day " + number +
                               " is in force (" + date_text(last) + "): it never applies",
                           *cl.from);
        if (cl.until && last != INT32_MAX && *cl.until > last)
            window_finding(t, id,
                           "is given until " + date_text(*cl.until) + ", after the last day " + number +
                               " is in force (" + date_text(last) + "): the days after have no effect",
                           *cl.until);
        if (cl.until && *cl.until < first)
            window_finding(t, id,
                           "is given until " + date_text(*cl.until) + ", before " + number +
                               " is in force (from " + date_text(first) + "): it never applies",
                           *cl.until);
    }
}

} // namespace temporal

void check_temporal(Checker& c) {
    temporal::Temporal t(c);
    temporal::check_references(t);
    temporal::check_clause_windows(t);
    temporal::check_task_deadlines(t);
    temporal::check_header_problems(c);
    temporal::check_overlaps(t);
}

} // namespace lexsim::solver::detail
