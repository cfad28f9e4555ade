#include "checker.hpp"

#include "lexsim/rules/calendar.hpp"
#include "lexsim/solver/check.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>

namespace lexsim::solver {

Lang resolve_lang(const rules::RuleSet& rs, Lang lang) {
    if (lang != Lang::Auto)
        return lang;
    // Chinese when the rules label their benefits, entities or measures in Chinese (any non-ASCII label).
    auto chinese = [](const std::string& s) {
        return std::any_of(s.begin(), s.end(),
                           [](char ch) { return static_cast<unsigned char>(ch) >= 0x80; });
    };
    for (const auto& b : rs.benefits)
        if (chinese(b.label))
            return Lang::Zh;
    for (const auto& e : rs.entities)
        if (chinese(e.label))
            return Lang::Zh;
    for (const auto& m : rs.measures)
        if (chinese(m.label))
            return Lang::Zh;
    return Lang::En;
}

size_t CheckReport::count(Severity s) const {
    return static_cast<size_t>(
        std::count_if(findings.begin(), findings.end(), [&](const Finding& f) { return f.severity == s; }));
}

namespace detail {

std::string cite(const rules::RuleSet& rs, rules::ClauseId clause) {
    const rules::Clause& c = rs.clause(clause);
    return rs.document(c.document).number + " " + c.article;
}

Checker::Checker(const rules::RuleSet& rs, const CheckOptions& options, CheckReport& report)
    : m_rs(rs), m_options(options), m_report(report), m_enc(rs), m_words(rs, report.lang) {
    m_param_facts = m_enc.param_domain();
}

Checker::Base& Checker::base(int32_t entity) {
    auto it = m_bases.find(entity);
    if (it != m_bases.end())
        return *it->second;
    auto b = std::make_unique<Base>(Base{m_enc.situation(entity), {}, nullptr});
    b->facts = m_enc.domain(b->s);
    for (const auto& f : m_param_facts)
        b->facts.push_back(f);
    b->solver = std::make_unique<z3::solver>(m_enc.ctx());
    b->solver->set("rlimit", static_cast<unsigned>(m_options.rlimit));
    if (m_options.timeout_ms != 0)
        b->solver->set("timeout", m_options.timeout_ms); // wall clock, on top of the resource limit
    for (const auto& f : b->facts)
        b->solver->add(f);
    return *m_bases.emplace(entity, std::move(b)).first->second;
}

const Situation& Checker::situation(int32_t entity) {
    return base(entity).s;
}

Checker::Result Checker::run(z3::solver& solver, const std::vector<z3::expr>& facts,
                             const std::vector<z3::expr>& query, const std::vector<z3::expr>& assumptions,
                             const std::string& name) {
    Result r;
    ++m_report.stats.queries;
    solver.push();
    for (const auto& q : query)
        solver.add(q);
    z3::expr_vector literals(m_enc.ctx());
    for (const auto& a : assumptions)
        literals.push_back(a);
    z3::check_result cr = assumptions.empty() ? solver.check() : solver.check(literals);
    if (cr == z3::sat) {
        r.verdict = Verdict::Sat;
        r.model = solver.get_model();
        ++m_report.stats.sat;
    } else if (cr == z3::unsat) {
        r.verdict = Verdict::Unsat;
        z3::expr_vector core = solver.unsat_core();
        for (unsigned i = 0; i < core.size(); ++i)
            r.core.push_back(core[static_cast<int>(i)]);
        ++m_report.stats.unsat;
    } else {
        r.verdict = Verdict::Unknown;
        r.reason = solver.reason_unknown();
        ++m_report.stats.unknown;
    }
    solver.pop();
    if (!m_options.emit_smt_dir.empty()) {
        // A standalone copy of exactly this query, with the verdict Z3 gave as its expected status;
        // assumptions become facts, which keeps the verdict.
        z3::solver copy(m_enc.ctx());
        for (const auto* list : {&facts, &query, &assumptions})
            for (const auto& f : *list)
                copy.add(f);
        const char* status = r.verdict == Verdict::Sat     ? "sat"
                             : r.verdict == Verdict::Unsat ? "unsat"
                                                           : "unknown";
        char prefix[16];
        std::snprintf(prefix, sizeof prefix, "%04d-", m_report.stats.queries);
        // File names stay within NAME_MAX (255 bytes): the query number keeps them unique, so a long name is
        // cut, at a UTF-8 character boundary.
        std::string stem = name;
        if (stem.size() > 200) {
            size_t cut = 200;
            while (cut > 0 && (static_cast<unsigned char>(stem[cut]) & 0xC0) == 0x80)
                --cut;
            stem.resize(cut);
        }
        m_smt.emplace_back(prefix + stem + ".smt2", copy.to_smt2(status));
    }
    return r;
}

Checker::Result Checker::solve(int32_t entity, const std::vector<z3::expr>& query, const std::string& name) {
    Result r = decide(entity, query, name);
    refine(entity, query, r);
    return r;
}

Checker::Result Checker::decide(int32_t entity, const std::vector<z3::expr>& query, const std::string& name) {
    Base& b = base(entity);
    return run(*b.solver, b.facts, query, {}, name);
}

void Checker::refine(int32_t entity, const std::vector<z3::expr>& query, Result& r) {
    if (r.verdict != Verdict::Sat)
        return;
    // A witness should read like a real case: try again with plausible, then tidy values, and keep the first
    // model only when the query needs values neither allows.
    Base& b = base(entity);
    b.solver->push();
    for (const auto& q : query)
        b.solver->add(q);
    for (const auto& t : m_enc.tidy(b.s))
        b.solver->add(t);
    b.solver->push();
    for (const auto& p : m_enc.plausible(b.s))
        b.solver->add(p);
    if (b.solver->check() == z3::sat) {
        r.model = b.solver->get_model();
        b.solver->pop();
    } else {
        b.solver->pop();
        if (b.solver->check() == z3::sat)
            r.model = b.solver->get_model();
    }
    b.solver->pop();
}

z3::solver& Checker::plain() {
    if (!m_plain) {
        m_plain = std::make_unique<z3::solver>(m_enc.ctx());
        m_plain->set("rlimit", static_cast<unsigned>(m_options.rlimit));
        if (m_options.timeout_ms != 0)
            m_plain->set("timeout", m_options.timeout_ms);
        for (const auto& f : m_param_facts)
            m_plain->add(f);
    }
    return *m_plain;
}

Checker::Result Checker::solve_plain(const std::vector<z3::expr>& query, const std::string& name) {
    return run(plain(), m_param_facts, query, {}, name);
}

Checker::Result Checker::solve_with_assumptions(const std::vector<z3::expr>& facts,
                                                const std::vector<z3::expr>& assumptions,
                                                const std::string& name) {
    return run(plain(), m_param_facts, facts, assumptions, name);
}

Checker::Result Checker::solve_difference(const std::vector<z3::expr>& facts,
                                          const std::vector<z3::expr>& assumptions, const std::string& name) {
    if (!m_difference) {
        m_difference = std::make_unique<z3::solver>(m_enc.ctx());
        z3::params p(m_enc.ctx());
        p.set("rlimit", static_cast<unsigned>(m_options.rlimit));
        if (m_options.timeout_ms != 0)
            p.set("timeout", m_options.timeout_ms);
        p.set("arith.solver", 1u); // difference logic
        m_difference->set(p);
    }
    return run(*m_difference, {}, facts, assumptions, name);
}

void Checker::collect_attrs(const rules::RuleSet& rs, rules::ExprId id, std::vector<int32_t>& out) {
    if (id == rules::no_expr)
        return;
    const rules::Expr& e = rs.expr(id);
    if (e.op == rules::ExprOp::Attr) {
        auto slot = static_cast<int32_t>(e.value);
        if (std::find(out.begin(), out.end(), slot) == out.end())
            out.push_back(slot);
        return;
    }
    collect_attrs(rs, e.a, out);
    collect_attrs(rs, e.b, out);
    collect_attrs(rs, e.c, out);
    if (e.op == rules::ExprOp::Min || e.op == rules::ExprOp::Max)
        for (uint32_t i = 0; i < e.list_count; ++i)
            collect_attrs(rs, static_cast<rules::ExprId>(rs.lists[e.list_begin + i]), out);
}

namespace {
int64_t model_int(const z3::model& m, const z3::expr& v) {
    z3::expr x = m.eval(v, true);
    if (x.is_bool())
        return x.is_true() ? 1 : 0;
    int64_t out = 0;
    if (!x.is_numeral_i64(out))
        out = 0;
    return out;
}
} // namespace

Witness Checker::witness(int32_t entity, const z3::model& m, const std::vector<rules::ExprId>& shown) {
    Base& b = base(entity);
    Witness w;
    w.entity = entity;
    w.date = static_cast<int32_t>(model_int(m, b.s.date));
    w.row = rules::make_row(m_rs, entity);
    for (size_t i = 0; i < b.s.attrs.size(); ++i)
        w.row.set(static_cast<int32_t>(i), model_int(m, b.s.attrs[i]));
    for (rules::ExprId e : shown)
        collect_attrs(m_rs, e, w.shown);
    std::vector<int32_t> used;
    for (rules::ExprId e : shown) {
        std::vector<int32_t> ps;
        std::function<void(rules::ExprId)> walk = [&](rules::ExprId id) {
            if (id == rules::no_expr)
                return;
            const rules::Expr& x = m_rs.expr(id);
            if (x.op == rules::ExprOp::Param && m_enc.is_open(static_cast<int32_t>(x.value)) &&
                std::find(used.begin(), used.end(), static_cast<int32_t>(x.value)) == used.end())
                used.push_back(static_cast<int32_t>(x.value));
            walk(x.a);
            walk(x.b);
            walk(x.c);
            if (x.op == rules::ExprOp::Min || x.op == rules::ExprOp::Max)
                for (uint32_t i = 0; i < x.list_count; ++i)
                    walk(static_cast<rules::ExprId>(m_rs.lists[x.list_begin + i]));
        };
        walk(e);
    }
    // Every open parameter gets the model's value, so the re-run sees what Z3 saw.
    for (size_t p = 0; p < m_rs.params.size(); ++p)
        if (m_enc.is_open(static_cast<int32_t>(p)))
            w.params.emplace_back(static_cast<int32_t>(p),
                                  model_int(m, m_enc.open_param(static_cast<int32_t>(p))));
    w.shown_params = std::move(used);
    return w;
}

rules::Evaluation Checker::evaluate(const Witness& w) {
    int32_t date = w.date.value_or(m_enc.first_date());
    rules::ParamRow params = rules::resolve_params(m_rs, date);
    for (const auto& [p, v] : w.params) {
        params.values[static_cast<size_t>(p)] = v;
        params.present[static_cast<size_t>(p)] = 1;
    }
    return rules::evaluate(m_rs, w.row, date, params);
}

bool Checker::verify(const Witness& w, const std::string& what,
                     const std::function<bool(const rules::Evaluation&, std::string&)>& agrees) {
    rules::Evaluation ev = evaluate(w);
    std::string why;
    // Z3 honours the entity's invariants (`assume`) in every query; a witness breaking one is a bug.
    if (!ev.errors.empty()) {
        m_report.internal_errors.push_back("the solver's witness for " + what +
                                           " is not a valid input: " + ev.errors.front());
        return false;
    }
    if (agrees(ev, why))
        return true;
    m_report.internal_errors.push_back("the evaluator disagrees with the solver's witness for " + what +
                                       (why.empty() ? "" : ": " + why));
    return false;
}

void Checker::unknown(const std::string& kind, const std::string& what, const std::string& reason,
                      std::vector<rules::ClauseId> clauses, std::vector<int32_t> tasks) {
    Finding f;
    f.kind = kind;
    f.severity = Severity::Warning;
    f.unknown = true;
    if (m_words.zh())
        f.message = "未能判定：求解器未能判定" + what + "（" + (reason.empty() ? "未说明原因" : reason) +
                    "）；这并不证明没有问题";
    else
        f.message = "unknown: the solver could not decide " + what + " (" +
                    (reason.empty() ? "no reason given" : reason) +
                    "); this is not a proof that there is no finding";
    f.clauses = std::move(clauses);
    f.tasks = std::move(tasks);
    add(std::move(f));
}

void Checker::flush_smt() {
    if (m_options.emit_smt_dir.empty())
        return;
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(m_options.emit_smt_dir, ec);
    for (const auto& [name, text] : m_smt) {
        fs::path path = fs::path(m_options.emit_smt_dir) / name;
        fs::path tmp = path;
        tmp += ".tmp";
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            out << "(set-logic ALL)\n" << text; // standalone for z3 and cvc5 alike
            if (!out) {
                m_report.output_errors.push_back("cannot write " + tmp.string());
                continue;
            }
        }
        fs::rename(tmp, path, ec);
        if (ec) {
            m_report.output_errors.push_back("cannot write " + path.string());
            continue;
        }
        m_report.written_files.push_back(path.string());
    }
}

} // namespace detail

namespace {

//! The checks in the order they run, named for LEXSIM_CHECK_STATS.
struct NamedCheck {
    const char* name;
    void (*run)(detail::Checker&);
};
constexpr NamedCheck all_checks[] = {
    {"grants", detail::check_grants},
    {"clauses", detail::check_clauses},
    {"ranges", detail::check_ranges},
    {"schedules", detail::check_schedules},
    {"temporal", detail::check_temporal},
    {"targets", detail::check_targets},
    {"grant-requirements", detail::check_grant_requirements},
    {"validity", detail::check_validity},
    {"class-conflict", detail::check_class_conflict},
    {"class-effect", detail::check_class_effect},
    {"conditions", detail::check_conditions},
    {"deadlines", detail::check_deadlines},
    {"task-match", detail::check_task_match},
    {"costs", detail::check_costs},
    {"reported", detail::check_reported},
};

double cpu_seconds() {
    return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

} // namespace

CheckReport check(const rules::RuleSet& rs, const CheckOptions& options) {
    CheckReport report;
    report.lang = resolve_lang(rs, options.lang);
    // LEXSIM_CHECK_STATS=1: each check's CPU time and counted queries on stderr (a developer's profile; the
    // report itself never carries times, so it stays reproducible).
    const char* want_stats = std::getenv("LEXSIM_CHECK_STATS");
    const bool stats = want_stats != nullptr && *want_stats != '\0' && *want_stats != '0';
    try {
        double start = cpu_seconds();
        detail::Checker c(rs, options, report);
        if (stats)
            std::fprintf(stderr, "check-stats %-20s %8.3f s\n", "setup", cpu_seconds() - start);
        for (const auto& check : all_checks) {
            double t = cpu_seconds();
            int queries = report.stats.queries;
            check.run(c);
            if (stats)
                std::fprintf(stderr, "check-stats %-20s %8.3f s %6d queries\n", check.name, cpu_seconds() - t,
                             report.stats.queries - queries);
        }
        c.flush_smt();
        if (stats)
            std::fprintf(stderr, "check-stats %-20s %8.3f s %6d queries\n", "total", cpu_seconds() - start,
                         report.stats.queries);
    } catch (const z3::exception& e) {
        report.internal_errors.push_back(std::string("Z3: ") + e.msg());
    }
    return report;
}

} // namespace lexsim::solver
