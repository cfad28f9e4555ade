// temporal: validity problems in time. References to documents that are external, repealed or expired while
// the referring clause is in force; clause from/until outside the document's life; task deadlines before the
// document exists or after its last day; documents in force together that grant one benefit with no
// tie-break rule between them.
//
// Whether a document is in force changes only on a few dates (a first day, the day after a last day), so
// the in-force predicates are constant between consecutive "boundary" dates. The date searches run in Z3
// (enc.in_force) and, independently, over the boundary dates with rules::document_in_force; a disagreement
// between the two, or a Z3 date the evaluator does not confirm, is an internal error.
#include "checker.hpp"
#include "lexsim/rules/calendar.hpp"
#include "lexsim/rules/exclusion.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace lexsim::solver::detail {

namespace {

using rules::Clause;
using rules::Document;

const Document& doc_at(const rules::RuleSet& rs, int32_t d) {
    return rs.documents[static_cast<size_t>(d)];
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

bool in_window(const Clause& c, int32_t date) {
    return (!c.from || date >= *c.from) && (!c.until || date <= *c.until);
}

//! A document in force on `date` that repeals `d` (by the evaluator's rule), or -1.
int32_t repealer(const rules::RuleSet& rs, int32_t d, int32_t date) {
    for (size_t i = 0; i < rs.documents.size(); ++i) {
        const Document& r = rs.documents[i];
        if (r.external || date < r.first_day() || date > r.last_day())
            continue;
        if (std::find(r.repeals.begin(), r.repeals.end(), d) != r.repeals.end())
            return static_cast<int32_t>(i);
    }
    return -1;
}

int64_t model_date(const z3::model& m, const z3::expr& v) {
    int64_t out = 0;
    m.eval(v, true).is_numeral_i64(out);
    return out;
}

void add_unique(std::vector<int32_t>& v, int32_t x) {
    if (std::find(v.begin(), v.end(), x) == v.end())
        v.push_back(x);
}

//! (e) Contradictions in a document's own header: a finding citing the document, not a refusal to check.
void report_header_problems(Checker& c) {
    const rules::RuleSet& rs = c.rules();
    const Words& words = c.words();
    auto date_text = [](int32_t d) { return rules::format_date(d); };
    for (size_t i = 0; i < rs.documents.size(); ++i) {
        const Document& d = rs.documents[i];
        for (rules::HeaderProblem p : d.header_problems) {
            Finding f;
            f.kind = "temporal";
            f.documents = {static_cast<int32_t>(i)};
            const std::string n = d.number.empty() ? d.id : d.number;
            switch (p) {
            case rules::HeaderProblem::NoIssueDate:
                if (std::find(d.header_problems.begin(), d.header_problems.end(),
                              rules::HeaderProblem::TrialWithoutStart) != d.header_problems.end())
                    continue; // one problem: the trial's finding says it
                f.severity = Severity::Warning;
                f.subject = "header/no-issue-date";
                f.message = words.pick(n + " 未写明印发日期：无法判断它何时开始有效",
                                       n + " has no issue date: when it is in force cannot be told");
                break;
            case rules::HeaderProblem::TrialWithoutStart:
                f.severity = Severity::Error;
                f.subject = "header/trial-without-start";
                f.message =
                    words.pick(n + " 规定了试行期，但没有印发或施行日期可以起算：无法确定何时失效",
                               n + " has a trial period but no issue or effective date to count it from: "
                                   "when it expires cannot be told");
                break;
            case rules::HeaderProblem::EffectiveBeforeIssued:
                f.severity = Severity::Warning;
                f.subject = "header/effective-before-issued";
                f.message = words.pick(n + " 的施行日期 " + date_text(*d.effective) + " 早于印发日期 " +
                                           date_text(*d.issued),
                                       n + " takes effect on " + date_text(*d.effective) +
                                           ", before it is issued on " + date_text(*d.issued));
                break;
            case rules::HeaderProblem::ExpiresBeforeEffective:
                f.severity = Severity::Error;
                f.subject = "header/expires-before-effective";
                f.message = words.pick(n + " 的有效期至 " + date_text(*d.expires) + "，早于其生效日期 " +
                                           date_text(d.first_day()) + "：该文件的条款永远不会适用",
                                       n + " expires after " + date_text(*d.expires) +
                                           ", before it takes effect on " + date_text(d.first_day()) +
                                           ": none of its clauses can ever apply");
                break;
            }
            c.add(std::move(f));
        }
    }
}

} // namespace

void check_temporal(Checker& c) {
    const rules::RuleSet& rs = c.rules();
    Encoder& enc = c.enc();
    z3::context& ctx = enc.ctx();
    CheckReport& report = c.report();
    const std::vector<int32_t> reps = representatives(rs, {});
    auto in_force = [&](int32_t d) {
        return [&rs, d](int32_t t) { return rules::document_in_force(rs, d, t); };
    };
    auto date_text = [](int32_t d) { return rules::format_date(d); };

    // Z3 finds a date where `query(t)` holds; the boundary search `direct` must agree, and the evaluator must
    // confirm Z3's date. Returns the earliest such date (from the boundary search), or nullopt.
    auto search = [&](const std::string& name, const std::function<z3::expr(const z3::expr&)>& query,
                      const std::vector<int32_t>& dates, const std::function<bool(int32_t)>& direct,
                      const std::string& what, const std::string& what_zh,
                      std::vector<int32_t> clauses) -> std::optional<int32_t> {
        z3::expr t = ctx.int_const(("temporal." + name + ".date").c_str());
        // Dates are day numbers in int32 (as in the AST), so the evaluator can re-check any date Z3 picks.
        auto r = c.solve_plain({query(t), t > INT32_MIN, t < INT32_MAX}, name);
        std::optional<int32_t> found = first_where(dates, direct);
        if (r.verdict == Verdict::Unknown) {
            c.unknown("temporal", c.words().pick(what_zh, what), r.reason, std::move(clauses));
            return std::nullopt;
        }
        if (r.verdict == Verdict::Sat) {
            int64_t d = model_date(*r.model, t);
            if (d < INT32_MIN || d > INT32_MAX || !direct(static_cast<int32_t>(d))) {
                report.internal_errors.push_back("the evaluator does not confirm the solver's date " +
                                                 std::to_string(d) + " for " + what);
                return std::nullopt;
            }
            if (!found) {
                report.internal_errors.push_back("the solver found a date for " + what +
                                                 " that the search over boundary dates misses");
                return std::nullopt;
            }
            return found;
        }
        if (found)
            report.internal_errors.push_back("the solver found no date for " + what + ", but " +
                                             date_text(*found) + " is one");
        return std::nullopt;
    };

    // The stretch on which each document is in force (repeals included).
    std::vector<std::optional<int32_t>> first_in_force, last_in_force;
    for (size_t d = 0; d < rs.documents.size(); ++d) {
        first_in_force.push_back(first_where(reps, in_force(static_cast<int32_t>(d))));
        last_in_force.push_back(last_where(reps, in_force(static_cast<int32_t>(d))));
    }

    // (a) references to documents that are not in force while the referring clause is.
    for (size_t i = 0; i < rs.clauses.size(); ++i) {
        const Clause& cl = rs.clauses[i];
        auto id = static_cast<int32_t>(i);
        const Document& own = doc_at(rs, cl.document);
        if (own.external || cl.refers.empty())
            continue;
        std::vector<int32_t> extra;
        if (cl.from)
            extra.push_back(*cl.from);
        if (cl.until && *cl.until != INT32_MAX)
            extra.push_back(*cl.until + 1);
        std::vector<int32_t> dates = representatives(rs, extra);
        auto clause_in_force = [&](int32_t t) {
            return rules::document_in_force(rs, cl.document, t) && in_window(cl, t);
        };
        std::optional<int32_t> takes_effect = first_where(dates, clause_in_force);
        if (!takes_effect)
            continue; // never in force: nothing it refers to matters
        for (int32_t ref : cl.refers) {
            if (ref == cl.document)
                continue;
            const Document& other = doc_at(rs, ref);
            auto lapsed = [&](int32_t t) {
                return clause_in_force(t) && !rules::document_in_force(rs, ref, t);
            };
            auto first =
                search("refers-" + cl.id + "-" + other.id,
                       [&](const z3::expr& t) {
                           z3::expr q = enc.in_force(cl.document, t) && !enc.in_force(ref, t);
                           if (cl.from)
                               q = q && t >= *cl.from;
                           if (cl.until)
                               q = q && t <= *cl.until;
                           return q;
                       },
                       dates, lapsed, "whether " + other.number + " lapses while " + cl.id + " is in force",
                       c.words().cite(id) + "（" + cl.id + "）有效期间 " + other.number + " 是否失效", {id});
            if (!first)
                continue;
            int32_t when = *first;
            int32_t by = repealer(rs, ref, when);
            bool expired = !other.external && when > other.last_day();
            bool not_yet = !other.external && when < other.first_day();
            Finding f;
            f.kind = "temporal";
            f.clauses = {id};
            f.documents = {cl.document, ref};
            Witness w;
            w.date = when;
            std::string head =
                "clause " + cl.id + " (" + cite(rs, id) + ") refers to " + other.number + ", which ";
            bool at_start = when == *takes_effect;
            if (by >= 0) {
                f.severity = at_start ? Severity::Error : Severity::Warning;
                std::string rep =
                    "repealed by " + doc_at(rs, by).number + " from " + date_text(doc_at(rs, by).first_day());
                f.message = head + (at_start ? "is already " + rep + " when the clause takes effect on " +
                                                   date_text(when)
                                             : "is " + rep + " while " + own.number + " is still in force");
                w.facts.emplace_back(other.number, "repealed");
            } else if (expired) {
                f.severity = at_start ? Severity::Error : Severity::Warning;
                std::string last = date_text(other.last_day());
                f.message = head + (at_start ? "has already expired (last day in force " + last +
                                                   ") when the clause takes effect on " + date_text(when)
                                             : "expires after " + last + " while " + own.number +
                                                   " is still in force");
                w.facts.emplace_back(other.number, "expired");
            } else if (not_yet) {
                f.severity = Severity::Warning;
                f.message = head + "is not in force until " + date_text(other.first_day()) +
                            ", though the clause is in force from " + date_text(when);
                w.facts.emplace_back(other.number, "not yet in force");
            } else {
                f.severity = Severity::Warning;
                f.message = head +
                            "is known only by reference (external): whether it is in force while the clause "
                            "is (from " +
                            date_text(when) + ") cannot be checked";
                // An external document can still be repealed by one in the corpus: say so.
                auto repealed =
                    first_where(dates, [&](int32_t t) { return lapsed(t) && repealer(rs, ref, t) >= 0; });
                if (repealed) {
                    int32_t r = repealer(rs, ref, *repealed);
                    f.message +=
                        "; it is repealed by " + doc_at(rs, r).number + " from " + date_text(*repealed);
                }
                w.facts.emplace_back(other.number, "external");
            }
            w.facts.emplace_back(own.number, "in force");
            if (c.words().zh()) {
                std::string zh_head = c.words().cite(id) + "（" + cl.id + "）引用的 " + other.number;
                if (by >= 0)
                    f.message = zh_head + " 已由 " + doc_at(rs, by).number + " 自 " +
                                date_text(doc_at(rs, by).first_day()) + " 起废止" +
                                (at_start ? "，条款于 " + date_text(when) + " 生效时即已废止"
                                          : "，而 " + own.number + " 仍然有效");
                else if (expired)
                    f.message = zh_head + " 有效期至 " + date_text(other.last_day()) +
                                (at_start ? "，条款于 " + date_text(when) + " 生效时已经失效"
                                          : "，此后 " + own.number + " 仍然有效");
                else if (not_yet)
                    f.message = zh_head + " 自 " + date_text(other.first_day()) + " 起才生效，而条款自 " +
                                date_text(when) + " 起已经有效";
                else
                    f.message = zh_head + " 只以引用形式出现（外部文件），无法核对它在条款有效期间（自 " +
                                date_text(when) + " 起）是否有效";
                w.facts = {{other.number, by >= 0   ? "已废止"
                                          : expired ? "已失效"
                                          : not_yet ? "尚未生效"
                                                    : "外部文件"},
                           {own.number, "有效"}};
            }
            f.witness = std::move(w);
            c.add(std::move(f));
        }
    }

    // (b) a clause's own from/until outside its document's life.
    for (size_t i = 0; i < rs.clauses.size(); ++i) {
        const Clause& cl = rs.clauses[i];
        auto id = static_cast<int32_t>(i);
        auto d = static_cast<size_t>(cl.document);
        if (doc_at(rs, cl.document).external || (!cl.from && !cl.until) || !first_in_force[d])
            continue;
        int32_t first = *first_in_force[d], last = *last_in_force[d];
        const std::string& number = doc_at(rs, cl.document).number;
        auto warn = [&](const std::string& msg, int32_t date, bool claim_in_force) {
            if (rules::document_in_force(rs, cl.document, date) != claim_in_force) {
                report.internal_errors.push_back("the evaluator disagrees about whether " + number +
                                                 " is in force on " + date_text(date) + " (clause " + cl.id +
                                                 ")");
                return;
            }
            Finding f;
            f.kind = "temporal";
            f.severity = Severity::Warning;
            f.clauses = {id};
            f.documents = {cl.document};
            f.message = "clause " + cl.id + " (" + cite(rs, id) + ") " + msg;
            if (c.words().zh())
                f.message = c.words().cite(id) + "（" + cl.id + "）的日期 " + date_text(date) + " 在 " +
                            number + " 有效期（" + date_text(first) + " 至 " +
                            (last == INT32_MAX ? std::string("长期") : date_text(last)) + "）之外" +
                            (claim_in_force ? "" : "：这些日期不起作用");
            Witness w;
            w.date = date;
            w.facts.emplace_back(number + " in force",
                                 date_text(first) + " .. " +
                                     (last == INT32_MAX ? std::string("open") : date_text(last)));
            f.witness = std::move(w);
            c.add(std::move(f));
        };
        if (cl.from && *cl.from < first)
            warn("is given from " + date_text(*cl.from) + ", before " + number + " is in force (from " +
                     date_text(first) + "): the days before have no effect",
                 *cl.from, false);
        if (cl.from && last != INT32_MAX && *cl.from > last)
            warn("is given from " + date_text(*cl.from) + ", after the last day " + number +
                     " is in force (" + date_text(last) + "): it never applies",
                 *cl.from, false);
        if (cl.until && last != INT32_MAX && *cl.until > last)
            warn("is given until " + date_text(*cl.until) + ", after the last day " + number +
                     " is in force (" + date_text(last) + "): the days after have no effect",
                 *cl.until, false);
        if (cl.until && *cl.until < first)
            warn("is given until " + date_text(*cl.until) + ", before " + number + " is in force (from " +
                     date_text(first) + "): it never applies",
                 *cl.until, false);
    }

    // (c) task deadlines before the document exists (a phase already over when the document was issued: a
    // note, one per document) or after its last day in force (a warning per task).
    const Words& words = c.words();
    std::map<int32_t, std::vector<int32_t>> historical; // document → tasks due before it was issued
    for (size_t i = 0; i < rs.tasks.size(); ++i) {
        const rules::Task& t = rs.tasks[i];
        if (t.deadline.kind != rules::DeadlineKind::Date && t.deadline.kind != rules::DeadlineKind::Window)
            continue;
        const Document& d = doc_at(rs, t.document);
        if (d.external)
            continue;
        int32_t due = t.deadline.date;
        std::optional<int32_t> exists = d.issued ? d.issued : d.effective;
        if (exists && due < *exists) {
            historical[t.document].push_back(static_cast<int32_t>(i));
            continue;
        }
        auto last = last_in_force[static_cast<size_t>(t.document)];
        if (!last || *last == INT32_MAX || due <= *last)
            continue;
        if (rules::document_in_force(rs, t.document, due)) {
            report.internal_errors.push_back("the evaluator finds " + d.number + " in force on " +
                                             date_text(due) + ", after its last day " + date_text(*last));
            continue;
        }
        std::string wording = t.deadline.wording.empty() ? "" : "（“" + t.deadline.wording + "”）";
        Finding f;
        f.kind = "temporal";
        f.severity = Severity::Warning;
        f.tasks = {static_cast<int32_t>(i)};
        f.documents = {t.document};
        f.subject = "after-last-day";
        f.message = words.zh() ? d.number + " " + t.article + " 的期限为 " + date_text(due) + wording +
                                     "，晚于文件有效期的最后一天（" + date_text(*last) + "）"
                               : std::string(rules::task_kind_name(t.kind)) + " " + t.id + " (" + d.number +
                                     " " + t.article + ") is due by " + date_text(due) +
                                     (t.deadline.wording.empty() ? "" : " (“" + t.deadline.wording + "”)") +
                                     ", after the document's last day in force (" + date_text(*last) + ")";
        Witness w;
        w.date = due;
        w.facts.emplace_back(words.pick("有效期最后一天", "last day in force"), date_text(*last));
        f.witness = std::move(w);
        c.add(std::move(f));
    }
    for (const auto& [doc, tasks] : historical) {
        const Document& d = doc_at(rs, doc);
        int32_t exists = d.issued ? *d.issued : *d.effective;
        std::vector<std::string> phases;
        for (int32_t t : tasks) {
            const rules::Task& task = rs.tasks[static_cast<size_t>(t)];
            phases.push_back(task.article +
                             (task.deadline.wording.empty() ? "" : "（" + task.deadline.wording + "）"));
        }
        Finding f;
        f.kind = "temporal";
        f.severity = Severity::Info;
        f.tasks = tasks;
        f.documents = {doc};
        f.subject = "before-issue";
        f.message = words.zh()
                        ? d.number + " 的 " + words.list(phases) + " 在文件印发（" + date_text(exists) +
                              "）前已经结束：属已完成的历史阶段，不是可执行的期限"
                        : d.number + ": " + words.list(phases) + " ended before the document was issued (" +
                              date_text(exists) + "): past phases, not deadlines anyone can still meet";
        Witness w;
        w.date = exists;
        w.facts.emplace_back(words.pick("印发日期", "issued"), date_text(exists));
        f.witness = std::move(w);
        c.add(std::move(f));
    }

    report_header_problems(c);

    // (d) documents in force together that grant one benefit, with nothing to say which one prevails.
    std::map<int32_t, std::map<int32_t, std::vector<int32_t>>> granting; // benefit → document → clauses
    for (size_t i = 0; i < rs.clauses.size(); ++i) {
        const Clause& cl = rs.clauses[i];
        if (doc_at(rs, cl.document).external)
            continue;
        for (const auto& g : cl.grants)
            add_unique(granting[g.benefit][cl.document], static_cast<int32_t>(i));
    }
    rules::ExclusionIndex exclusions(rs);
    auto linked = [&](int32_t a, int32_t b) { return exclusions.linked(a, b); };
    std::map<std::pair<int32_t, int32_t>, std::optional<int32_t>> together; // first day two documents share
    auto ben_name = [&](int32_t b) { return rs.benefits[static_cast<size_t>(b)].name; };
    for (const auto& [benefit, docs] : granting) {
        for (auto i = docs.begin(); i != docs.end(); ++i) {
            for (auto j = std::next(i); j != docs.end(); ++j) {
                int32_t a = i->first, b = j->first;
                const Document &A = doc_at(rs, a), &B = doc_at(rs, b);
                auto has = [](const std::vector<int32_t>& v, int32_t k) {
                    return std::find(v.begin(), v.end(), k) != v.end();
                };
                if (has(A.repeals, b) || has(B.repeals, a))
                    continue;
                // A tie-break: any exclusion between their clauses where one side grants the benefit.
                bool tie_break = false;
                for (size_t x = 0; x < rs.clauses.size() && !tie_break; ++x) {
                    for (size_t y = 0; y < rs.clauses.size() && !tie_break; ++y) {
                        const Clause &cx = rs.clauses[x], &cy = rs.clauses[y];
                        if (cx.document != a || cy.document != b)
                            continue;
                        bool about = has(i->second, static_cast<int32_t>(x)) ||
                                     has(j->second, static_cast<int32_t>(y));
                        tie_break = about && linked(static_cast<int32_t>(x), static_cast<int32_t>(y));
                    }
                }
                if (tie_break)
                    continue;
                std::vector<int32_t> clauses = i->second;
                clauses.insert(clauses.end(), j->second.begin(), j->second.end());
                auto both = [&](int32_t t) {
                    return rules::document_in_force(rs, a, t) && rules::document_in_force(rs, b, t);
                };
                // One date search per pair of documents, whatever the benefit.
                auto cached = together.find({a, b});
                if (cached == together.end()) {
                    auto found = search(
                        "overlap-" + A.id + "+" + B.id,
                        [&](const z3::expr& t) { return enc.in_force(a, t) && enc.in_force(b, t); }, reps,
                        both, "whether " + A.number + " and " + B.number + " are in force together",
                        A.number + " 与 " + B.number + " 是否同时有效", clauses);
                    cached = together.emplace(std::make_pair(a, b), found).first;
                }
                std::optional<int32_t> from = cached->second;
                if (!from)
                    continue;
                auto until = last_where(reps, both);
                std::string span =
                    words.zh()
                        ? date_text(*from) + " 起" +
                              (until && *until != INT32_MAX ? "至 " + date_text(*until) : std::string())
                        : "from " + date_text(*from) +
                              (until && *until != INT32_MAX ? " to " + date_text(*until) : std::string());
                std::string ben = words.benefit(benefit);
                std::string said =
                    words.zh() ? A.number + " 与 " + B.number + " 自 " + span + "同时有效，均给予「" + ben +
                                     "」，两者互不废止，条款之间也没有取舍规则"
                               : A.number + " and " + B.number + " both grant " + ben +
                                     " and are both in force " + span +
                                     "; neither repeals the other and no `exclusive with` or `excludes` "
                                     "links their clauses";
                // The benefit's double-funding finding, if there is one, is the same problem: a reading of
                // it.
                auto host =
                    std::find_if(report.findings.begin(), report.findings.end(), [&](const Finding& g) {
                        return (g.kind == "double-funding" || g.kind == "cap-conflict") &&
                               g.subject == ben_name(benefit) &&
                               std::any_of(g.clauses.begin(), g.clauses.end(),
                                           [&](int32_t x) {
                                               return rs.clauses[static_cast<size_t>(x)].document == a;
                                           }) &&
                               std::any_of(g.clauses.begin(), g.clauses.end(), [&](int32_t x) {
                                   return rs.clauses[static_cast<size_t>(x)].document == b;
                               });
                    });
                if (host != report.findings.end()) {
                    host->readings.push_back(words.pick("时效：", "in time: ") + said);
                    for (int32_t x : clauses)
                        add_unique(host->clauses, x);
                    continue;
                }
                Finding f;
                f.kind = "temporal";
                f.severity = Severity::Info;
                f.clauses = clauses;
                f.documents = {a, b};
                f.subject = "overlap/" + ben_name(benefit);
                f.message = words.zh()
                                ? "同一事项两个文件同时有效且无取舍规则：" + said
                                : "overlapping documents on one subject with no tie-break rule: " + said;
                Witness w;
                w.date = *from;
                w.facts.emplace_back(words.pick("同时有效", "both in force"), span);
                f.witness = std::move(w);
                c.add(std::move(f));
            }
        }
    }
}

} // namespace lexsim::solver::detail
