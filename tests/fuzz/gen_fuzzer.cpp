// libFuzzer target: bytes are decisions that write a syntactically valid rules file at scale (gen_case.hpp:
// thousands of clauses and tasks, long `after` chains, long operator chains, deep nesting, extreme numbers).
// It must load or fail with diagnostics — never crash, overflow the stack or hang — and whatever loads must
// format idempotently, run its examples and evaluate an entity at the extremes.
#include "gen_case.hpp"
#include "lexsim/rules/calendar.hpp"
#include "lexsim/rules/evaluator.hpp"
#include "lexsim/rules/format.hpp"
#include "lexsim/rules/loader.hpp"

#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace lexsim;
    fuzz::Decisions d(data, size);
    std::string text = fuzz::RulesGenerator(d).rules_file();
    auto r = rules::load_texts({{"gen.rules", text}});
    std::ostringstream sink;
    r.diagnostics.render(r.sources, sink);
    if (r.ok()) {
        (void)rules::run_examples(*r.rules);
        const rules::RuleSet& rs = *r.rules;
        for (int32_t e = 0; e < static_cast<int32_t>(rs.entities.size()); ++e) {
            rules::EntityRow row = rules::make_row(rs, e);
            const auto& attrs = rs.entities[static_cast<size_t>(e)].attrs;
            for (size_t a = 0; a < attrs.size(); ++a) {
                auto v = static_cast<int64_t>(d.u64());
                if (attrs[a].type.kind == rules::TypeKind::Bool)
                    v &= 1;
                else if (attrs[a].type.kind == rules::TypeKind::Enum)
                    v = static_cast<int64_t>(
                        static_cast<uint64_t>(v) %
                        rs.enums[static_cast<size_t>(attrs[a].type.enum_id)].members.size());
                row.set(static_cast<int32_t>(a), v);
            }
            int32_t date = rules::days_from_civil(2024, 6, 1);
            (void)rules::evaluate(rs, row, date, rules::resolve_params(rs, date));
        }
    }
    rules::SourceManager sm;
    rules::Diagnostics diags;
    uint32_t id = sm.add("gen.rules", text);
    auto once = rules::format_source(sm, id, diags);
    if (once) {
        rules::Diagnostics again_diags;
        uint32_t id2 = sm.add("gen.rules", *once);
        auto twice = rules::format_source(sm, id2, again_diags);
        if (!twice || *twice != *once)
            std::abort(); // fmt must be idempotent on anything it accepts
    }
    return 0;
}
