// The solver's domains are sound (issue 10): on generated clauses whose thresholds are reached only through
// arithmetic (quotients, products of two attributes, sums) with literals from 0 to the largest a rules file
// takes, a clause the encoding calls vacuous is applied by the evaluator to no entity a random search finds
// (extreme values included), and a clause it calls applicable has a witness the evaluator applies it to.
#include "checked.hpp"
#include "encoder.hpp"
#include "lexsim/rules/calendar.hpp"
#include "lexsim/rules/evaluator.hpp"
#include "lexsim/simulation/random.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace lexsim;

namespace {

constexpr int64_t money_max_yuan = INT64_MAX / 100'000; // the largest money literal, in 元

//! A literal for a threshold: small, round, or near the top of its type's range.
std::string money_literal(uint64_t bits) {
    static const int64_t picks[] = {0,
                                    1,
                                    500,
                                    1'000'000,
                                    100'000'000'000,
                                    10'000'000'000'000,
                                    money_max_yuan / 1000,
                                    money_max_yuan / 2,
                                    money_max_yuan};
    int64_t v = (bits & 1) ? picks[(bits >> 1) % std::size(picks)]
                           : static_cast<int64_t>((bits >> 1) % static_cast<uint64_t>(money_max_yuan));
    return std::to_string(v) + " 元";
}

std::string int_literal(uint64_t bits) {
    static const int64_t picks[] = {
        0, 1, 1000, 3'037'000'499, 3'037'000'500, 4'000'000'000'000'000'000, INT64_MAX / 2, INT64_MAX};
    int64_t v = (bits & 1) ? picks[(bits >> 1) % std::size(picks)] : static_cast<int64_t>(bits >> 2);
    return std::to_string(v);
}

//! One generated condition over money a, b, int n, m and rate r.
std::string condition(const sim::Stream& st, uint64_t key) {
    static const char* cmp[] = {">=", ">", "<=", "<", "=="};
    std::string op = cmp[st.bits(key, 1) % std::size(cmp)];
    std::string divisor = std::to_string(1 + st.bits(key, 2) % 1'000'000);
    switch (st.bits(key, 0) % 9) {
    case 0:
        return "a / " + divisor + " " + op + " " + money_literal(st.bits(key, 3));
    case 1:
        return "n * a " + op + " " + money_literal(st.bits(key, 3));
    case 2:
        return "n * m " + op + " " + int_literal(st.bits(key, 3));
    case 3:
        return "n * n * n " + op + " " + int_literal(st.bits(key, 3));
    case 4:
        return "r * a " + op + " " + money_literal(st.bits(key, 3));
    case 5:
        return "a + b " + op + " " + money_literal(st.bits(key, 3));
    case 6:
        return "a - b * " + divisor + " " + op + " " + money_literal(st.bits(key, 3));
    case 7:
        return "a / n " + op + " " + money_literal(st.bits(key, 3));
    default:
        return "n - m " + op + " " + int_literal(st.bits(key, 3)) + " and n + m > " +
               int_literal(st.bits(key, 4));
    }
}

//! Values for the random search: every kind of extreme, and random values at every scale.
int64_t draw(const sim::Stream& st, uint64_t key, uint32_t slot, rules::TypeKind kind) {
    uint64_t bits = st.bits(key, slot);
    const int64_t top = kind == rules::TypeKind::Money ? INT64_MAX / 1000 : INT64_MAX;
    const int64_t bottom = kind == rules::TypeKind::Money ? 0 : INT64_MIN;
    const int64_t picks[] = {0,
                             1,
                             -1,
                             top,
                             top - 1,
                             top / 2,
                             bottom,
                             bottom + 1,
                             3'037'000'499,
                             3'037'000'500,
                             -3'037'000'500,
                             2'097'151,
                             2'097'152,
                             1'000'000};
    int64_t v = 0;
    if (bits % 3 == 0) {
        v = picks[(bits >> 2) % std::size(picks)];
    } else {
        // A random magnitude of 1 to 63 bits.
        int width = 1 + static_cast<int>((bits >> 2) % 63);
        v = static_cast<int64_t>(st.bits(key, slot + 100) >> (64 - width));
        if (bits % 3 == 2 && kind != rules::TypeKind::Money)
            v = -v;
    }
    return std::clamp(v, bottom, top);
}

} // namespace

TEST_CASE("check's vacuous clauses are never applied, its applicable ones have witnesses",
          "[solver][window][slow]") {
    sim::Stream st{20261130, 10};
    int vacuous = 0, applicable = 0, undecided = 0;
    for (uint64_t set = 0; set < 6; ++set) {
        std::string text = "document g { number \"G号\" issued 2024-01-01 }\n"
                           "entity firm { a : money  b : money  n : int  m : int  r : rate }\n"
                           "benefit award\n";
        const int clauses = 10;
        for (int c = 0; c < clauses; ++c)
            text += "clause c" + std::to_string(c) + " { article \"第" + std::to_string(c) +
                    "条\" applies to firm when " + condition(st, set * 100 + static_cast<uint64_t>(c)) +
                    " grant award 1 万元 }\n";
        INFO(text);
        auto loaded = rules::load_texts({{"gen.rules", text}});
        REQUIRE(loaded.ok());
        const rules::RuleSet& rs = *loaded.rules;
        solver::detail::Encoder enc(rs);
        auto s = enc.situation(0);
        const int32_t date = rules::days_from_civil(2024, 6, 1);
        for (rules::ClauseId c : rs.clause_ids()) {
            INFO("clause " << rs.clause(c).id);
            z3::solver z(enc.ctx());
            z.set("rlimit", 20'000'000u);
            for (const auto& f : enc.domain(s))
                z.add(f);
            z.add(s.date == date);
            z.add(enc.applies(c, s));
            z3::check_result r = z.check();
            if (r == z3::unknown) {
                ++undecided;
                continue;
            }
            if (r == z3::sat) {
                // The witness re-runs: the evaluator applies the clause to exactly the model's entity.
                ++applicable;
                z3::model m = z.get_model();
                rules::EntityRow row = rules::make_row(rs, 0);
                for (size_t i = 0; i < s.attrs.size(); ++i) {
                    int64_t v = 0;
                    REQUIRE(m.eval(s.attrs[i], true).is_numeral_i64(v));
                    row.set(static_cast<int32_t>(i), v);
                }
                CHECK(rules::evaluate(rs, row, date, rules::resolve_params(rs, date)).applied(c));
                continue;
            }
            // Vacuous: no entity the search finds, extreme values included, makes the evaluator apply it.
            ++vacuous;
            const auto& attrs = rs.entities[0].attrs;
            for (uint64_t trial = 0; trial < 3000; ++trial) {
                rules::EntityRow row = rules::make_row(rs, 0);
                for (size_t i = 0; i < attrs.size(); ++i)
                    row.set(static_cast<int32_t>(i),
                            draw(st,
                                 1'000'000 + set * 100'000 + static_cast<uint64_t>(c.value()) * 5000 + trial,
                                 static_cast<uint32_t>(i), attrs[i].type.kind));
                auto ev = rules::evaluate(rs, row, date, rules::resolve_params(rs, date));
                INFO("a=" << row.values[0] << " b=" << row.values[1] << " n=" << row.values[2]
                          << " m=" << row.values[3] << " r=" << row.values[4]);
                REQUIRE_FALSE(ev.applied(c));
            }
        }
    }
    // The generator reaches both outcomes (exact counts are fixed by the seed).
    CHECK(vacuous > 0);
    CHECK(applicable > 20);
    CHECK(undecided < 10);
}

TEST_CASE("a threshold reached only through arithmetic is not called vacuous", "[solver][window]") {
    // Before issue 10, check searched money only up to ten times the largest literal and called both
    // clauses vacuous, while explain applied them to contribution = 60 万亿元, staff = 3 000 000 000.
    auto c = test::check_files({{"w.rules", R"(document w { number "W号" issued 2024-01-01 }
entity firm { contribution : money  staff : int }
benefit award
clause quotient { article "第一条" applies to firm when contribution / 1000 >= 500 亿元 grant award 100 万元 }
clause product { article "第二条" applies to firm when staff * staff >= 5000000000000000000 grant award 50 万元 }
clause overflow { article "第三条" applies to firm when staff * staff > 9223372030926249001 grant award 1 万元 }
)"}});
    std::vector<std::string> vacuous;
    for (const auto* f : c.of("vacuous"))
        for (const auto& id : c.clauses(*f))
            vacuous.push_back(id);
    // A product past 64 bits is the evaluator's overflow, not a large number: that clause cannot apply.
    CHECK(vacuous == std::vector<std::string>{"w.overflow"});
}
