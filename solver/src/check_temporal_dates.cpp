// temporal (c) task deadlines before the document exists or after its last day in force, and (e)
// contradictions in a document's own header. See check_temporal.cpp.
#include "check_temporal.hpp"
#include "lexsim/rules/calendar.hpp"

#include <algorithm>
#include <map>

namespace lexsim::solver::detail::temporal {

using rules::Document;

namespace {

//! (c) Write the warning for a deadline after the document's last day in force.
Finding late_deadline_finding(const Temporal& t, int32_t task, int32_t last) {
    const rules::Task& tk = t.rs.tasks[static_cast<size_t>(task)];
    const Document& d = t.doc(tk.document);
    int32_t due = tk.deadline.date;
    std::string wording = tk.deadline.wording.empty() ? "" : "（“" + tk.deadline.wording + "”）";
    Finding f;
    f.kind = "temporal";
    f.severity = Severity::Warning;
    f.tasks = {task};
    f.documents = {tk.document};
    f.subject = "after-last-day";
    f.message = t.words.zh() ? d.number + " " + tk.article + " 的期限为 " + date_text(due) + wording +
                                   "，晚于文件有效期的最后一天（" + date_text(last) + "）"
                             : std::string(rules::task_kind_name(tk.kind)) + " " + tk.id + " (" + d.number +
                                   " " + tk.article + ") is due by " + date_text(due) +
                                   (tk.deadline.wording.empty() ? "" : " (“" + tk.deadline.wording + "”)") +
                                   ", after the document's last day in force (" + date_text(last) + ")";
    Witness w;
    w.date = due;
    w.facts.emplace_back(t.words.pick("有效期最后一天", "last day in force"), date_text(last));
    f.witness = std::move(w);
    return f;
}

//! (c) Write the note for the phases of one document that ended before it was issued.
Finding historical_finding(const Temporal& t, rules::DocumentId doc, const std::vector<int32_t>& tasks) {
    const Document& d = t.doc(doc);
    int32_t exists = d.issued ? *d.issued : *d.effective;
    std::vector<std::string> phases;
    for (int32_t k : tasks) {
        const rules::Task& task = t.rs.tasks[static_cast<size_t>(k)];
        phases.push_back(task.article +
                         (task.deadline.wording.empty() ? "" : "（" + task.deadline.wording + "）"));
    }
    Finding f;
    f.kind = "temporal";
    f.severity = Severity::Info;
    f.tasks = tasks;
    f.documents = {doc};
    f.subject = "before-issue";
    f.message = t.words.zh()
                    ? d.number + " 的 " + t.words.list(phases) + " 在文件印发（" + date_text(exists) +
                          "）前已经结束：属已完成的历史阶段，不是可执行的期限"
                    : d.number + ": " + t.words.list(phases) + " ended before the document was issued (" +
                          date_text(exists) + "): past phases, not deadlines anyone can still meet";
    Witness w;
    w.date = exists;
    w.facts.emplace_back(t.words.pick("印发日期", "issued"), date_text(exists));
    f.witness = std::move(w);
    return f;
}

} // namespace

// (c) A deadline before the document exists is a phase already over when the document was issued (a note,
// one per document); one after its last day in force is a warning per task.
void check_task_deadlines(Temporal& t) {
    std::map<rules::DocumentId, std::vector<int32_t>> historical; // document → tasks due before it was issued
    for (size_t i = 0; i < t.rs.tasks.size(); ++i) {
        const rules::Task& tk = t.rs.tasks[i];
        if (tk.deadline.kind != rules::DeadlineKind::Date && tk.deadline.kind != rules::DeadlineKind::Window)
            continue;
        const Document& d = t.doc(tk.document);
        if (d.external)
            continue;
        int32_t due = tk.deadline.date;
        std::optional<int32_t> exists = d.issued ? d.issued : d.effective;
        if (exists && due < *exists) {
            historical[tk.document].push_back(static_cast<int32_t>(i));
            continue;
        }
        auto last = t.last_in_force[tk.document.index()];
        if (!last || *last == INT32_MAX || due <= *last)
            continue;
        if (rules::document_in_force(t.rs, tk.document, due)) {
            t.c.report().internal_errors.push_back("the evaluator finds " + d.number + " in force on " +
                                                   date_text(due) + ", after its last day " +
                                                   date_text(*last));
            continue;
        }
        t.c.add(late_deadline_finding(t, static_cast<int32_t>(i), *last));
    }
    for (const auto& [doc, tasks] : historical)
        t.c.add(historical_finding(t, doc, tasks));
}

//! (e) Contradictions in a document's own header: a finding citing the document, not a refusal to check.
void check_header_problems(Checker& c) {
    const rules::RuleSet& rs = c.rules();
    const Words& words = c.words();
    for (rules::DocumentId i : rs.document_ids()) {
        const Document& d = rs.document(i);
        for (rules::HeaderProblem p : d.header_problems) {
            Finding f;
            f.kind = "temporal";
            f.documents = {i};
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

} // namespace lexsim::solver::detail::temporal
