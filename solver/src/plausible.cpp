#include "plausible.hpp"

#include <algorithm>

namespace lexsim::solver::detail {

namespace {

//! The values the rules' examples give attribute `slot` of entity kind `entity` (literals only).
std::vector<int64_t> example_values(const rules::RuleSet& rs, int32_t entity, int32_t slot) {
    std::vector<int64_t> out;
    for (const auto& ex : rs.examples) {
        if (ex.entity != entity)
            continue;
        for (const auto& b : ex.given) {
            if (b.slot != slot || b.value == rules::no_expr || rs.expr(b.value).op != rules::ExprOp::Literal)
                continue;
            int64_t v = rs.expr(b.value).value;
            if (std::find(out.begin(), out.end(), v) == out.end())
                out.push_back(v);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

std::optional<z3::model> plausible_model(Checker& c, int32_t entity, const std::vector<z3::expr>& must,
                                         const z3::expr* maximise, std::optional<int64_t> known) {
    Encoder& enc = c.enc();
    const rules::RuleSet& rs = c.rules();
    const Situation& s = c.situation(entity);
    std::vector<z3::expr> hard = enc.domain(s);
    for (const auto& f : enc.param_domain())
        hard.push_back(f);
    hard.insert(hard.end(), must.begin(), must.end());
    const auto limit = static_cast<unsigned>(c.rlimit() * 4);
    if (maximise && known) {
        hard.push_back(*maximise == enc.ctx().int_val(*known));
    } else if (maximise) { // the largest value first: every tier below keeps it
        z3::optimize opt(enc.ctx());
        z3::params p(enc.ctx());
        p.set("rlimit", limit);
        opt.set(p);
        for (const auto& f : hard)
            opt.add(f);
        auto h = opt.maximize(*maximise);
        int64_t best = 0;
        if (opt.check() != z3::sat || !opt.upper(h).is_numeral_i64(best))
            return std::nullopt;
        hard.push_back(*maximise == enc.ctx().int_val(best));
    }
    // Each money attribute one of the values the examples give it, or 0 or a round figure.
    std::vector<z3::expr> examples;
    std::vector<z3::expr> round = enc.plausible(s);
    const rules::Entity& ent = rs.entities[static_cast<size_t>(entity)];
    size_t k = 0;
    for (size_t i = 0; i < ent.attrs.size(); ++i) {
        if (ent.attrs[i].type.kind != rules::TypeKind::Money)
            continue;
        z3::expr seen = round[k++];
        for (int64_t v : example_values(rs, entity, static_cast<int32_t>(i)))
            seen = seen || s.attrs[i] == enc.ctx().int_val(v);
        examples.push_back(seen);
    }
    for (size_t j = examples.size(); j < round.size(); ++j) // the open money parameters
        examples.push_back(round[j]);
    std::vector<z3::expr> tidy = enc.tidy(s);
    z3::solver solver(enc.ctx());
    solver.set("rlimit", limit);
    for (const auto& f : hard)
        solver.add(f);
    // Tiers, strongest first: tidy and round-or-example values; tidy and round values; tidy; none.
    for (const auto* tier : {&examples, &round}) {
        solver.push();
        for (const auto& f : tidy)
            solver.add(f);
        for (const auto& f : *tier)
            solver.add(f);
        bool found = solver.check() == z3::sat;
        std::optional<z3::model> m;
        if (found)
            m = solver.get_model();
        solver.pop();
        if (m)
            return m;
    }
    solver.push();
    for (const auto& f : tidy)
        solver.add(f);
    if (solver.check() == z3::sat) {
        z3::model m = solver.get_model();
        solver.pop();
        return m;
    }
    solver.pop();
    if (solver.check() == z3::sat)
        return solver.get_model();
    return std::nullopt;
}

} // namespace lexsim::solver::detail
