#include "lexsim/rules/diagnostic.hpp"

#include <ostream>

namespace lexsim::rules {

Diagnostic& Diagnostics::error(Span span, std::string message) {
    ++m_errors;
    m_list.push_back({Severity::Error, span, std::move(message), {}});
    return m_list.back();
}

Diagnostic& Diagnostics::warning(Span span, std::string message) {
    m_list.push_back({Severity::Warning, span, std::move(message), {}});
    return m_list.back();
}

namespace {

void render_one(const SourceManager& sm, const char* label, const Span& span, const std::string& message,
                std::ostream& out) {
    LineCol lc = sm.line_col(span.file, span.begin);
    out << sm.path(span.file) << ':' << lc.line << ':' << lc.column << ": " << label << ": " << message
        << '\n';
    if (sm.text(span.file).empty())
        return; // an empty or unreadable file: there is no line to show
    std::string_view line = sm.line_text(span.file, lc.line);
    std::string number = std::to_string(lc.line);
    std::string gutter(number.size(), ' ');
    // Show invalid bytes as U+FFFD so the echoed line is itself valid UTF-8.
    std::string shown;
    std::string pad;
    std::string carets;
    // Walk the line: bytes before span.begin make padding, bytes in [begin, end) make carets.
    const std::string& text = sm.text(span.file);
    size_t line_start = static_cast<size_t>(line.data() - text.data());
    size_t pos = 0;
    while (pos < line.size()) {
        char32_t cp = 0;
        int len = utf8_decode(line, pos, cp);
        int width = 1;
        if (len <= 0) {
            shown += "\xEF\xBF\xBD";
            len = 1;
        } else if (cp < 0x20 && cp != '\t') {
            shown += "\xEF\xBF\xBD"; // control characters would garble the terminal
        } else {
            shown.append(line.substr(pos, static_cast<size_t>(len)));
            width = cp == '\t' ? 1 : display_width(cp);
        }
        size_t abs = line_start + pos;
        if (abs < span.begin) {
            pad += cp == '\t' ? std::string("\t") : std::string(static_cast<size_t>(width), ' ');
        } else if (abs < span.end) {
            carets.append(static_cast<size_t>(width), '^');
        }
        pos += static_cast<size_t>(len);
    }
    if (carets.empty())
        carets = "^";
    out << ' ' << number << " | " << shown << '\n';
    out << ' ' << gutter << " | " << pad << carets << '\n';
}

} // namespace

void render_diagnostic(const SourceManager& sm, const Diagnostic& d, std::ostream& out) {
    render_one(sm, severity_name(d.severity), d.span, d.message, out);
    for (const auto& n : d.notes)
        render_one(sm, "note", n.span, n.message, out);
}

void Diagnostics::render(const SourceManager& sm, std::ostream& out) const {
    for (const auto& d : m_list)
        render_diagnostic(sm, d, out);
    if (m_errors >= max_errors)
        out << "error: too many errors (" << m_errors << "), stopping\n";
}

} // namespace lexsim::rules
