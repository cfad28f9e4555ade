// libFuzzer target: bytes decide a well-typed money expression and extreme inputs (arith_case.hpp); the
// evaluator must give the exact value or report an overflow, as a big-integer reference says.
#include "arith_case.hpp"

#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    lexsim::fuzz::Decisions decisions(data, size);
    std::string problem = lexsim::fuzz::run_arith_case(decisions);
    if (!problem.empty()) {
        std::fprintf(stderr, "evaluator and reference disagree: %s\n", problem.c_str());
        std::abort();
    }
    return 0;
}
