// lexsim explain: every clause about one entity on one date, and why.
#include "commands.hpp"
#include "common.hpp"
#include "lexsim/rules/calendar.hpp"
#include "lexsim/rules/diagnostic.hpp"
#include "lexsim/rules/evaluator.hpp"
#include "lexsim/rules/loader.hpp"
#include "lexsim/rules/situation.hpp"
#include "lexsim/rules/value.hpp"
#include "lexsim/solver/report.hpp"

#include <algorithm>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

namespace lexsim::app {

namespace {

using nlohmann::ordered_json;
using rules::RuleSet;

bool input_error(const std::string& msg) {
    std::cerr << "lexsim explain: error: " << msg << '\n';
    return false;
}

//! An input error in the report's language (Chinese when the rules' labels are, unless --lang en).
bool input_error(bool zh, const std::string& zh_msg, const std::string& en_msg) {
    std::cerr << "lexsim explain: " << (zh ? "错误：" + zh_msg : "error: " + en_msg) << '\n';
    return false;
}

//! The --entity argument: inline JSON (it starts with '{', after any spaces) or the path of a JSON file.
std::optional<rules::Situation> read_situation(const RuleSet& rs, const std::string& arg,
                                               rules::SourceManager& sm, rules::Diagnostics& diags) {
    size_t first = arg.find_first_not_of(" \t\r\n");
    std::string text;
    std::string path = "<--entity>";
    if (first != std::string::npos && arg[first] == '{') {
        text = arg;
    } else {
        path = arg;
        if (auto error = rules::read_text_file(arg, rules::max_file_bytes, text)) {
            input_error(
                "entity file '" + arg + "' " + *error +
                (first != 0 && first != std::string::npos ? " (the argument starts with spaces)" : ""));
            return std::nullopt;
        }
    }
    uint32_t file = sm.add(path, std::move(text));
    return rules::parse_situation(rs, sm, file, diags);
}

std::string expr_text(const RuleSet& rs, rules::ExprId e) {
    return e == rules::no_expr ? std::string() : std::string(rs.sources.slice(rs.expr(e).span));
}

//! The words of explain's text: the corpus's labels, money in 元/万元/亿元 and conditions in words in
//! Chinese; the rule names and rule text in English.
class ExplainWords {
public:
    ExplainWords(const RuleSet& rs, int32_t entity, solver::Lang lang)
        : m_rs(rs), m_entity(entity), m_lang(lang), m_zh(lang == solver::Lang::Zh) {}
    bool zh() const { return m_zh; }
    const char* pick(const char* zh, const char* en) const { return m_zh ? zh : en; }

    std::string status(rules::ClauseStatus s) const {
        if (!m_zh)
            return rules::clause_status_name(s);
        switch (s) {
        case rules::ClauseStatus::Applied:
            return "适用";
        case rules::ClauseStatus::NotApplicable:
            return "不适用";
        case rules::ClauseStatus::Excluded:
            return "排除";
        case rules::ClauseStatus::Superseded:
            return "被取代";
        case rules::ClauseStatus::NotInForce:
            return "未生效或已失效";
        case rules::ClauseStatus::Undetermined:
            return "无法判断";
        }
        return "?";
    }
    std::string condition(rules::ExprId e) const {
        return m_zh ? solver::condition_text(m_rs, e, m_entity, m_lang) : expr_text(m_rs, e);
    }
    std::string formula(rules::ExprId e) const {
        return m_zh ? solver::formula_text(m_rs, e, m_entity, m_lang) : expr_text(m_rs, e);
    }
    //! " = a * k" in English; "（金额 × 倍数）" in Chinese, nothing when the amount is a fixed figure.
    std::string formula_note(rules::ExprId e) const {
        if (!m_zh)
            return " = " + expr_text(m_rs, e);
        return m_rs.expr(e).op == rules::ExprOp::Literal ? std::string() : "（" + formula(e) + "）";
    }
    std::string money(int64_t fen) const { return m_zh ? solver::money_text(fen) : rules::format_money(fen); }
    std::string benefit(int32_t b) const {
        const auto& x = m_rs.benefits[static_cast<size_t>(b)];
        return m_zh ? "「" + solver::benefit_text(m_rs, x.name, m_lang) + "」" : x.name;
    }
    std::string missing(const rules::EvalValue& v) const {
        if (v.status == rules::EvalStatus::MissingAttr) {
            if (!m_zh)
                return "needs attribute '" +
                       m_rs.entities[static_cast<size_t>(m_entity)]
                           .attrs[static_cast<size_t>(v.detail)]
                           .name +
                       "'";
            return "需要属性「" + solver::attribute_name_text(m_rs, m_entity, v.detail, m_lang) + "」";
        }
        if (v.status == rules::EvalStatus::MissingParam) {
            if (!m_zh)
                return "needs parameter '" + m_rs.params[static_cast<size_t>(v.detail)].name +
                       "' (open: give --param)";
            return "需要参数「" + solver::param_name_text(m_rs, v.detail, m_lang) +
                   "」（文本未给出：用 --param " + m_rs.params[static_cast<size_t>(v.detail)].name +
                   "=… 给出）";
        }
        if (v.status == rules::EvalStatus::DivByZero)
            return pick("除数为零", "division by zero");
        return pick("计算溢出", "arithmetic overflow");
    }
    std::string years(const rules::GrantOutcome& g) const {
        if (g.last_year == INT32_MAX)
            return m_zh ? std::to_string(g.first_year) + " 年起每年"
                        : "per year from " + std::to_string(g.first_year);
        if (g.last_year == g.first_year)
            return std::to_string(g.first_year) + pick(" 年", "");
        return std::to_string(g.first_year) + "–" + std::to_string(g.last_year) + pick(" 年", "");
    }

private:
    const RuleSet& m_rs;
    int32_t m_entity;
    solver::Lang m_lang;
    bool m_zh;
};

//! An evaluation error in the report's language: the evaluator's own text in English; in Chinese, the
//! clause's citation, the condition or formula in words, what went wrong and the inputs it read.
std::string error_text(const RuleSet& rs, const ExplainWords& w, const rules::EntityRow& row,
                       const rules::EvalError& e, const std::string& english, solver::Lang lang) {
    if (!w.zh())
        return english;
    const rules::Entity& ent = rs.entities[static_cast<size_t>(row.entity)];
    if (!e.clause.valid())
        return "输入不满足「" + solver::entity_text(rs, ent.name, lang) + "」的约束：" + w.condition(e.expr) +
               "（" + expr_text(rs, e.expr) + "）";
    std::vector<int32_t> slots;
    std::function<void(rules::ExprId)> walk = [&](rules::ExprId id) {
        if (id == rules::no_expr)
            return;
        const rules::Expr& x = rs.expr(id);
        if (x.op == rules::ExprOp::Attr &&
            std::find(slots.begin(), slots.end(), static_cast<int32_t>(x.value)) == slots.end())
            slots.push_back(static_cast<int32_t>(x.value));
        for (rules::ExprId y : {x.a, x.b, x.c})
            walk(y);
        if (x.op == rules::ExprOp::Min || x.op == rules::ExprOp::Max)
            for (uint32_t i = 0; i < x.list_count; ++i)
                walk(static_cast<rules::ExprId>(rs.lists[x.list_begin + i]));
    };
    walk(e.expr);
    std::string inputs;
    for (int32_t slot : slots) {
        const rules::Attribute& a = ent.attrs[static_cast<size_t>(slot)];
        inputs += (inputs.empty() ? "；输入：" : "，") +
                  solver::attribute_name_text(rs, row.entity, slot, lang) + "：" +
                  (row.present[static_cast<size_t>(slot)]
                       ? solver::value_text(rs, a.type, row.values[static_cast<size_t>(slot)], lang)
                       : std::string("未给出"));
    }
    const rules::Clause& c = rs.clause(e.clause);
    Citation cite = cite_clause(rs, e.clause);
    return "条款 " + cite.document_number + " " + c.article + "（" + c.id + "）：" +
           (e.amount ? "无法计算金额「" + w.formula(e.expr) + "」"
                     : "无法判断条件「" + w.condition(e.expr) + "」") +
           "：" + w.missing(e.value) + inputs;
}

solver::Lang lang_of(const RuleSet& rs, const std::string& lang) {
    return solver::resolve_lang(rs, lang == "zh"   ? solver::Lang::Zh
                                    : lang == "en" ? solver::Lang::En
                                                   : solver::Lang::Auto);
}

void print_grants(const RuleSet& rs, const ExplainWords& w, const rules::Evaluation& ev,
                  rules::ClauseId clause, std::ostream& os) {
    const rules::Clause& c = rs.clause(clause);
    for (const auto& g : ev.grants) {
        if (g.clause != clause)
            continue;
        const rules::Grant& gr = c.grants[static_cast<size_t>(g.grant)];
        os << "      " << w.pick("给予", "grant ") << w.benefit(g.benefit) << w.pick("：", ": ");
        if (!g.quantified)
            os << (gr.amount_kind == rules::AmountKind::InKind ? w.pick("非资金支持", "in kind")
                                                               : w.pick("未定额", "unquantified"));
        else
            os << (gr.amount_kind == rules::AmountKind::UpTo ? w.pick("最高 ", "up to ") : "")
               << w.money(g.amount) << w.formula_note(gr.amount);
        os << "  [" << w.years(g) << "]";
        if (gr.mode == rules::PayMode::PostSubsidy)
            os << " 后补助";
        else if (gr.mode == rules::PayMode::Advance)
            os << " 事前直接补助";
        os << '\n';
    }
    for (const auto& k : ev.constraints) {
        if (k.clause != clause)
            continue;
        const auto& ct = c.constraints[static_cast<size_t>(k.constraint)];
        os << "      " << (ct.forbid ? w.pick("禁止：", "forbid ") : w.pick("要求：", "require "))
           << w.condition(ct.condition) << w.pick("——", ": ")
           << (!k.determined ? w.pick("无法判断", "undetermined")
               : k.satisfied ? w.pick("满足", "satisfied")
                             : w.pick("违反", "VIOLATED"))
           << '\n';
    }
}

void print_clause(const RuleSet& rs, const ExplainWords& w, const rules::Evaluation& ev,
                  const rules::ClauseTrace& t, std::ostream& os) {
    const rules::Clause& c = rs.clause(t.clause);
    Citation cite = cite_clause(rs, t.clause);
    os << "  [" << w.status(t.status) << "] " << c.id << "  " << cite.document_number << " " << c.article
       << "  (" << cite.file << ':' << cite.line << ")\n";
    if (!c.text.empty() && t.status == rules::ClauseStatus::Applied)
        os << "      " << quote(c.text) << '\n';
    if (t.reason != rules::no_expr)
        os << "      " << w.pick("不满足：", "because this is false: ") << w.condition(t.reason) << '\n';
    if (t.by_clause.valid())
        os << "      " << w.pick("取代它的条款：", "by ") << rs.clause(t.by_clause).id << '\n';
    if (t.status == rules::ClauseStatus::Undetermined)
        os << "      " << w.missing(t.missing) << '\n';
    if (t.status == rules::ClauseStatus::NotInForce) {
        const auto& d = rs.document(c.document);
        os << "      " << d.number << w.pick(" 有效期 ", " in force ") << rules::format_date(d.first_day())
           << (w.zh() ? " 至 " : " – ")
           << (d.expires ? rules::format_date(*d.expires)
                         : std::string(w.pick("（未规定终止日）", "(no end)")))
           << '\n';
    }
    print_grants(rs, w, ev, t.clause, os);
    if (t.status == rules::ClauseStatus::Applied)
        for (const auto& r : c.ranges)
            os << "      " << w.pick("区间 ", "range ") << rs.measures[static_cast<size_t>(r.measure)].name
               << " " << w.formula(r.low) << " .. " << w.formula(r.high) << '\n';
}

void print_text(const RuleSet& rs, const ExplainWords& w, const rules::Entity& ent, const std::string& date,
                const rules::Evaluation& ev, const rules::ParamRow& params, std::ostream& os) {
    if (w.zh())
        os << (ent.label.empty() ? ent.name : ent.label + "（" + ent.name + "）") << "，" << date << "\n\n";
    else
        os << "Entity " << ent.name << (ent.label.empty() ? "" : " (" + ent.label + ")") << " on " << date
           << "\n\n";
    os << w.pick("可享受的支持\n", "Entitlements\n");
    if (ev.totals.empty())
        os << w.pick("  无\n", "  none\n");
    for (const auto& [key, fen] : ev.totals) {
        const auto& b = rs.benefits[static_cast<size_t>(key.first)];
        if (w.zh())
            os << "  " << b.name << (b.label.empty() ? "" : " " + b.label) << "  " << key.second << " 年："
               << w.money(fen) << '\n';
        else
            os << "  " << b.name << (b.label.empty() ? "" : " " + b.label) << "  " << key.second << ": "
               << w.money(fen) << '\n';
    }
    os << w.pick("\n条款\n", "\nClauses\n");
    for (const auto& t : ev.clauses)
        print_clause(rs, w, ev, t, os);
    if (ev.params_used.empty())
        return;
    os << w.pick("\n用到的参数\n", "\nParameters used\n");
    for (int32_t p : ev.params_used) {
        const auto& par = rs.params[static_cast<size_t>(p)];
        os << "  " << par.name << (par.label.empty() ? "" : " " + par.label) << " = "
           << (params.present[static_cast<size_t>(p)]
                   ? (w.zh() ? solver::value_text(rs, par.type, params.values[static_cast<size_t>(p)],
                                                  solver::Lang::Zh)
                             : rules::format_value(rs, par.type, params.values[static_cast<size_t>(p)]))
                   : std::string(w.pick("（未给出）", "(not given)")))
           << '\n';
    }
}

//! The --format json output: entitlements, every clause with its grants, the parameters used.
//! Keys and `status` / `benefit` / `id` values are stable names for tools; the texts people read
//! (`status_text`, `because_false`, `missing`, `amount`, `label`, `errors`) are in the report's language.
void print_json(const RuleSet& rs, const ExplainWords& w, const rules::Entity& ent,
                const std::string& date_text, const rules::Evaluation& ev, const rules::ParamRow& params) {
    ordered_json out;
    out["entity"] = ent.name;
    out["date"] = date_text;
    ordered_json ents = ordered_json::array();
    for (const auto& [key, fen] : ev.totals) {
        ordered_json e{{"benefit", rs.benefits[static_cast<size_t>(key.first)].name}};
        if (w.zh())
            e["label"] =
                solver::benefit_text(rs, rs.benefits[static_cast<size_t>(key.first)].name, solver::Lang::Zh);
        e["year"] = key.second;
        e["amount_fen"] = fen;
        e["amount"] = w.money(fen);
        ents.push_back(e);
    }
    out["entitlements"] = ents;
    ordered_json clauses = ordered_json::array();
    for (const auto& t : ev.clauses) {
        const rules::Clause& c = rs.clause(t.clause);
        Citation cite = cite_clause(rs, t.clause);
        ordered_json j{{"id", c.id},           {"document", cite.document_number},
                       {"article", c.article}, {"file", cite.file},
                       {"line", cite.line},    {"status", rules::clause_status_name(t.status)}};
        if (w.zh())
            j["status_text"] = w.status(t.status);
        if (t.reason != rules::no_expr)
            j["because_false"] = w.condition(t.reason);
        if (t.by_clause.valid())
            j["by"] = rs.clause(t.by_clause).id;
        if (t.status == rules::ClauseStatus::Undetermined)
            j["missing"] = w.missing(t.missing);
        ordered_json grants = ordered_json::array();
        for (const auto& g : ev.grants) {
            if (g.clause != t.clause)
                continue;
            const rules::Grant& gr = c.grants[static_cast<size_t>(g.grant)];
            ordered_json gj{{"benefit", rs.benefits[static_cast<size_t>(g.benefit)].name},
                            {"quantified", g.quantified}};
            if (g.quantified) {
                gj["amount_fen"] = g.amount;
                gj["amount"] = w.money(g.amount);
                gj["ceiling"] = gr.amount_kind == rules::AmountKind::UpTo;
            }
            gj["first_year"] = g.first_year;
            if (g.last_year != INT32_MAX)
                gj["last_year"] = g.last_year;
            grants.push_back(gj);
        }
        if (!grants.empty())
            j["grants"] = grants;
        clauses.push_back(j);
    }
    out["clauses"] = clauses;
    ordered_json ps = ordered_json::object();
    for (int32_t p : ev.params_used) {
        const auto& par = rs.params[static_cast<size_t>(p)];
        ps[par.name] =
            params.present[static_cast<size_t>(p)]
                ? ordered_json(rules::format_value(rs, par.type, params.values[static_cast<size_t>(p)]))
                : ordered_json(nullptr);
    }
    out["params_used"] = ps;
    out["errors"] = ev.errors; // empty: an evaluation with errors is refused before this
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}
} // namespace

int run_explain(const ExplainOptions& o) {
    auto loaded = load_or_report(o.paths);
    if (!loaded.ok())
        return Exit::bad_input;
    const RuleSet& rs = *loaded.rules;
    const solver::Lang lang = lang_of(rs, o.lang);
    const bool zh = lang == solver::Lang::Zh;
    std::optional<int32_t> date;
    if (!o.date.empty() && !(date = rules::parse_date(o.date))) {
        input_error(zh, "--date '" + o.date + "' 不是 1900-01-01 至 2999-12-31 之间的日期（YYYY-MM-DD）",
                    "--date '" + o.date + "' is not a date YYYY-MM-DD from 1900-01-01 to 2999-12-31");
        return Exit::bad_input;
    }
    rules::SourceManager sm;
    rules::Diagnostics diags;
    auto situation = read_situation(rs, o.entity, sm, diags);
    if (!situation) {
        diags.render(sm, std::cerr);
        return Exit::bad_input;
    }
    if (!date)
        date = situation->date;
    if (!date) {
        input_error(zh, "请给出 --date，或在主体 JSON 中给出 \"date\"",
                    "give --date, or a \"date\" in the entity JSON");
        return Exit::bad_input;
    }
    const std::string date_text = rules::format_date(*date);
    const int32_t* kind = &situation->entity;
    rules::EntityRow& row = situation->row;
    const rules::Entity& ent = rs.entities[static_cast<size_t>(*kind)];
    rules::ParamRow params = rules::resolve_params(rs, *date);
    auto set_param = [&](int32_t p, int64_t value) {
        params.values[static_cast<size_t>(p)] = value;
        params.present[static_cast<size_t>(p)] = 1;
    };
    for (const auto& [p, value] : situation->params)
        set_param(p, value);
    for (const auto& kv : o.params) {
        auto eq = kv.find('=');
        if (eq == std::string::npos) {
            input_error(zh, "--param 应写作 名称=值，实际为 '" + kv + "'",
                        "--param expects name=value, got '" + kv + "'");
            return Exit::bad_input;
        }
        auto p = rs.find_param(kv.substr(0, eq));
        if (!p) {
            input_error(zh, "未知参数 '" + kv.substr(0, eq) + "'",
                        "unknown parameter '" + kv.substr(0, eq) + "'");
            return Exit::bad_input;
        }
        auto pv = rules::parse_param_value(rs, *p, kv.substr(eq + 1));
        if (!pv.ok) {
            input_error("--param " + kv.substr(0, eq) + ": " + pv.error);
            return Exit::bad_input;
        }
        set_param(*p, pv.value);
    }

    rules::Evaluation ev = rules::evaluate(rs, row, *date, params);
    // An entity that breaks an invariant (or an amount that cannot be computed) is bad input: the errors,
    // and nothing on stdout.
    ExplainWords w(rs, *kind, lang);
    if (!ev.errors.empty()) {
        for (size_t i = 0; i < ev.errors.size(); ++i)
            std::cerr << "lexsim explain: " << w.pick("错误：", "error: ")
                      << (i < ev.error_details.size()
                              ? error_text(rs, w, row, ev.error_details[i], ev.errors[i], lang)
                              : ev.errors[i])
                      << '\n';
        return Exit::bad_input;
    }

    if (o.format == "json") {
        print_json(rs, w, ent, date_text, ev, params);
        return Exit::ok;
    }

    print_text(rs, w, ent, date_text, ev, params, std::cout);
    return Exit::ok;
}

} // namespace lexsim::app
