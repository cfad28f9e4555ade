#include "optimum.hpp"

namespace lexsim::solver::detail {

//! Optimum of `objective` under `facts`; nullopt when it grows with an input: `wider` are the same facts with
//! every value bound ten times wider, and if the objective can pass the optimum there, the optimum was only
//! the witness bound's doing.
std::optional<int64_t> maximum(z3::context& ctx, const std::vector<z3::expr>& facts,
                               const std::vector<z3::expr>& wider, const z3::expr& objective, uint64_t rlimit,
                               bool& unknown) {
    z3::optimize opt(ctx);
    z3::params p(ctx);
    p.set("rlimit", static_cast<unsigned>(rlimit));
    opt.set(p);
    for (const auto& f : facts)
        opt.add(f);
    auto h = opt.maximize(objective);
    z3::check_result r = opt.check();
    if (r == z3::unsat)
        return 0;
    if (r != z3::sat) {
        unknown = true;
        return std::nullopt;
    }
    int64_t v = 0;
    if (!opt.upper(h).is_numeral_i64(v))
        return std::nullopt;
    z3::solver s(ctx);
    s.set("rlimit", static_cast<unsigned>(rlimit));
    for (const auto& f : wider)
        s.add(f);
    s.add(objective > ctx.int_val(v));
    z3::check_result grows = s.check();
    if (grows == z3::sat)
        return std::nullopt;
    if (grows != z3::unsat)
        unknown = true;
    return v;
}

} // namespace lexsim::solver::detail
