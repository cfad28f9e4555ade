// lexsim stats: what a rules set contains, per document.
#include "commands.hpp"
#include "common.hpp"
#include "lexsim/rules/source.hpp"

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

namespace lexsim::app {

namespace {

struct DocStats {
    int clauses = 0, grants = 0, requirements = 0, prohibitions = 0, ranges = 0, targets = 0, exclusions = 0,
        exclusivity = 0, with_text = 0, tasks_with_text = 0, tasks = 0, steps = 0, duties = 0,
        task_targets = 0, params = 0, records = 0, examples = 0;
};

} // namespace

namespace {

//! `text` followed by spaces up to `cells` terminal cells (Chinese characters take two).
std::string padded(const std::string& text, size_t cells) {
    size_t used = 0;
    for (size_t p = 0; p < text.size();) {
        char32_t cp = 0;
        int len = rules::utf8_decode(text, p, cp);
        used += static_cast<size_t>(len > 0 ? rules::display_width(cp) : 1);
        p += static_cast<size_t>(len > 0 ? len : 1);
    }
    return text + std::string(used < cells ? cells - used : 1, ' ');
}

//! Responsibility per real body: aliases are already resolved to the unit's canonical entry.
int run_workload(const rules::RuleSet& rs, const std::string& format) {
    struct Load {
        int owner = 0, responsible = 0, co = 0;
        std::vector<std::string> documents;
    };
    std::vector<Load> units(rs.units.size());
    std::vector<Load> officials(rs.officials.size());
    auto note_doc = [&](Load& l, rules::DocumentId doc) {
        const std::string& n = rs.document(doc).number;
        if (std::find(l.documents.begin(), l.documents.end(), n) == l.documents.end())
            l.documents.push_back(n);
    };
    for (const auto& t : rs.tasks) {
        for (int32_t u : t.owners) {
            ++units[static_cast<size_t>(u)].owner;
            note_doc(units[static_cast<size_t>(u)], t.document);
        }
        for (int32_t u : t.responsible) {
            ++units[static_cast<size_t>(u)].responsible;
            note_doc(units[static_cast<size_t>(u)], t.document);
        }
        for (int32_t u : t.co) {
            ++units[static_cast<size_t>(u)].co;
            note_doc(units[static_cast<size_t>(u)], t.document);
        }
        for (int32_t o : t.leads) {
            ++officials[static_cast<size_t>(o)].owner;
            note_doc(officials[static_cast<size_t>(o)], t.document);
        }
    }
    std::vector<size_t> order(units.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    auto total = [](const Load& l) { return l.owner + l.responsible + l.co; };
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return total(units[a]) > total(units[b]); });
    std::vector<size_t> lead_order(officials.size());
    for (size_t i = 0; i < lead_order.size(); ++i)
        lead_order[i] = i;
    std::stable_sort(lead_order.begin(), lead_order.end(),
                     [&](size_t a, size_t b) { return officials[a].owner > officials[b].owner; });
    if (format == "json") {
        nlohmann::ordered_json out;
        out["units"] = nlohmann::ordered_json::array();
        for (size_t i : order)
            out["units"].push_back({{"unit", rs.units[i].name},
                                    {"aliases", rs.units[i].aliases},
                                    {"owner", units[i].owner},
                                    {"responsible", units[i].responsible},
                                    {"co", units[i].co},
                                    {"documents", units[i].documents}});
        out["officials"] = nlohmann::ordered_json::array();
        for (size_t i : lead_order)
            out["officials"].push_back({{"official", rs.officials[i].name},
                                        {"leads", officials[i].owner},
                                        {"documents", officials[i].documents}});
        std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        return Exit::ok;
    }
    std::cout << "unit                                            owner  responsible    co  documents\n";
    for (size_t i : order) {
        if (total(units[i]) == 0)
            continue;
        std::cout << padded(rs.units[i].name, 46);
        char line[64];
        std::snprintf(line, sizeof line, "%7d %12d %5d  ", units[i].owner, units[i].responsible, units[i].co);
        std::cout << line << units[i].documents.size() << '\n';
    }
    std::cout << "\nlead official   tasks led  documents\n";
    for (size_t i : lead_order) {
        char line[64];
        std::snprintf(line, sizeof line, "%9d  %9zu", officials[i].owner, officials[i].documents.size());
        std::cout << padded(rs.officials[i].name, 14) << line << '\n';
    }
    return Exit::ok;
}

} // namespace

int run_stats(const StatsOptions& o) {
    auto loaded = load_or_report(o.paths);
    if (!loaded.ok())
        return Exit::bad_input;
    const rules::RuleSet& rs = *loaded.rules;
    if (o.workload)
        return run_workload(rs, o.format);
    std::vector<DocStats> per(rs.documents.size());
    for (const auto& c : rs.clauses) {
        DocStats& d = per[c.document.index()];
        ++d.clauses;
        d.grants += !c.grants.empty();
        for (const auto& k : c.constraints) {
            if (k.forbid) {
                ++d.prohibitions;
            } else {
                ++d.requirements;
            }
        }
        d.ranges += static_cast<int>(c.ranges.size());
        d.targets += static_cast<int>(c.targets.size());
        d.exclusions += c.excludes_document || !c.excludes.empty();
        d.exclusivity += !c.exclusive_with.empty();
        d.with_text += !c.text.empty();
    }
    for (const auto& t : rs.tasks) {
        DocStats& d = per[t.document.index()];
        (t.kind == rules::TaskKind::Step   ? d.steps
         : t.kind == rules::TaskKind::Duty ? d.duties
                                           : d.tasks) += 1;
        d.task_targets += static_cast<int>(t.targets.size());
        d.tasks_with_text += !t.text.empty();
    }
    for (const auto& p : rs.params)
        if (p.document.valid())
            ++per[p.document.index()].params;
    for (const auto& r : rs.records)
        ++per[r.document.index()].records;
    for (const auto& x : rs.examples)
        ++per[x.document.index()].examples;

    if (o.format == "json") {
        nlohmann::ordered_json out;
        out["documents"] = nlohmann::ordered_json::array();
        for (rules::DocumentId i : rs.document_ids()) {
            const auto& doc = rs.document(i);
            const DocStats& d = per[i.index()];
            nlohmann::ordered_json j;
            j["id"] = doc.id;
            j["number"] = doc.number;
            j["title"] = doc.title;
            j["external"] = doc.external;
            j["clauses"] = d.clauses;
            j["clauses_by_kind"] = {{"grant", d.grants},         {"require", d.requirements},
                                    {"forbid", d.prohibitions},  {"range", d.ranges},
                                    {"target", d.targets},       {"excludes", d.exclusions},
                                    {"exclusive", d.exclusivity}};
            j["clauses_with_text"] = d.with_text;
            j["tasks"] = d.tasks;
            j["tasks_steps_duties_with_text"] = d.tasks_with_text;
            j["steps"] = d.steps;
            j["duties"] = d.duties;
            j["task_targets"] = d.task_targets;
            j["params"] = d.params;
            j["records"] = d.records;
            j["examples"] = d.examples;
            out["documents"].push_back(j);
        }
        out["totals"] = {{"documents", rs.documents.size()},
                         {"clauses", rs.clauses.size()},
                         {"tasks_steps_duties", rs.tasks.size()},
                         {"params", rs.params.size()},
                         {"units", rs.units.size()},
                         {"officials", rs.officials.size()},
                         {"benefits", rs.benefits.size()},
                         {"measures", rs.measures.size()},
                         {"records", rs.records.size()},
                         {"examples", rs.examples.size()}};
        std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        return Exit::ok;
    }
    std::cout
        << "document        clauses grant req forbid range target excl  tasks steps duties params records "
           "examples  number\n";
    for (rules::DocumentId i : rs.document_ids()) {
        const auto& doc = rs.document(i);
        const DocStats& d = per[i.index()];
        char line[256];
        std::snprintf(line, sizeof line, "%-15s %7d %5d %3d %6d %5d %6d %4d  %5d %5d %6d %6d %7d %8d  ",
                      doc.id.c_str(), d.clauses, d.grants, d.requirements, d.prohibitions, d.ranges,
                      d.targets + d.task_targets, d.exclusions + d.exclusivity, d.tasks, d.steps, d.duties,
                      d.params, d.records, d.examples);
        std::cout << line << doc.number << (doc.external ? " (external)" : "") << '\n';
    }
    std::cout << "total: " << rs.documents.size() << " documents, " << rs.clauses.size() << " clauses, "
              << rs.tasks.size() << " tasks, steps and duties, " << rs.params.size() << " parameters, "
              << rs.units.size() << " units, " << rs.officials.size() << " officials, " << rs.examples.size()
              << " examples\n";
    return Exit::ok;
}

} // namespace lexsim::app
