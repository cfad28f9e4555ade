#pragma once
// Structure-aware arithmetic cases, shared by the arithmetic fuzzer and the property test: bytes are read as
// decisions that build a well-typed money expression (long + chains, products with rates and numbers,
// quotients by tiny numbers, min/max/if, extreme literals) and extreme attribute values; the evaluator's
// answer is then compared with a big-integer reference walking the same typed arena.
#include "big_decimal.hpp"
#include "lexsim/rules/evaluator.hpp"
#include "lexsim/rules/loader.hpp"

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <initializer_list>
#include <string>

namespace lexsim::fuzz {

//! Reads decisions from bytes; past the end every decision is 0.
class Decisions {
public:
    Decisions(const uint8_t* data, size_t size) : m_data(data), m_size(size) {}
    uint8_t byte() { return m_pos < m_size ? m_data[m_pos++] : 0; }
    size_t pick(size_t n) { return n == 0 ? 0 : byte() % n; }
    uint64_t u64() {
        uint64_t v = 0;
        for (int i = 0; i < 8; ++i)
            v = (v << 8) | byte();
        return v;
    }
    bool done() const { return m_pos >= m_size; }

private:
    const uint8_t* m_data;
    size_t m_size;
    size_t m_pos = 0;
};

inline const char* const extreme_digits[] = {"0",
                                             "1",
                                             "3",
                                             "7",
                                             "10",
                                             "99",
                                             "1000000",
                                             "1000000000",
                                             "10000000000000",
                                             "9223372036854",
                                             "9223372036854775",
                                             "9223372036854775807",
                                             "0.01",
                                             "0.000001",
                                             "123456789.123456"};

class ArithGenerator {
public:
    explicit ArithGenerator(Decisions& d) : m_d(d) {}

    //! A complete rules file with one clause whose grant amount is the generated expression.
    std::string rules_file() {
        std::string amount = money(0);
        std::string cond = m_d.pick(3) == 0 ? " when " + condition(0) : "";
        return "document d {\n  number \"通政发〔2024〕1号\"\n  issued 2024-01-01\n}\n"
               "entity firm {\n  a : money\n  b : money\n  n : number\n  r : rate\n  k : int\n}\n"
               "benefit award \"奖励\"\n"
               "clause c {\n  article \"（一）\"\n  applies to firm" +
               cond + "\n  grant award " + amount + "\n}\n";
    }

private:
    // Every decision is read in a statement of its own: the order of evaluation of the operands of `+` is
    // unspecified, and the same bytes must build the same expression whichever compiler built the fuzzer.
    using Part = std::function<std::string()>;
    static std::string seq(std::initializer_list<Part> parts) {
        std::string out;
        for (const auto& p : parts)
            out += p();
        return out;
    }
    static Part text(const char* t) {
        return [t] { return std::string(t); };
    }

    std::string literal_digits() { return extreme_digits[m_d.pick(std::size(extreme_digits))]; }
    std::string money_literal() {
        static const char* units[] = {" 元", " 万元", " 亿元", " CNY"};
        if (m_d.pick(8) == 0) // anything, most of it out of range or finer than a fen: a clean error
            return seq({[&] { return literal_digits(); }, [&] { return std::string(units[m_d.pick(4)]); }});
        // In range, up to the largest literal (92 233 720 368 547.75 元) in each unit.
        static const char* yuan[] = {
            "0", "1", "0.01", "99", "1000000", "92233720368547", "92233720368547.75"};
        static const char* wan[] = {"1", "300", "9223372036"};
        static const char* yi[] = {"1", "50", "922337"};
        switch (m_d.pick(3)) {
        case 0:
            return std::string(wan[m_d.pick(3)]) + " 万元";
        case 1:
            return std::string(yi[m_d.pick(3)]) + " 亿元";
        default:
            return std::string(yuan[m_d.pick(7)]) + " 元";
        }
    }
    std::string rate() {
        static const char* rates[] = {"r", "70%", "0.0001%", "100%", "r", "1000000%"};
        return rates[m_d.pick(6)];
    }
    Part money_at(int depth) {
        return [this, depth] { return money(depth); };
    }
    Part fraction_at(int depth) {
        return [this, depth] { return fraction(depth); };
    }
    Part condition_at(int depth) {
        return [this, depth] { return condition(depth); };
    }
    std::string fraction(int depth) {
        int d = depth + 1;
        switch (depth > 4 ? m_d.pick(3) : m_d.pick(6)) {
        case 0:
            return "n";
        case 1:
            return "r";
        case 2:
            return seq(
                {[&] { return literal_digits(); }, [&] { return std::string(m_d.pick(2) ? "%" : ""); }});
        case 3:
            return seq({text("("), fraction_at(d), text(" * "), fraction_at(d), text(")")});
        case 4:
            return seq({text("("), money_at(d), text(" / "), money_at(d), text(")")});
        default:
            return seq({text("("), fraction_at(d), text(" - "), fraction_at(d), text(")")});
        }
    }
    std::string condition(int depth) {
        static const char* ops[] = {" < ", " <= ", " == ", " > "};
        int d = depth + 1;
        std::string c = seq({money_at(d), [&] { return std::string(ops[m_d.pick(4)]); }, money_at(d)});
        if (m_d.pick(3) != 0 || depth >= 4)
            return c;
        return seq({text("("), text(c.c_str()), [&] { return std::string(m_d.pick(2) ? " and " : " or "); },
                    condition_at(d), text(")")});
    }
    std::string money(int depth) {
        int d = depth + 1;
        switch (depth > 5 ? m_d.pick(3) : m_d.pick(11)) {
        case 0:
            return "a";
        case 1:
            return "b";
        case 2:
            return money_literal();
        case 3: // a long flat chain: past the height limit it must be a clean error, not a crash
        {
            size_t n = 2 + m_d.byte();
            if (m_d.pick(8) == 0)
                n *= 8;
            std::string s = "(" + money(d);
            for (size_t i = 1; i < n; ++i) {
                s += m_d.pick(4) == 0 ? " - " : " + ";
                s += money(6);
            }
            return s + ")";
        }
        case 4:
            return seq({text("("), money_at(d), text(" * "), fraction_at(d), text(")")});
        case 5:
            return seq({text("("), [&] { return rate(); }, text(" of "), money_at(d), text(")")});
        case 6:
            return seq({text("("), money_at(d), text(" / "), fraction_at(d), text(")")});
        case 7:
            return seq({text("("), money_at(d), text(" / k)")});
        case 8:
            return seq({[&] { return std::string(m_d.pick(2) ? "min(" : "max("); }, money_at(d), text(", "),
                        money_at(d), text(")")});
        case 9:
            return seq({text("(if "), condition_at(d), text(" then "), money_at(d), text(" else "),
                        money_at(d), text(")")});
        default:
            return seq({text("("), money_at(d), text(" - "), money_at(d), text(")")});
        }
    }

    Decisions& m_d;
};

//! The exact value of an expression, evaluated like the evaluator (same short-circuits, same floors) but in
//! big integers; `overflow` when some value the evaluator holds would be outside int64.
struct Reference {
    enum class Status { Ok, DivByZero, Overflow } status = Status::Ok;
    BigDecimal value;
};

inline Reference reference_eval(const rules::RuleSet& rs, rules::ExprId id, const rules::EvalInput& in) {
    using rules::ExprOp;
    using S = Reference::Status;
    const rules::Expr& e = rs.expr(id);
    auto ok = [](BigDecimal v) {
        Reference r;
        r.status = v.fits_int64() ? S::Ok : S::Overflow;
        r.value = std::move(v);
        return r;
    };
    auto truth = [&](bool b) { return ok(BigDecimal(b ? 1 : 0)); };
    switch (e.op) {
    case ExprOp::Literal:
        return ok(BigDecimal(e.value));
    case ExprOp::Attr:
        return ok(BigDecimal(in.attrs[e.value]));
    case ExprOp::Param:
        return ok(BigDecimal(in.params[e.value]));
    case ExprOp::Today:
        return ok(BigDecimal(in.today));
    case ExprOp::Not: {
        Reference a = reference_eval(rs, e.a, in);
        return a.status != S::Ok ? a : truth(a.value.is_zero());
    }
    case ExprOp::Neg: {
        Reference a = reference_eval(rs, e.a, in);
        return a.status != S::Ok ? a : ok(-a.value);
    }
    case ExprOp::And:
    case ExprOp::Or: {
        bool is_and = e.op == ExprOp::And;
        Reference a = reference_eval(rs, e.a, in);
        if (a.status == S::Ok && a.value.is_zero() == is_and)
            return truth(!is_and);
        Reference b = reference_eval(rs, e.b, in);
        if (b.status == S::Ok && b.value.is_zero() == is_and)
            return truth(!is_and);
        return a.status != S::Ok ? a : b;
    }
    case ExprOp::Ite: {
        Reference c = reference_eval(rs, e.a, in);
        if (c.status != S::Ok)
            return c;
        return reference_eval(rs, c.value.is_zero() ? e.c : e.b, in);
    }
    case ExprOp::Scale: {
        Reference a = reference_eval(rs, e.a, in);
        return a.status != S::Ok ? a : ok(a.value * BigDecimal(e.value));
    }
    case ExprOp::Min:
    case ExprOp::Max: {
        Reference best;
        for (uint32_t i = 0; i < e.list_count; ++i) {
            Reference v = reference_eval(rs, static_cast<rules::ExprId>(rs.lists[e.list_begin + i]), in);
            if (v.status != S::Ok)
                return v;
            int c = compare(v.value, best.value);
            if (i == 0 || (e.op == ExprOp::Min ? c < 0 : c > 0))
                best = v;
        }
        return best;
    }
    case ExprOp::In:
        std::abort(); // the generator writes no enums
    default:
        break;
    }
    Reference a = reference_eval(rs, e.a, in);
    if (a.status != S::Ok)
        return a;
    Reference b = reference_eval(rs, e.b, in);
    if (b.status != S::Ok)
        return b;
    int c = compare(a.value, b.value);
    switch (e.op) {
    case ExprOp::Add:
        return ok(a.value + b.value);
    case ExprOp::Sub:
        return ok(a.value - b.value);
    case ExprOp::Mul:
        return ok(floor_div(a.value * b.value, e.value));
    case ExprOp::Div: {
        if (b.value.is_zero()) {
            Reference r;
            r.status = S::DivByZero;
            return r;
        }
        return ok(floor_div(a.value * BigDecimal(e.value), b.value.to_int64()));
    }
    case ExprOp::Eq:
        return truth(c == 0);
    case ExprOp::Ne:
        return truth(c != 0);
    case ExprOp::Lt:
        return truth(c < 0);
    case ExprOp::Le:
        return truth(c <= 0);
    case ExprOp::Gt:
        return truth(c > 0);
    case ExprOp::Ge:
        return truth(c >= 0);
    default:
        std::abort();
    }
}

//! Empty when the evaluator agrees with the reference on `id`; otherwise what went wrong.
inline std::string compare_with_reference(const rules::RuleSet& rs, rules::ExprId id,
                                          const rules::EvalInput& in) {
    rules::EvalValue got = rules::eval_expr(rs, id, in);
    Reference want = reference_eval(rs, id, in);
    using S = Reference::Status;
    bool agree =
        (want.status == S::Ok && got.status == rules::EvalStatus::Ok && want.value.to_int64() == got.value) ||
        (want.status == S::Overflow && got.status == rules::EvalStatus::Overflow) ||
        (want.status == S::DivByZero && got.status == rules::EvalStatus::DivByZero);
    if (agree)
        return {};
    return "`" + std::string(rs.sources.slice(rs.expr(id).span)) + "`: evaluator status " +
           std::to_string(static_cast<int>(got.status)) + " value " + std::to_string(got.value) +
           ", reference status " + std::to_string(static_cast<int>(want.status)) + " value " +
           want.value.str();
}

//! Loads the generated file; when it loads, checks condition and amount on extreme attribute values.
inline std::string run_arith_case(Decisions& d) {
    ArithGenerator gen(d);
    std::string text = gen.rules_file();
    auto loaded = rules::load_texts({{"arith.rules", text}});
    if (!loaded.ok())
        return {}; // a clean diagnostic (too long a chain, a literal out of range) is a correct answer
    const rules::RuleSet& rs = *loaded.rules;
    static const int64_t extremes[] = {
        0, 1, -1, 100, 1'000'000, INT64_MAX, INT64_MIN, INT64_MAX / 1000, 10'000'000'000'000, 999'999};
    rules::EntityRow row = rules::make_row(rs, 0);
    for (size_t slot = 0; slot < row.values.size(); ++slot)
        row.set(static_cast<int32_t>(slot),
                d.pick(3) == 0 ? static_cast<int64_t>(d.u64()) : extremes[d.pick(std::size(extremes))]);
    rules::EvalInput in{row.values.data(), row.present.data(), nullptr, nullptr, 19'800};
    const rules::Clause& c = rs.clauses.at(0);
    std::string problem;
    if (c.condition != rules::no_expr)
        problem = compare_with_reference(rs, c.condition, in);
    if (problem.empty() && !c.grants.empty() && c.grants[0].amount != rules::no_expr)
        problem = compare_with_reference(rs, c.grants[0].amount, in);
    if (!problem.empty())
        return problem + "\n" + text;
    (void)rules::evaluate(rs, row, 19'800, rules::resolve_params(rs, 19'800)); // the full path must not crash
    return {};
}

} // namespace lexsim::fuzz
