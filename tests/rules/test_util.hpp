#pragma once
#include "lexsim/rules/evaluator.hpp"
#include "lexsim/rules/loader.hpp"

#include <sstream>
#include <string>

namespace lexsim::test {

inline rules::LoadResult load(std::string text, std::string path = "t.rules") {
    return rules::load_texts({{std::move(path), std::move(text)}});
}

//! The rendered diagnostics of a load.
inline std::string diagnostics(const rules::LoadResult& r) {
    std::ostringstream ss;
    r.diagnostics.render(r.sources, ss);
    return ss.str();
}

} // namespace lexsim::test
