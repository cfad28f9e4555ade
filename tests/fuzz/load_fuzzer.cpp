// libFuzzer target: any bytes as a rules file must load or fail with diagnostics — never crash or hang —
// and whatever loads must format idempotently and evaluate its examples.
#include "lexsim/rules/evaluator.hpp"
#include "lexsim/rules/format.hpp"
#include "lexsim/rules/loader.hpp"

#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    auto r = lexsim::rules::load_texts({{"fuzz.rules", text}});
    std::ostringstream sink;
    r.diagnostics.render(r.sources, sink);
    if (r.ok())
        (void)lexsim::rules::run_examples(*r.rules);
    lexsim::rules::SourceManager sm;
    lexsim::rules::Diagnostics diags;
    uint32_t id = sm.add("fuzz.rules", text);
    auto once = lexsim::rules::format_source(sm, id, diags);
    if (once) {
        lexsim::rules::Diagnostics again_diags;
        uint32_t id2 = sm.add("fuzz.rules", *once);
        auto twice = lexsim::rules::format_source(sm, id2, again_diags);
        if (!twice || *twice != *once)
            std::abort(); // fmt must be idempotent on anything it accepts
    }
    return 0;
}
