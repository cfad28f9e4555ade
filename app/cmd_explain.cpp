// lexsim explain: every clause about one entity on one date, and why.
#include "commands.hpp"
#include "common.hpp"
#include "lexsim/rules/calendar.hpp"
#include "lexsim/rules/diagnostic.hpp"
#include "lexsim/rules/evaluator.hpp"
#include "lexsim/rules/value.hpp"

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace lexsim::app {

namespace {

using nlohmann::ordered_json;
using rules::RuleSet;

bool input_error(const std::string& msg) {
    std::cerr << "lexsim explain: error: " << msg << '\n';
    return false;
}

bool read_entity_json(const std::string& arg, nlohmann::json& out) {
    std::string text = arg;
    std::string path = "<--entity>";
    if (!arg.empty() && arg.front() != '{') {
        path = arg;
        std::ifstream in(arg, std::ios::binary);
        if (!in)
            return input_error("cannot read entity file '" + arg + "'");
        std::ostringstream ss;
        ss << in.rdbuf();
        text = ss.str();
    }
    try {
        out = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        // Point at the offending byte, as the rules' diagnostics do.
        rules::SourceManager sm;
        uint32_t file = sm.add(path, text);
        auto at = static_cast<uint32_t>(e.byte > 0 ? std::min<size_t>(e.byte - 1, text.size()) : 0);
        std::string what = e.what(); // "[json…] parse error at line L, column C: MESSAGE"
        auto column = what.find(", column ");
        auto colon = column == std::string::npos ? std::string::npos : what.find(": ", column);
        rules::Diagnostic d{
            rules::Severity::Error,
            rules::Span{file, at, std::min<uint32_t>(at + 1, static_cast<uint32_t>(text.size()))},
            "invalid entity JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2)),
            {}};
        rules::render_diagnostic(sm, d, std::cerr);
        return false;
    }
    if (!out.is_object())
        return input_error("entity JSON must be an object {\"entity\": KIND, \"values\": {…}}");
    return true;
}

//! A JSON value as the text parse_value understands.
bool json_to_text(const nlohmann::json& v, std::string& out) {
    if (v.is_boolean())
        out = v.get<bool>() ? "true" : "false";
    else if (v.is_number_integer())
        out = std::to_string(v.get<int64_t>());
    else if (v.is_string())
        out = v.get<std::string>();
    else
        return false;
    return true;
}

bool set_value(const RuleSet& rs, rules::Type t, const std::string& name, const nlohmann::json& v,
               int64_t& out) {
    std::string text;
    if (!json_to_text(v, text))
        return input_error("value of '" + name +
                           "' must be a boolean, a whole number or a string such as \"300 万元\" or \"70%\" "
                           "(decimals as strings keep money exact)");
    auto pv = rules::parse_value(rs, t, text);
    if (!pv.ok)
        return input_error("value of '" + name + "': " + pv.error);
    out = pv.value;
    return true;
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
        input_error("--date '" + o.date + "' is not a date YYYY-MM-DD");
        return Exit::bad_input;
    }
    nlohmann::json input;
    if (!read_entity_json(o.entity, input))
        return Exit::bad_input;
    for (const auto& [key, v] : input.items()) {
        if (key != "entity" && key != "values" && key != "params") {
            input_error("unknown key \"" + key +
                        "\" in the entity JSON (expected \"entity\", \"values\", \"params\")");
            return Exit::bad_input;
        }
    }
    if (!input.contains("entity") || !input["entity"].is_string()) {
        input_error("entity JSON needs \"entity\": the entity kind");
        return Exit::bad_input;
    }
    auto kind = rs.find_entity(input["entity"].get<std::string>());
    if (!kind) {
        input_error("unknown entity kind '" + input["entity"].get<std::string>() + "'");
        return Exit::bad_input;
    }
    rules::EntityRow row = rules::make_row(rs, *kind);
    const rules::Entity& ent = rs.entities[static_cast<size_t>(*kind)];
    if (input.contains("values")) {
        if (!input["values"].is_object()) {
            input_error("\"values\" must be an object");
            return Exit::bad_input;
        }
        for (const auto& [name, v] : input["values"].items()) {
            auto slot = rs.find_attribute(*kind, name);
            if (!slot) {
                input_error("entity '" + ent.name + "' has no attribute '" + name + "'");
                return Exit::bad_input;
            }
            int64_t value = 0;
            if (!set_value(rs, ent.attrs[static_cast<size_t>(*slot)].type, name, v, value))
                return Exit::bad_input;
            row.set(*slot, value);
        }
    }
    rules::ParamRow params = rules::resolve_params(rs, *date);
    auto set_param = [&](const std::string& name, const nlohmann::json& v) {
        auto p = rs.find_param(name);
        if (!p)
            return input_error("unknown parameter '" + name + "'");
        int64_t value = 0;
        if (!set_value(rs, rs.params[static_cast<size_t>(*p)].type, name, v, value))
            return false;
        params.values[static_cast<size_t>(*p)] = value;
        params.present[static_cast<size_t>(*p)] = 1;
        return true;
    };
    if (input.contains("params") && !input["params"].is_object()) {
        input_error("\"params\" must be an object");
        return Exit::bad_input;
    }
    if (input.contains("params"))
        for (const auto& [name, v] : input["params"].items())
            if (!set_param(name, v))
                return Exit::bad_input;
    for (const auto& kv : o.params) {
        auto eq = kv.find('=');
        if (eq == std::string::npos) {
            input_error("--param expects name=value, got '" + kv + "'");
            return Exit::bad_input;
        }
        if (!set_param(kv.substr(0, eq), nlohmann::json(kv.substr(eq + 1))))
            return Exit::bad_input;
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
        std::cout << out.dump(2) << '\n';
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
