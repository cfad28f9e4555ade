// task-mismatch: the same task in two documents with different lead units, lead officials or years.
// Two task rows of different documents are the same task when
//   - they set a target on the same measure (the corpus uses one measure for one quantity), or
//   - their texts are nearly the same: the Dice coefficient of their character bigrams, over letters and
//     digits only (spaces and punctuation dropped), is at least 0.6. On the corpus, rows that restate
//     one another (5号's report and 6号's division of its work) score 0.61 or more, and different tasks
//     0.36 or less.
// They disagree when both name lead units (owner or responsible) and share none, both name lead officials
// and share none, or both have dated deadlines in different years. Rows that name no unit (5号's report)
// are compared on deadlines only. No solver: these are facts of the tables.
#include "checker.hpp"
#include "lexsim/rules/calendar.hpp"

#include <algorithm>
#include <cctype>

namespace lexsim::solver::detail {

namespace {

std::vector<char32_t> letters(const std::string& text) {
    std::vector<char32_t> out;
    for (size_t i = 0; i < text.size();) {
        char32_t cp = 0;
        int n = rules::utf8_decode(text, i, cp);
        if (n <= 0) {
            ++i;
            continue;
        }
        i += static_cast<size_t>(n);
        bool ascii_alnum = cp < 0x80 && std::isalnum(static_cast<int>(cp));
        if (ascii_alnum || rules::is_cjk_ideograph(cp))
            out.push_back(cp);
    }
    return out;
}

//! The distinct character bigrams of a text, sorted (a pair packed in one integer).
std::vector<uint64_t> bigrams(const std::string& text) {
    auto l = letters(text);
    std::vector<uint64_t> out;
    out.reserve(l.size());
    for (size_t i = 0; i + 1 < l.size(); ++i)
        out.push_back(static_cast<uint64_t>(l[i]) << 32U | static_cast<uint64_t>(l[i + 1]));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

//! Whether the Dice coefficient of two bigram sets is at least 0.6; a merge of the sorted lists, after the
//! bound the sizes alone give (2·min / (|a| + |b|)), which rules out most pairs of a corpus's ~600 rows.
bool similar(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
    if (a.empty() || b.empty())
        return false;
    const double total = static_cast<double>(a.size() + b.size());
    if (2.0 * static_cast<double>(std::min(a.size(), b.size())) / total < 0.6)
        return false;
    size_t common = 0;
    for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
        if (a[i] < b[j]) {
            ++i;
        } else if (b[j] < a[i]) {
            ++j;
        } else {
            ++common, ++i, ++j;
        }
    }
    return 2.0 * static_cast<double>(common) / total >= 0.6;
}

bool share_measure(const rules::Task& a, const rules::Task& b) {
    return std::any_of(a.targets.begin(), a.targets.end(), [&](const rules::Target& x) {
        return std::any_of(b.targets.begin(), b.targets.end(),
                           [&](const rules::Target& y) { return x.measure == y.measure; });
    });
}

std::vector<int32_t> units(const rules::Task& t) {
    std::vector<int32_t> out = t.owners;
    out.insert(out.end(), t.responsible.begin(), t.responsible.end());
    return out;
}

bool disjoint(const std::vector<int32_t>& a, const std::vector<int32_t>& b) {
    return !a.empty() && !b.empty() && std::none_of(a.begin(), a.end(), [&](int32_t x) {
        return std::find(b.begin(), b.end(), x) != b.end();
    });
}

std::string names(const rules::RuleSet& rs, const std::vector<int32_t>& ids, bool officials, const Words& w) {
    std::vector<std::string> out;
    out.reserve(ids.size());
    for (int32_t i : ids)
        out.push_back(officials ? rs.officials[static_cast<size_t>(i)].name
                                : rs.units[static_cast<size_t>(i)].name);
    return w.list(out);
}

//! The ways two rows of one task disagree, one reading each; empty when they agree.
std::vector<std::string> differences(const rules::RuleSet& rs, const Words& w, const rules::Task& a,
                                     const rules::Task& b, const std::string& ca, const std::string& cb) {
    std::vector<std::string> out;
    if (disjoint(units(a), units(b)))
        out.push_back(w.pick("责任单位：" + ca + " 为 " + names(rs, units(a), false, w) + "，" + cb + " 为 " +
                                 names(rs, units(b), false, w),
                             "lead units: " + ca + " names " + names(rs, units(a), false, w) + ", " + cb +
                                 " names " + names(rs, units(b), false, w)));
    if (disjoint(a.leads, b.leads))
        out.push_back(w.pick("牵头领导：" + ca + " 为 " + names(rs, a.leads, true, w) + "，" + cb + " 为 " +
                                 names(rs, b.leads, true, w),
                             "lead officials: " + ca + " names " + names(rs, a.leads, true, w) + ", " + cb +
                                 " names " + names(rs, b.leads, true, w)));
    if (a.deadline.kind == rules::DeadlineKind::Date && b.deadline.kind == rules::DeadlineKind::Date &&
        rules::year_of(a.deadline.date) != rules::year_of(b.deadline.date))
        out.push_back(w.pick("完成年度：" + ca + " 为 " + rules::format_date(a.deadline.date) + "，" + cb +
                                 " 为 " + rules::format_date(b.deadline.date),
                             "year: " + ca + " is due " + rules::format_date(a.deadline.date) + ", " + cb +
                                 " " + rules::format_date(b.deadline.date)));
    return out;
}

} // namespace

void check_task_match(Checker& c) {
    const rules::RuleSet& rs = c.rules();
    const Words& w = c.words();
    std::vector<int32_t> rows;
    std::vector<std::vector<uint64_t>> grams;
    for (size_t i = 0; i < rs.tasks.size(); ++i)
        if (rs.tasks[i].kind == rules::TaskKind::Task) {
            rows.push_back(static_cast<int32_t>(i));
            grams.push_back(bigrams(rs.tasks[i].text));
        }
    for (size_t i = 0; i < rows.size(); ++i)
        for (size_t j = i + 1; j < rows.size(); ++j) {
            const rules::Task& a = rs.tasks[static_cast<size_t>(rows[i])];
            const rules::Task& b = rs.tasks[static_cast<size_t>(rows[j])];
            if (a.document == b.document || (!share_measure(a, b) && !similar(grams[i], grams[j])))
                continue;
            std::string ca = rs.document(a.document).number + " " + a.article;
            std::string cb = rs.document(b.document).number + " " + b.article;
            auto readings = differences(rs, w, a, b, ca, cb);
            if (readings.empty())
                continue;
            Finding f;
            f.kind = "task-mismatch";
            f.severity = Severity::Warning;
            f.tasks = {rows[i], rows[j]};
            f.subject = a.id + "+" + b.id;
            f.message =
                w.zh() ? ca + " 与 " + cb + " 是同一项任务，但两份文件规定的责任单位、牵头领导或完成年度不同"
                       : ca + " and " + cb +
                             " are the same task, but the documents name different lead units, lead "
                             "officials or years";
            f.readings = std::move(readings);
            c.add(std::move(f));
        }
}

} // namespace lexsim::solver::detail
