// The resolver's symbol table and its did-you-mean suggestions.
#include "symbols.hpp"

#include <algorithm>

namespace lexsim::rules::detail {
namespace {

std::vector<char32_t> code_points(std::string_view s) {
    std::vector<char32_t> out;
    for (size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        char32_t cp = n == 1 ? c : c & (0x3F >> (n - 1));
        for (size_t k = 1; k < n && i + k < s.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.push_back(cp);
        i += n;
    }
    return out;
}

} // namespace

size_t edit_distance(std::string_view a, std::string_view b) {
    // Optimal string alignment: insertions, deletions, substitutions and swaps of neighbours each cost one
    // ('frim' → 'firm', 'platfrom' → 'platform').
    std::vector<char32_t> x = code_points(a), y = code_points(b);
    std::vector<std::vector<size_t>> d(x.size() + 1, std::vector<size_t>(y.size() + 1));
    for (size_t i = 0; i <= x.size(); ++i)
        d[i][0] = i;
    for (size_t j = 0; j <= y.size(); ++j)
        d[0][j] = j;
    for (size_t i = 1; i <= x.size(); ++i) {
        for (size_t j = 1; j <= y.size(); ++j) {
            d[i][j] = std::min(
                {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)});
            if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[x.size()][y.size()];
}

bool near_enough(std::string_view name, std::string_view candidate, size_t distance) {
    size_t length = std::max(code_points(name).size(), code_points(candidate).size());
    // About one edit in three, and always one: 'platfrom' → 'platform', '区科委' → '区科委会'.
    return distance > 0 && distance <= std::max<size_t>(1, length / 3);
}

bool SymbolTable::declare(SymbolKind kind, const std::string& name, Symbol symbol, std::string_view what,
                          Diagnostics& diags) {
    auto [it, inserted] = m_names[static_cast<size_t>(kind)].emplace(name, symbol);
    if (!inserted) {
        diags.error(symbol.span, std::string(what) + " '" + name + "' is defined twice")
            .note(it->second.span, "first defined here");
        return false;
    }
    return true;
}

const Symbol* SymbolTable::find(SymbolKind kind, const std::string& name) const {
    const auto& names = m_names[static_cast<size_t>(kind)];
    auto it = names.find(name);
    return it == names.end() ? nullptr : &it->second;
}

std::optional<Suggestion> SymbolTable::suggest(SymbolKind kind, std::string_view name,
                                               std::string_view scope) const {
    std::optional<Suggestion> best;
    size_t best_distance = 0;
    for (const auto& [key, symbol] : m_names[static_cast<size_t>(kind)]) {
        if (key.compare(0, scope.size(), scope) != 0)
            continue;
        std::string_view candidate = std::string_view(key).substr(scope.size());
        size_t d = edit_distance(name, candidate);
        if (!near_enough(name, candidate, d))
            continue;
        // Nearest first, then alphabetical: the answer never depends on the hash order.
        if (!best || d < best_distance || (d == best_distance && candidate < best->name)) {
            best = Suggestion{std::string(candidate), symbol.span};
            best_distance = d;
        }
    }
    return best;
}

} // namespace lexsim::rules::detail
