#pragma once
/**
 * @brief User-input errors, collected rather than thrown.
 *
 * A Diagnostic has a primary span and optional secondary notes ("first defined
 * here"). Rendering prints `file:line:col: error: message`, the source line and a
 * caret run under the culprit, counting display cells so carets line up under
 * Chinese text.
 *
 *     Diagnostics diags;
 *     diags.error(span, "unknown attribute 'x'").note(other, "entity declared here");
 *     diags.render(sources, std::cerr);
 */
#include "lexsim/rules/severity.hpp"
#include "lexsim/rules/source.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace lexsim::rules {

struct Diagnostic {
    struct Note {
        Span span;
        std::string message;
    };
    Severity severity = Severity::Error;
    Span span;
    std::string message;
    std::vector<Note> notes;

    Diagnostic& note(Span s, std::string msg) {
        notes.push_back({s, std::move(msg)});
        return *this;
    }
};

class Diagnostics {
public:
    Diagnostic& error(Span span, std::string message);
    Diagnostic& warning(Span span, std::string message);

    bool has_errors() const { return m_errors > 0; }
    size_t error_count() const { return m_errors; }
    const std::vector<Diagnostic>& all() const { return m_list; }
    //! Stops collecting after this many errors (a garbage file must not flood the terminal).
    static constexpr size_t max_errors = 50;
    bool saturated() const { return m_errors >= max_errors; }

    void render(const SourceManager& sm, std::ostream& out) const;

private:
    std::vector<Diagnostic> m_list;
    size_t m_errors = 0;
};

//! Renders one message with its source line and caret run.
void render_diagnostic(const SourceManager& sm, const Diagnostic& d, std::ostream& out);

} // namespace lexsim::rules
