// Differential test: the Z3 encoding and the evaluator must mean the same thing. Random entities of every
// kind in the corpus are evaluated by rules::evaluate; the same entity, date and parameter values are fixed
// in Z3, and what the encoding says (which clauses apply, what each grant amounts to) must agree.
#include "encoder.hpp"
#include "lexsim/corpus/embedded.hpp"
#include "lexsim/rules/evaluator.hpp"
#include "lexsim/simulation/random.hpp"

#include <catch2/catch.hpp>

using namespace lexsim;

namespace {

int64_t draw_value(const rules::RuleSet& rs, rules::Type t, uint64_t bits) {
    switch (t.kind) {
    case rules::TypeKind::Bool:
        return static_cast<int64_t>(bits & 1);
    case rules::TypeKind::Enum:
        return static_cast<int64_t>(bits % rs.enums[static_cast<size_t>(t.enum_id)].members.size());
    case rules::TypeKind::Money:
        return static_cast<int64_t>(bits % 4) == 0
                   ? 0
                   : static_cast<int64_t>(bits % 3'000'000'000); // ≤ 3000 万元
    case rules::TypeKind::Date:
        return 19723 + static_cast<int64_t>(bits % 1100); // 2024 … 2026
    case rules::TypeKind::Rate:
    case rules::TypeKind::Number:
        return static_cast<int64_t>(bits % 2'000'000); // 0 … 2.0
    case rules::TypeKind::Text:
        return 0;
    default:
        return static_cast<int64_t>(bits % 400);
    }
}

int64_t eval_int(const z3::model& m, const z3::expr& e) {
    z3::expr v = m.eval(e, true);
    if (v.is_bool())
        return v.is_true() ? 1 : 0;
    int64_t out = 0;
    REQUIRE(v.is_numeral_i64(out));
    return out;
}

} // namespace

TEST_CASE("the Z3 encoding agrees with the evaluator on random entities", "[solver][differential]") {
    auto loaded = rules::load_texts(corpus::embedded_sources());
    REQUIRE(loaded.ok());
    const rules::RuleSet& rs = *loaded.rules;
    sim::Stream stream{20241128, 3};
    int compared = 0, applied = 0;
    for (size_t ent = 0; ent < rs.entities.size(); ++ent) {
        const auto& attrs = rs.entities[ent].attrs;
        solver::detail::Encoder enc(rs);
        auto s = enc.situation(static_cast<int32_t>(ent));
        // The clause terms, built once per entity kind.
        std::vector<rules::ClauseId> clauses;
        std::vector<z3::expr> applies;
        std::vector<std::vector<z3::expr>> amounts;
        for (rules::ClauseId c : rs.clause_ids()) {
            if (rs.clause(c).entity != static_cast<int32_t>(ent))
                continue;
            clauses.push_back(c);
            applies.push_back(enc.applies(c, s));
            std::vector<z3::expr> g;
            for (size_t k = 0; k < rs.clause(c).grants.size(); ++k)
                g.push_back(enc.grant_amount(c, k, s));
            amounts.push_back(g);
        }
        if (clauses.empty())
            continue;
        for (uint64_t trial = 0; trial < 150; ++trial) {
            uint64_t key = ent * 1000 + trial;
            rules::EntityRow row = rules::make_row(rs, static_cast<int32_t>(ent));
            for (size_t a = 0; a < attrs.size(); ++a)
                row.set(static_cast<int32_t>(a),
                        draw_value(rs, attrs[a].type, stream.bits(key, static_cast<uint32_t>(a))));
            auto date = static_cast<int32_t>(19723 + stream.bits(key, 1000) % 1100);
            rules::ParamRow params = rules::resolve_params(rs, date);
            for (size_t p = 0; p < rs.params.size(); ++p)
                if (rs.params[p].values.empty()) {
                    params.values[p] = rs.params[p].has_range
                                           ? rs.params[p].low
                                           : draw_value(rs, rs.params[p].type,
                                                        stream.bits(key, 2000 + static_cast<uint32_t>(p)));
                    params.present[p] = 1;
                }
            rules::Evaluation ev = rules::evaluate(rs, row, date, params);

            z3::solver z(enc.ctx());
            z.add(s.date == date);
            for (size_t a = 0; a < attrs.size(); ++a) {
                if (attrs[a].type.kind == rules::TypeKind::Bool)
                    z.add(s.attrs[a] == enc.ctx().bool_val(row.values[a] != 0));
                else
                    z.add(s.attrs[a] == enc.ctx().int_val(static_cast<int64_t>(row.values[a])));
            }
            for (size_t p = 0; p < rs.params.size(); ++p)
                if (enc.is_open(static_cast<int32_t>(p))) {
                    if (rs.params[p].type.kind == rules::TypeKind::Bool)
                        z.add(enc.open_param(static_cast<int32_t>(p)) ==
                              enc.ctx().bool_val(params.values[p] != 0));
                    else
                        z.add(enc.open_param(static_cast<int32_t>(p)) ==
                              enc.ctx().int_val(static_cast<int64_t>(params.values[p])));
                }
            REQUIRE(z.check() == z3::sat);
            z3::model m = z.get_model();
            for (size_t k = 0; k < clauses.size(); ++k) {
                const rules::Clause& c = rs.clause(clauses[k]);
                INFO(c.id << " on " << date << " (trial " << trial << ")");
                bool z3_applies = eval_int(m, applies[k]) != 0;
                CHECK(z3_applies == ev.applied(clauses[k]));
                ++compared;
                if (!z3_applies)
                    continue;
                ++applied;
                for (size_t g = 0; g < amounts[k].size(); ++g)
                    for (const auto& o : ev.grants)
                        if (o.clause == clauses[k] && o.grant == static_cast<int32_t>(g) && o.quantified)
                            CHECK(eval_int(m, amounts[k][g]) == o.amount);
            }
        }
    }
    CHECK(compared > 10000);
    CHECK(applied > 500);
}
