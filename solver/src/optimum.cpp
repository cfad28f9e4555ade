#include "optimum.hpp"

namespace lexsim::solver::detail {

namespace {

enum class Optimum { Unsat, Value, Unknown };

Optimum optimise(z3::context& ctx, const std::vector<z3::expr>& facts, const z3::expr& objective,
                 uint64_t rlimit, unsigned timeout_ms, int64_t& value) {
    z3::optimize opt(ctx);
    z3::params p(ctx);
    p.set("rlimit", static_cast<unsigned>(rlimit));
    if (timeout_ms != 0)
        p.set("timeout", timeout_ms);
    opt.set(p);
    for (const auto& f : facts)
        opt.add(f);
    auto h = opt.maximize(objective);
    z3::check_result r = opt.check();
    if (r == z3::unsat)
        return Optimum::Unsat;
    if (r != z3::sat || !opt.upper(h).is_numeral_i64(value))
        return Optimum::Unknown;
    return Optimum::Value;
}

//! Whether `objective` can reach `v` under `facts`.
z3::check_result reaches(z3::context& ctx, const std::vector<z3::expr>& facts, const z3::expr& objective,
                         int64_t v, uint64_t rlimit, unsigned timeout_ms) {
    z3::solver s(ctx);
    s.set("rlimit", static_cast<unsigned>(rlimit));
    if (timeout_ms != 0)
        s.set("timeout", timeout_ms);
    for (const auto& f : facts)
        s.add(f);
    s.add(objective >= ctx.int_val(v));
    return s.check();
}

} // namespace

std::optional<int64_t> maximum(z3::context& ctx, const std::vector<z3::expr>& facts,
                               const std::vector<z3::expr>& narrower, const std::vector<z3::expr>& narrowest,
                               const z3::expr& objective, uint64_t rlimit, unsigned timeout_ms,
                               bool& unknown) {
    int64_t v = 0;
    Optimum whole = optimise(ctx, facts, objective, rlimit, timeout_ms, v);
    if (whole == Optimum::Unsat)
        return 0;
    if (whole == Optimum::Unknown) {
        unknown = true;
        return std::nullopt;
    }
    // Values are searched over their whole range, so an amount that grows with an input reaches the largest
    // value the evaluator can compute (an overflow beyond): that optimum is an artefact of the 64-bit range.
    if (v > INT64_MAX / 10)
        return std::nullopt;
    // Reached within a tenth of every range: a cap the rules set. The optimum itself is exact; when Z3
    // cannot tell growth from a cap (a nonlinear condition), the optimum is reported.
    z3::check_result near = reaches(ctx, narrower, objective, v, rlimit, timeout_ms);
    if (near != z3::unsat)
        return v;
    // Not reached there: growth with an input, or an amount paid only for extreme inputs (`when x / 1000 >=
    // 500 亿元`). Growth shows again between a hundredth and a tenth of the ranges; an extreme-only amount
    // does not, and keeps the whole range's optimum.
    int64_t w = 0;
    Optimum tenth = optimise(ctx, narrower, objective, rlimit, timeout_ms, w);
    if (tenth != Optimum::Value)
        return v;
    z3::check_result nearer = reaches(ctx, narrowest, objective, w, rlimit, timeout_ms);
    return nearer == z3::unsat ? std::nullopt : std::optional<int64_t>(v);
}

} // namespace lexsim::solver::detail
