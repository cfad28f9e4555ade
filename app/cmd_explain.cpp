// lexsim explain: every clause about one entity on one date, and why.
#include "commands.hpp"
#include "common.hpp"
#include "lexsim/rules/calendar.hpp"
#include "lexsim/rules/diagnostic.hpp"
#include "lexsim/rules/evaluator.hpp"
#include "lexsim/rules/loader.hpp"
#include "lexsim/rules/situation.hpp"
#include "lexsim/rules/value.hpp"

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

std::string missing_text(const RuleSet& rs, int32_t entity, const rules::EvalValue& v) {
    if (v.status == rules::EvalStatus::MissingAttr)
        return "needs attribute '" +
               rs.entities[static_cast<size_t>(entity)].attrs[static_cast<size_t>(v.detail)].name + "'";
    if (v.status == rules::EvalStatus::MissingParam)
        return "needs parameter '" + rs.params[static_cast<size_t>(v.detail)].name + "' (open: give --param)";
    return v.status == rules::EvalStatus::DivByZero ? "division by zero" : "arithmetic overflow";
}

std::string years_text(const rules::GrantOutcome& g) {
    if (g.last_year == INT32_MAX)
        return "per year from " + std::to_string(g.first_year);
    if (g.last_year == g.first_year)
        return std::to_string(g.first_year);
    return std::to_string(g.first_year) + "–" + std::to_string(g.last_year);
}

} // namespace

int run_explain(const ExplainOptions& o) {
    auto loaded = load_or_report(o.paths);
    if (!loaded.ok())
        return Exit::bad_input;
    const RuleSet& rs = *loaded.rules;
    auto date = rules::parse_date(o.date);
    if (!date) {
        input_error("--date '" + o.date + "' is not a date YYYY-MM-DD from 1900-01-01 to 2999-12-31");
        return Exit::bad_input;
    }
    rules::SourceManager sm;
    rules::Diagnostics diags;
    auto situation = read_situation(rs, o.entity, sm, diags);
    if (!situation) {
        diags.render(sm, std::cerr);
        return Exit::bad_input;
    }
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
            input_error("--param expects name=value, got '" + kv + "'");
            return Exit::bad_input;
        }
        auto p = rs.find_param(kv.substr(0, eq));
        if (!p) {
            input_error("unknown parameter '" + kv.substr(0, eq) + "'");
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

    if (o.format == "json") {
        ordered_json out;
        out["entity"] = ent.name;
        out["date"] = o.date;
        ordered_json ents = ordered_json::array();
        for (const auto& [key, fen] : ev.totals) {
            ents.push_back({{"benefit", rs.benefits[static_cast<size_t>(key.first)].name},
                            {"year", key.second},
                            {"amount_fen", fen},
                            {"amount", rules::format_money(fen)}});
        }
        out["entitlements"] = ents;
        ordered_json clauses = ordered_json::array();
        for (const auto& t : ev.clauses) {
            const rules::Clause& c = rs.clauses[static_cast<size_t>(t.clause)];
            Citation cite = cite_clause(rs, t.clause);
            ordered_json j{{"id", c.id},           {"document", cite.document_number},
                           {"article", c.article}, {"file", cite.file},
                           {"line", cite.line},    {"status", rules::clause_status_name(t.status)}};
            if (t.reason != rules::no_expr)
                j["because_false"] = expr_text(rs, t.reason);
            if (t.by_clause >= 0)
                j["by"] = rs.clauses[static_cast<size_t>(t.by_clause)].id;
            if (t.status == rules::ClauseStatus::Undetermined)
                j["missing"] = missing_text(rs, *kind, t.missing);
            ordered_json grants = ordered_json::array();
            for (const auto& g : ev.grants) {
                if (g.clause != t.clause)
                    continue;
                const rules::Grant& gr = c.grants[static_cast<size_t>(g.grant)];
                ordered_json gj{{"benefit", rs.benefits[static_cast<size_t>(g.benefit)].name},
                                {"quantified", g.quantified}};
                if (g.quantified) {
                    gj["amount_fen"] = g.amount;
                    gj["amount"] = rules::format_money(g.amount);
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
        out["errors"] = ev.errors;
        std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        return ev.errors.empty() ? Exit::ok : Exit::bad_input;
    }

    std::ostream& os = std::cout;
    os << "Entity " << ent.name << (ent.label.empty() ? "" : " (" + ent.label + ")") << " on " << o.date
       << "\n\n";
    os << "Entitlements\n";
    if (ev.totals.empty())
        os << "  none\n";
    for (const auto& [key, fen] : ev.totals) {
        const auto& b = rs.benefits[static_cast<size_t>(key.first)];
        os << "  " << b.name << (b.label.empty() ? "" : " " + b.label) << "  " << key.second << ": "
           << rules::format_money(fen) << '\n';
    }
    os << "\nClauses\n";
    for (const auto& t : ev.clauses) {
        const rules::Clause& c = rs.clauses[static_cast<size_t>(t.clause)];
        Citation cite = cite_clause(rs, t.clause);
        os << "  [" << rules::clause_status_name(t.status) << "] " << c.id << "  " << cite.document_number
           << " " << c.article << "  (" << cite.file << ':' << cite.line << ")\n";
        if (!c.text.empty() && t.status == rules::ClauseStatus::Applied)
            os << "      " << quote(c.text) << '\n';
        if (t.reason != rules::no_expr)
            os << "      because this is false: " << expr_text(rs, t.reason) << '\n';
        if (t.by_clause >= 0)
            os << "      by " << rs.clauses[static_cast<size_t>(t.by_clause)].id << '\n';
        if (t.status == rules::ClauseStatus::Undetermined)
            os << "      " << missing_text(rs, *kind, t.missing) << '\n';
        if (t.status == rules::ClauseStatus::NotInForce) {
            const auto& d = rs.documents[static_cast<size_t>(c.document)];
            os << "      " << d.number << " in force " << rules::format_date(d.first_day()) << " – "
               << (d.expires ? rules::format_date(*d.expires) : std::string("(no end)")) << '\n';
        }
        for (const auto& g : ev.grants) {
            if (g.clause != t.clause)
                continue;
            const rules::Grant& gr = c.grants[static_cast<size_t>(g.grant)];
            os << "      grant " << rs.benefits[static_cast<size_t>(g.benefit)].name << ": ";
            if (!g.quantified)
                os << (gr.amount_kind == rules::AmountKind::InKind ? "in kind" : "unquantified");
            else
                os << (gr.amount_kind == rules::AmountKind::UpTo ? "up to " : "")
                   << rules::format_money(g.amount) << " = " << expr_text(rs, gr.amount);
            os << "  [" << years_text(g) << "]";
            if (gr.mode == rules::PayMode::PostSubsidy)
                os << " 后补助";
            else if (gr.mode == rules::PayMode::Advance)
                os << " 事前直接补助";
            os << '\n';
        }
        for (const auto& k : ev.constraints) {
            if (k.clause != t.clause)
                continue;
            const auto& ct = c.constraints[static_cast<size_t>(k.constraint)];
            os << "      " << (ct.forbid ? "forbid " : "require ") << expr_text(rs, ct.condition) << ": "
               << (!k.determined ? "undetermined"
                   : k.satisfied ? "satisfied"
                                 : "VIOLATED")
               << '\n';
        }
        if (t.status == rules::ClauseStatus::Applied)
            for (const auto& r : c.ranges)
                os << "      range " << rs.measures[static_cast<size_t>(r.measure)].name << " "
                   << expr_text(rs, r.low) << " .. " << expr_text(rs, r.high) << '\n';
    }
    if (!ev.params_used.empty()) {
        os << "\nParameters used\n";
        for (int32_t p : ev.params_used) {
            const auto& par = rs.params[static_cast<size_t>(p)];
            os << "  " << par.name << (par.label.empty() ? "" : " " + par.label) << " = "
               << (params.present[static_cast<size_t>(p)]
                       ? rules::format_value(rs, par.type, params.values[static_cast<size_t>(p)])
                       : std::string("(not given)"))
               << '\n';
        }
    }
    for (const auto& err : ev.errors)
        std::cerr << "lexsim explain: error: " << err << '\n';
    return ev.errors.empty() ? Exit::ok : Exit::bad_input;
}

} // namespace lexsim::app
