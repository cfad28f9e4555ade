#pragma once
// One symbol table for the resolver: every declared name, by kind, with did-you-mean suggestions.
// Private to the rules module.
#include "lexsim/rules/diagnostic.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lexsim::rules::detail {

enum class SymbolKind : uint8_t {
    Document,
    Enum,
    Entity,
    Unit, //!< unit names and their aliases
    Official,
    Benefit,
    Measure,
    Param,
    Clause, //!< key "document.local"
    Task,   //!< key "document.local"
    Record, //!< key "document.local"
    Example //!< key "document.local"
};
inline constexpr size_t symbol_kind_count = 12;

struct Symbol {
    int32_t index = -1;
    Span span; //!< the first declaration
};

struct Suggestion {
    std::string name;
    Span span;
};

class SymbolTable {
public:
    //! Declares `name`; a second declaration is reported ("WHAT 'name' is defined twice") and refused.
    bool declare(SymbolKind kind, const std::string& name, Symbol symbol, std::string_view what,
                 Diagnostics& diags);
    const Symbol* find(SymbolKind kind, const std::string& name) const;
    //! The name of this kind nearest to `name` (edit distance over code points), if near enough. With a
    //! scope ("doc."), only keys in that scope are candidates and the scope is stripped from the answer.
    std::optional<Suggestion> suggest(SymbolKind kind, std::string_view name,
                                      std::string_view scope = {}) const;

private:
    std::array<std::unordered_map<std::string, Symbol>, symbol_kind_count> m_names;
};

//! Edit distance (with swaps of neighbours) over Unicode code points: one Chinese character is one edit.
size_t edit_distance(std::string_view a, std::string_view b);
//! Whether `candidate` is near enough to `name` to be offered as "did you mean …?".
bool near_enough(std::string_view name, std::string_view candidate, size_t distance);

} // namespace lexsim::rules::detail
