// lexsim diff and lexsim bounds as text and JSON: the renderers beside check's (report.cpp), so app/ only
// loads, runs and prints. Words are the rules' labels and 元/万元/亿元, in the report's language.
#include "lexsim/rules/calendar.hpp"
#include "lexsim/solver/compare.hpp"
#include "lexsim/solver/report.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace lexsim::solver {

namespace {

using nlohmann::ordered_json;

std::string money_or_unbounded(const std::optional<int64_t>& v, bool zh) {
    return v ? money_text(*v) : std::string(zh ? "无上限（随输入增长）" : "unbounded (grows with an input)");
}

const char* verdict_text(DiffVerdict v, bool zh) {
    if (!zh)
        return diff_verdict_name(v);
    switch (v) {
    case DiffVerdict::Equivalent:
        return "无变化";
    case DiffVerdict::MoreGenerous:
        return "新版更优厚";
    case DiffVerdict::LessGenerous:
        return "新版更少";
    case DiffVerdict::Incomparable:
        return "有增有减";
    case DiffVerdict::Unknown:
        break;
    }
    return "未能判定";
}

//! An in-kind benefit's verdict: it compares the situations each version grants it in, not money.
const char* in_kind_verdict_text(DiffVerdict v, bool zh) {
    switch (v) {
    case DiffVerdict::Equivalent:
        return zh ? "实物支持，无变化" : "in kind, equivalent";
    case DiffVerdict::MoreGenerous:
        return zh ? "实物支持，新版适用情形更多" : "in kind, granted in more situations";
    case DiffVerdict::LessGenerous:
        return zh ? "实物支持，新版适用情形更少" : "in kind, granted in fewer situations";
    case DiffVerdict::Incomparable:
        return zh ? "实物支持，适用情形有增有减" : "in kind, granted in more and in fewer situations";
    case DiffVerdict::Unknown:
        break;
    }
    return zh ? "实物支持，未能判定" : "in kind, unknown";
}

ordered_json situation_json(const DiffWitness& w) {
    ordered_json attrs = ordered_json::object();
    for (const auto& [k, v] : w.attributes)
        attrs[k] = v;
    return {{"entity", w.entity}, {"date", rules::format_date(w.date)}, {"attributes", attrs}};
}

ordered_json in_kind_witness_json(const DiffWitness& w) {
    ordered_json j = situation_json(w);
    j["old_grants"] = w.old_total != 0;
    j["new_grants"] = w.new_total != 0;
    j["verified"] = w.verified;
    return j;
}

ordered_json term_witness_json(const DiffWitness& w) {
    ordered_json j = situation_json(w);
    j["old_per_year_fen"] = w.old_total;
    j["old_years"] = w.old_years;
    j["old_term_fen"] = w.old_term;
    j["new_per_year_fen"] = w.new_total;
    j["new_years"] = w.new_years;
    j["new_term_fen"] = w.new_term;
    j["verified"] = w.verified;
    return j;
}

ordered_json witness_json(const DiffWitness& w) {
    ordered_json attrs = ordered_json::object();
    for (const auto& [k, v] : w.attributes)
        attrs[k] = v;
    return {{"entity", w.entity},
            {"date", rules::format_date(w.date)},
            {"attributes", attrs},
            {"old", rules::format_money(w.old_total)},
            {"new", rules::format_money(w.new_total)},
            {"old_fen", w.old_total},
            {"new_fen", w.new_total},
            {"verified", w.verified}};
}

//! The entity, the date and the attributes either version reads.
std::string situation_text(const rules::RuleSet& rs, const DiffWitness& w, Lang lang) {
    bool zh = lang == Lang::Zh;
    std::string s = entity_text(rs, w.entity, lang) + (zh ? "，" : " on ") + rules::format_date(w.date);
    std::string sep = zh ? "，" : ": ";
    for (const auto& [k, v] : w.attributes) {
        s += sep + attribute_text(rs, w.entity, k, v, lang);
        sep = zh ? "，" : ", ";
    }
    return s;
}

std::string witness_text(const rules::RuleSet& rs, const DiffWitness& w, Lang lang) {
    bool zh = lang == Lang::Zh;
    return situation_text(rs, w, lang) + (zh ? " → 旧版 " : " → old ") + money_text(w.old_total) +
           (zh ? "，新版 " : ", new ") + money_text(w.new_total);
}

//! One version's payment over the term: "每年 30 万元，共 3 年，合计 90 万元" / "30 万元 once".
std::string term_text(int64_t per_year, int32_t years, int64_t total, bool zh) {
    if (years <= 0)
        return zh ? "不支付" : "nothing";
    if (years == 1)
        return zh ? "一次 " + money_text(total) : money_text(total) + " once";
    std::string n = std::to_string(years);
    return zh ? "每年 " + money_text(per_year) + "，共 " + n + " 年，合计 " + money_text(total)
              : money_text(per_year) + " a year for " + n + " years, " + money_text(total) + " in all";
}

std::string term_witness_text(const rules::RuleSet& rs, const DiffWitness& w, Lang lang) {
    bool zh = lang == Lang::Zh;
    return situation_text(rs, w, lang) + (zh ? " → 旧版 " : " → old ") +
           term_text(w.old_total, w.old_years, w.old_term, zh) + (zh ? "；新版 " : "; new ") +
           term_text(w.new_total, w.new_years, w.new_term, zh);
}

std::string change_bound_text(const std::optional<int64_t>& v, bool more, bool zh) {
    if (!v)
        return zh ? (more ? "全期最多增加：无上限（随输入增长）" : "全期最多减少：无上限（随输入增长）")
                  : (more ? "over the term at most more: unbounded (grows with an input)"
                          : "over the term at most less: unbounded (grows with an input)");
    return zh ? std::string(more ? "全期最多增加 " : "全期最多减少 ") + money_text(*v)
              : "over the term at most " + money_text(*v) + (more ? " more" : " less");
}

//! The clauses granting `benefit` in one version: id → (citation, declaration text without spaces).
std::map<std::string, std::pair<std::string, std::string>> granting(const rules::RuleSet& rs,
                                                                    const std::string& benefit) {
    std::map<std::string, std::pair<std::string, std::string>> out;
    for (const auto& c : rs.clauses)
        for (const auto& g : c.grants)
            if (rs.benefits[static_cast<size_t>(g.benefit)].name == benefit) {
                std::string text;
                for (char ch : rs.sources.slice(c.span))
                    if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r')
                        text += ch;
                out[c.id] = {rs.document(c.document).number + " " + c.article + "（" + c.id + "）", text};
            }
    return out;
}

//! "新增 …；删除 …；修改 …": the clauses of a benefit the new version adds, removes or rewrites.
std::string changed_clauses(const rules::RuleSet& older, const rules::RuleSet& newer,
                            const std::string& benefit, bool zh) {
    auto before = granting(older, benefit), after = granting(newer, benefit);
    std::vector<std::string> added, removed, changed;
    for (const auto& [id, v] : after) {
        auto it = before.find(id);
        if (it == before.end())
            added.push_back(v.first);
        else if (it->second.second != v.second)
            changed.push_back(v.first);
    }
    for (const auto& [id, v] : before)
        if (!after.count(id))
            removed.push_back(v.first);
    std::string out;
    auto part = [&](const char* zh_word, const char* en_word, const std::vector<std::string>& items) {
        if (items.empty())
            return;
        out += out.empty() ? "" : (zh ? "；" : "; ");
        out += zh ? zh_word : en_word;
        for (size_t i = 0; i < items.size(); ++i)
            out += (i == 0 ? "" : (zh ? "、" : ", ")) + items[i];
    };
    part("新增 ", "added ", added);
    part("删除 ", "removed ", removed);
    part("修改 ", "changed ", changed);
    return out;
}

} // namespace

std::string render_diff_json(const DiffReport& d) {
    ordered_json out = ordered_json::array();
    for (const auto& b : d.benefits) {
        ordered_json j{
            {"benefit", b.benefit}, {"entity", b.entity}, {"verdict", diff_verdict_name(b.verdict)}};
        if (b.in_kind) {
            j["in_kind"] = true;
            if (b.more)
                j["more_situations_witness"] = in_kind_witness_json(*b.more);
            if (b.less)
                j["fewer_situations_witness"] = in_kind_witness_json(*b.less);
        } else {
            if (b.more)
                j["more_generous_witness"] = witness_json(*b.more);
            if (b.less)
                j["less_generous_witness"] = witness_json(*b.less);
        }
        if (b.term) {
            ordered_json t{{"verdict", diff_verdict_name(b.term->verdict)}};
            if (b.term->more) {
                t["more_generous_witness"] = term_witness_json(*b.term->more);
                t["most_more_fen"] =
                    b.term->most_more ? ordered_json(*b.term->most_more) : ordered_json(nullptr);
            }
            if (b.term->less) {
                t["less_generous_witness"] = term_witness_json(*b.term->less);
                t["most_less_fen"] =
                    b.term->most_less ? ordered_json(*b.term->most_less) : ordered_json(nullptr);
            }
            if (b.term->bound_unknown)
                t["bound_unknown"] = true;
            j["term"] = t;
        }
        if (!b.reason.empty())
            j["reason"] = b.reason;
        out.push_back(j);
    }
    return ordered_json{{"benefits", out}, {"errors", d.errors}}.dump(
               2, ' ', false, nlohmann::json::error_handler_t::replace) +
           "\n";
}

std::string render_diff_text(const rules::RuleSet& older, const rules::RuleSet& newer, const DiffReport& d,
                             Lang lang, bool all) {
    std::ostringstream os;
    const rules::RuleSet& rs = newer;
    bool zh = lang == Lang::Zh;
    size_t same = 0;
    for (const auto& b : d.benefits) {
        bool term_same = !b.term || b.term->verdict == DiffVerdict::Equivalent;
        if (b.verdict == DiffVerdict::Equivalent && term_same && !all) {
            ++same;
            continue;
        }
        os << benefit_text(rs, b.benefit, lang) << " (" << entity_text(rs, b.entity, lang) << "): ";
        if (b.in_kind)
            os << in_kind_verdict_text(b.verdict, zh) << '\n';
        else if (b.term)
            os << (zh ? "按年" : "per year: ") << verdict_text(b.verdict, zh)
               << (zh ? "；全期" : "; over the term: ") << verdict_text(b.term->verdict, zh) << '\n';
        else
            os << verdict_text(b.verdict, zh) << '\n';
        if (b.in_kind) {
            if (b.more)
                os << (zh ? "  仅新版给予：" : "  only new grants it: ") << situation_text(rs, *b.more, lang)
                   << '\n';
            if (b.less)
                os << (zh ? "  仅旧版给予：" : "  only old grants it: ") << situation_text(rs, *b.less, lang)
                   << '\n';
        } else {
            if (b.more)
                os << (zh ? "  新版支付更多：" : "  new pays more: ") << witness_text(rs, *b.more, lang)
                   << '\n';
            if (b.less)
                os << (zh ? "  新版支付更少：" : "  new pays less: ") << witness_text(rs, *b.less, lang)
                   << '\n';
        }
        if (b.term) {
            if (b.term->more)
                os << (zh ? "  全期新版支付更多：" : "  over the term new pays more: ")
                   << term_witness_text(rs, *b.term->more, lang) << '\n';
            if (b.term->less)
                os << (zh ? "  全期新版支付更少：" : "  over the term new pays less: ")
                   << term_witness_text(rs, *b.term->less, lang) << '\n';
            if (!b.term->bound_unknown) {
                if (b.term->more)
                    os << "  " << change_bound_text(b.term->most_more, true, zh) << '\n';
                if (b.term->less)
                    os << "  " << change_bound_text(b.term->most_less, false, zh) << '\n';
            }
        }
        std::string clauses = changed_clauses(older, rs, b.benefit, zh);
        if (!clauses.empty())
            os << (zh ? "  变动条款：" : "  clauses: ") << clauses << '\n';
        if (!b.reason.empty())
            os << (zh ? "  求解器：" : "  solver: ") << b.reason << '\n';
    }
    if (same > 0)
        os << (zh ? std::to_string(same) + " 个支持事项无变化（--all 列出）"
                  : std::to_string(same) + " benefits unchanged (--all lists them)")
           << '\n';
    return os.str();
}

std::string render_bounds_json(const rules::RuleSet& rs, const BoundsReport& b) {
    ordered_json clauses = ordered_json::array();
    for (const auto& c : b.clauses) {
        const rules::Clause& cl = rs.clause(c.clause);
        ordered_json j{
            {"clause", cl.id},
            {"document", rs.document(cl.document).number},
            {"article", cl.article},
            {"benefit",
             rs.benefits[static_cast<size_t>(cl.grants[static_cast<size_t>(c.grant)].benefit)].name}};
        j["per_entity_fen"] = c.per_entity ? ordered_json(*c.per_entity) : ordered_json(nullptr);
        j["per_year_fen"] = c.per_year ? ordered_json(*c.per_year) : ordered_json(nullptr);
        if (c.per_year_overflow)
            j["per_year_overflow"] = true;
        if (c.unknown)
            j["unknown"] = true;
        clauses.push_back(j);
    }
    ordered_json benefits = ordered_json::array();
    for (const auto& x : b.benefits)
        benefits.push_back(
            {{"benefit", x.benefit},
             {"entity", x.entity},
             {"per_entity_fen", x.per_entity ? ordered_json(*x.per_entity) : ordered_json(nullptr)}});
    ordered_json entities = ordered_json::array();
    for (const auto& [name, v] : b.entities)
        entities.push_back(
            {{"entity", name}, {"per_entity_fen", v ? ordered_json(*v) : ordered_json(nullptr)}});
    return ordered_json{{"clauses", clauses}, {"benefits", benefits}, {"entities", entities}}.dump(
               2, ' ', false, nlohmann::json::error_handler_t::replace) +
           "\n";
}

std::string render_bounds_text(const rules::RuleSet& rs, const BoundsReport& b, Lang lang) {
    std::ostringstream os;
    bool zh = lang == Lang::Zh;
    os << (zh ? "单一主体一年内从每条条款最多可得\n"
              : "Most one entity can receive in one year, per clause\n");
    for (const auto& c : b.clauses) {
        const rules::Clause& cl = rs.clause(c.clause);
        os << "  " << cl.id << "  " << rs.document(cl.document).number << ' ' << cl.article << "  "
           << (c.unknown ? (zh ? "未能判定" : "unknown") : money_or_unbounded(c.per_entity, zh));
        if (c.per_year)
            os << (zh ? "；全部受益者每年合计最多 " : "; all recipients together at most ")
               << money_text(*c.per_year) << (zh ? "" : " a year");
        if (c.per_year_overflow)
            os << (zh ? "；全部受益者每年合计：数额过大，无法精确计算（溢出）"
                      : "; all recipients together: too large to compute exactly (overflow)");
        os << '\n';
    }
    os << (zh ? "\n每个支持事项，单一主体，一年\n" : "\nPer benefit, one entity, one year\n");
    for (const auto& x : b.benefits)
        os << "  " << benefit_text(rs, x.benefit, lang) << " (" << entity_text(rs, x.entity, lang)
           << "): " << (x.unknown ? (zh ? "未能判定" : "unknown") : money_or_unbounded(x.per_entity, zh))
           << '\n';
    os << (zh ? "\n全部支持事项，单一主体，一年\n" : "\nAll benefits, one entity, one year\n");
    for (const auto& [name, v] : b.entities)
        os << "  " << entity_text(rs, name, lang) << (zh ? "：" : ": ") << money_or_unbounded(v, zh) << '\n';
    return os.str();
}

} // namespace lexsim::solver
