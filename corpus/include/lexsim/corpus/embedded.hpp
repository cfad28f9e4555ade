#pragma once
/**
 * @brief The Tongzhou District 2024 corpus, compiled into the binary.
 *
 * Paths are relative to the repository (`corpus/tongzhou-2024/...`), so
 * diagnostics and citations name the file a user can open.
 */
#include "lexsim/rules/loader.hpp"

#include <vector>

namespace lexsim::corpus {

std::vector<rules::SourceText> embedded_sources();

} // namespace lexsim::corpus
