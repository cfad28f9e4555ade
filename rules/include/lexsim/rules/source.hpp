#pragma once
/**
 * @brief Source files and positions.
 *
 * Every AST node keeps a Span (file index + byte offsets); lines and columns are
 * computed only when a diagnostic is printed. Columns count Unicode code points,
 * so positions are right on lines with Chinese text.
 *
 *     SourceManager sm;
 *     auto id = sm.add("a.rules", text);
 *     LineCol lc = sm.line_col(id, offset);   // 1-based
 */
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lexsim::rules {

struct Span {
    uint32_t file = 0;  //!< index into SourceManager
    uint32_t begin = 0; //!< byte offset of the first byte
    uint32_t end = 0;   //!< byte offset one past the last byte
};

struct LineCol {
    uint32_t line = 1;   //!< 1-based line
    uint32_t column = 1; //!< 1-based column in code points
};

class SourceManager {
public:
    uint32_t add(std::string path, std::string text);

    const std::string& path(uint32_t file) const { return m_files[file].path; }
    const std::string& text(uint32_t file) const { return m_files[file].text; }
    std::string_view slice(const Span& span) const;
    LineCol line_col(uint32_t file, uint32_t offset) const;
    //! The text of a 1-based line, without its line break.
    std::string_view line_text(uint32_t file, uint32_t line) const;
    size_t size() const { return m_files.size(); }

private:
    struct File {
        std::string path;
        std::string text;
        std::vector<uint32_t> line_starts;
    };
    std::vector<File> m_files;
};

//! Decodes one UTF-8 code point at `pos`; returns its length in bytes, or 0 if the bytes are not valid UTF-8.
int utf8_decode(std::string_view s, size_t pos, char32_t& out);
//! Terminal cell width of a code point (2 for East Asian wide and full-width characters).
int display_width(char32_t cp);
//! True for code points that may appear in identifiers besides ASCII letters: CJK ideographs.
bool is_cjk_ideograph(char32_t cp);

} // namespace lexsim::rules
