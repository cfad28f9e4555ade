// temporal (d): documents in force together that grant one benefit, with nothing to say which one prevails
// (neither repeals the other, and no `excludes` or `exclusive with` links their clauses). See
// check_temporal.cpp.
#include "check_temporal.hpp"
#include "lexsim/rules/calendar.hpp"
#include "lexsim/rules/exclusion.hpp"

#include <algorithm>
#include <map>

namespace lexsim::solver::detail::temporal {

using rules::Clause;
using rules::Document;

namespace {

//! benefit → document → clauses
using Granting = std::map<int32_t, std::map<rules::DocumentId, std::vector<rules::ClauseId>>>;

Granting granting_clauses(const rules::RuleSet& rs) {
    Granting granting;
    for (rules::ClauseId i : rs.clause_ids()) {
        const Clause& cl = rs.clause(i);
        if (rs.document(cl.document).external)
            continue;
        for (const auto& g : cl.grants)
            add_unique(granting[g.benefit][cl.document], i);
    }
    return granting;
}

//! Is benefit `name` the subject of a grants finding ("name", or one of "a|b|…" when one pair of documents
//! pays several benefits twice)?
bool names_benefit(const std::string& subject, const std::string& name) {
    for (size_t from = 0;;) {
        size_t to = std::min(subject.find('|', from), subject.size());
        if (subject.compare(from, to - from, name) == 0)
            return true;
        if (to == subject.size())
            return false;
        from = to + 1;
    }
}

template <class T>
bool has(const std::vector<T>& v, T k) {
    return std::find(v.begin(), v.end(), k) != v.end();
}

//! A tie-break: a repeal between the documents, or any exclusion between their clauses where one side
//! grants the benefit.
bool tie_broken(const Temporal& t, const rules::ExclusionIndex& exclusions, rules::DocumentId a,
                rules::DocumentId b, const std::vector<rules::ClauseId>& granting_a,
                const std::vector<rules::ClauseId>& granting_b) {
    if (has(t.doc(a).repeals, b) || has(t.doc(b).repeals, a))
        return true;
    for (rules::ClauseId x : t.rs.clause_ids()) {
        if (t.rs.clause(x).document != a)
            continue;
        for (rules::ClauseId y : t.rs.clause_ids()) {
            if (t.rs.clause(y).document != b)
                continue;
            bool about = has(granting_a, x) || has(granting_b, y);
            if (about && exclusions.linked(x, y))
                return true;
        }
    }
    return false;
}

//! The overlap in words: "A and B both grant … and are both in force from … to …".
std::string overlap_said(const Temporal& t, rules::DocumentId a, rules::DocumentId b, int32_t benefit,
                         const std::string& span) {
    const Document &A = t.doc(a), &B = t.doc(b);
    std::string ben = t.words.benefit(benefit);
    return t.words.zh()
               ? A.number + " 与 " + B.number + " 自 " + span + "同时有效，均给予「" + ben +
                     "」，两者互不废止，条款之间也没有取舍规则"
               : A.number + " and " + B.number + " both grant " + ben + " and are both in force " + span +
                     "; neither repeals the other and no `exclusive with` or `excludes` links their "
                     "clauses";
}

//! The benefit's double-funding finding, if there is one, is the same problem: the overlap becomes a
//! reading of it. Returns whether there was one.
bool read_into_double_funding(Temporal& t, rules::DocumentId a, rules::DocumentId b, int32_t benefit,
                              const std::string& said, const std::vector<rules::ClauseId>& clauses,
                              const std::string& span) {
    const std::string& name = t.rs.benefits[static_cast<size_t>(benefit)].name;
    auto in_doc = [&](const Finding& g, rules::DocumentId d) {
        return std::any_of(g.clauses.begin(), g.clauses.end(),
                           [&](rules::ClauseId x) { return t.rs.clause(x).document == d; });
    };
    auto& findings = t.c.report().findings;
    auto host = std::find_if(findings.begin(), findings.end(), [&](const Finding& g) {
        return (g.kind == "double-funding" || g.kind == "cap-conflict") && names_benefit(g.subject, name) &&
               in_doc(g, a) && in_doc(g, b);
    });
    if (host == findings.end())
        return false;
    // A finding on several benefits of the two documents (subject "a|b|…") says it once.
    std::string reading = t.words.pick("时效：", "in time: ") + said;
    if (host->subject.find('|') != std::string::npos) {
        const Document &A = t.doc(a), &B = t.doc(b);
        reading = t.words.pick("时效：", "in time: ") +
                  (t.words.zh() ? A.number + " 与 " + B.number + " 自 " + span +
                                      "同时有效，两者互不废止，条款之间也没有取舍规则"
                                : A.number + " and " + B.number + " are both in force " + span +
                                      "; neither repeals the other and no `exclusive with` or `excludes` "
                                      "links their clauses");
    }
    if (std::find(host->readings.begin(), host->readings.end(), reading) == host->readings.end())
        host->readings.push_back(reading);
    for (rules::ClauseId x : clauses)
        add_unique(host->clauses, x);
    return true;
}

Finding overlap_finding(const Temporal& t, rules::DocumentId a, rules::DocumentId b, int32_t benefit,
                        std::vector<rules::ClauseId> clauses, const std::string& said, int32_t from,
                        const std::string& span) {
    Finding f;
    f.kind = "temporal";
    f.severity = Severity::Info;
    f.clauses = std::move(clauses);
    f.documents = {a, b};
    f.subject = "overlap/" + t.rs.benefits[static_cast<size_t>(benefit)].name;
    f.message = t.words.zh() ? "同一事项两个文件同时有效且无取舍规则：" + said
                             : "overlapping documents on one subject with no tie-break rule: " + said;
    Witness w;
    w.date = from;
    w.facts.emplace_back(t.words.pick("同时有效", "both in force"), span);
    f.witness = std::move(w);
    return f;
}

} // namespace

void check_overlaps(Temporal& t) {
    rules::ExclusionIndex exclusions(t.rs);
    std::map<std::pair<rules::DocumentId, rules::DocumentId>, std::optional<int32_t>>
        together; // first day both
    for (const auto& [benefit, docs] : granting_clauses(t.rs)) {
        for (auto i = docs.begin(); i != docs.end(); ++i) {
            for (auto j = std::next(i); j != docs.end(); ++j) {
                rules::DocumentId a = i->first, b = j->first;
                if (tie_broken(t, exclusions, a, b, i->second, j->second))
                    continue;
                std::vector<rules::ClauseId> clauses = i->second;
                clauses.insert(clauses.end(), j->second.begin(), j->second.end());
                auto both = [&](int32_t d) {
                    return rules::document_in_force(t.rs, a, d) && rules::document_in_force(t.rs, b, d);
                };
                // One date search per pair of documents, whatever the benefit.
                auto cached = together.find({a, b});
                if (cached == together.end()) {
                    const Document &A = t.doc(a), &B = t.doc(b);
                    auto query = [&](const z3::expr& d) {
                        return t.enc.in_force(a, d) && t.enc.in_force(b, d);
                    };
                    auto found =
                        t.search({"overlap-" + A.id + "+" + B.id, query, &t.reps, both,
                                  "whether " + A.number + " and " + B.number + " are in force together",
                                  A.number + " 与 " + B.number + " 是否同时有效", clauses});
                    cached = together.emplace(std::make_pair(a, b), found).first;
                }
                std::optional<int32_t> from = cached->second;
                if (!from)
                    continue;
                auto until = last_where(t.reps, both);
                bool bounded = until && *until != INT32_MAX;
                std::string span =
                    t.words.zh()
                        ? date_text(*from) + " 起" + (bounded ? "至 " + date_text(*until) : std::string())
                        : "from " + date_text(*from) + (bounded ? " to " + date_text(*until) : std::string());
                std::string said = overlap_said(t, a, b, benefit, span);
                if (!read_into_double_funding(t, a, b, benefit, said, clauses, span))
                    t.c.add(overlap_finding(t, a, b, benefit, clauses, said, *from, span));
            }
        }
    }
}

} // namespace lexsim::solver::detail::temporal
