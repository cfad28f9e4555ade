#include "optimum.hpp"

#include <algorithm>

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

/**
 * The answer the tests below give, reached from the narrower ranges up: the optimum w within a tenth of the
 * ranges; growth shows as w not reached within a hundredth, and the whole range passing w. When it does not
 * pass w, w is the optimum and reached within a tenth: a cap. The same verdicts, without an optimum over the
 * whole range, whose search takes longest when the objective grows with an input (the largest values).
 * nullopt when the answer needs the whole range's optimum after all (no growth there, or Z3 undecided).
 */
std::optional<std::optional<int64_t>> growth_first(z3::context& ctx, const std::vector<z3::expr>& facts,
                                                   const std::vector<z3::expr>& narrower,
                                                   const std::vector<z3::expr>& narrowest,
                                                   const z3::expr& objective, uint64_t rlimit,
                                                   unsigned timeout_ms) {
    int64_t w = 0;
    if (optimise(ctx, narrower, objective, rlimit, timeout_ms, w) != Optimum::Value || w == INT64_MAX)
        return std::nullopt;
    if (reaches(ctx, narrowest, objective, w, rlimit, timeout_ms) != z3::unsat)
        return std::nullopt;
    z3::check_result beyond = reaches(ctx, facts, objective, w + 1, rlimit, timeout_ms);
    if (beyond == z3::sat)
        return std::optional<int64_t>(); // grows: unbounded
    if (beyond == z3::unsat)
        return std::optional<int64_t>(w);
    return std::nullopt;
}

} // namespace

std::optional<int64_t> maximum(z3::context& ctx, const std::vector<z3::expr>& facts,
                               const std::vector<z3::expr>& narrower, const std::vector<z3::expr>& narrowest,
                               const z3::expr& objective, uint64_t rlimit, unsigned timeout_ms, bool& unknown,
                               std::optional<int64_t> bound) {
    if (!bound) // an amount without a bound in its text: most likely it grows, which is quicker to show
        if (auto grows = growth_first(ctx, facts, narrower, narrowest, objective, rlimit, timeout_ms))
            return *grows;
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
    // The objective never exceeds `bound`: an optimum that reaches it is a cap the rules set.
    if (bound && v == *bound)
        return v;
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

namespace {

__extension__ using i128 = __int128; // as rules/src/int128.hpp: exact products of bounds

std::optional<int64_t> fitting(i128 v) {
    if (v > INT64_MAX || v < INT64_MIN)
        return std::nullopt;
    return static_cast<int64_t>(v);
}

//! floor(a / b) for b > 0, as the evaluator rounds.
i128 floor_div(i128 a, i128 b) {
    i128 q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

//! The literal value of `id`, when it is one.
std::optional<int64_t> literal(const rules::RuleSet& rs, rules::ExprId id) {
    const rules::Expr& e = rs.expr(id);
    if (e.op == rules::ExprOp::Literal)
        return e.value;
    return std::nullopt;
}

} // namespace

std::optional<int64_t> upper_bound(const rules::RuleSet& rs, rules::ExprId id) {
    using rules::ExprOp;
    if (id == rules::no_expr)
        return std::nullopt;
    const rules::Expr& e = rs.expr(id);
    auto member = [&](uint32_t i) { return static_cast<rules::ExprId>(rs.lists[e.list_begin + i]); };
    switch (e.op) {
    case ExprOp::Literal:
        return e.value;
    case ExprOp::Min: { // below every member: the least bound of any bounded member
        std::optional<int64_t> out;
        for (uint32_t i = 0; i < e.list_count; ++i)
            if (auto b = upper_bound(rs, member(i)))
                out = out ? std::min(*out, *b) : *b;
        return out;
    }
    case ExprOp::Max: { // at most the greatest bound, when every member has one
        std::optional<int64_t> out;
        for (uint32_t i = 0; i < e.list_count; ++i) {
            auto b = upper_bound(rs, member(i));
            if (!b)
                return std::nullopt;
            out = out ? std::max(*out, *b) : *b;
        }
        return out;
    }
    case ExprOp::Ite: {
        auto b = upper_bound(rs, e.b), c = upper_bound(rs, e.c);
        if (!b || !c)
            return std::nullopt;
        return std::max(*b, *c);
    }
    case ExprOp::Add: {
        auto a = upper_bound(rs, e.a), b = upper_bound(rs, e.b);
        if (!a || !b)
            return std::nullopt;
        return fitting(static_cast<i128>(*a) + *b);
    }
    case ExprOp::Sub: { // a − k for a literal k
        auto a = upper_bound(rs, e.a), k = literal(rs, e.b);
        if (!a || !k)
            return std::nullopt;
        return fitting(static_cast<i128>(*a) - *k);
    }
    case ExprOp::Mul: { // floor(a × k / value) grows with a for a literal k ≥ 0
        for (auto [x, y] : {std::pair{e.a, e.b}, std::pair{e.b, e.a}}) {
            auto k = literal(rs, y);
            auto a = upper_bound(rs, x);
            if (k && *k >= 0 && a && e.value > 0)
                return fitting(floor_div(static_cast<i128>(*a) * *k, e.value));
        }
        return std::nullopt;
    }
    case ExprOp::Div: { // floor(a × value / k) grows with a for a literal k > 0
        auto a = upper_bound(rs, e.a), k = literal(rs, e.b);
        if (!a || !k || *k <= 0 || e.value <= 0)
            return std::nullopt;
        return fitting(floor_div(static_cast<i128>(*a) * e.value, *k));
    }
    case ExprOp::Scale: {
        auto a = upper_bound(rs, e.a);
        if (!a || e.value < 0)
            return std::nullopt;
        return fitting(static_cast<i128>(*a) * e.value);
    }
    default: // inputs, parameters, today, and what is not an amount
        return std::nullopt;
    }
}

std::optional<int64_t> combined_bound(const rules::RuleSet& rs, const std::vector<rules::ExprId>& amounts) {
    i128 sum = 0;
    for (rules::ExprId a : amounts) {
        auto b = upper_bound(rs, a);
        if (!b)
            return std::nullopt;
        sum += std::max<int64_t>(*b, 0); // a grant pays nothing below 0
    }
    return fitting(sum);
}

} // namespace lexsim::solver::detail
