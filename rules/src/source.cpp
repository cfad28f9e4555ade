#include "lexsim/rules/source.hpp"

#include <algorithm>

namespace lexsim::rules {

uint32_t SourceManager::add(std::string path, std::string text) {
    File f{std::move(path), std::move(text), {0}};
    for (uint32_t i = 0; i < f.text.size(); ++i) {
        if (f.text[i] == '\n')
            f.line_starts.push_back(i + 1);
    }
    m_files.push_back(std::move(f));
    return static_cast<uint32_t>(m_files.size() - 1);
}

std::string_view SourceManager::slice(const Span& span) const {
    const std::string& t = m_files[span.file].text;
    uint32_t b = std::min<uint32_t>(span.begin, static_cast<uint32_t>(t.size()));
    uint32_t e = std::min<uint32_t>(std::max(span.end, b), static_cast<uint32_t>(t.size()));
    return std::string_view(t).substr(b, e - b);
}

LineCol SourceManager::line_col(uint32_t file, uint32_t offset) const {
    const File& f = m_files[file];
    offset = std::min<uint32_t>(offset, static_cast<uint32_t>(f.text.size()));
    auto it = std::upper_bound(f.line_starts.begin(), f.line_starts.end(), offset);
    uint32_t line = static_cast<uint32_t>(it - f.line_starts.begin());
    uint32_t start = f.line_starts[line - 1];
    uint32_t column = 1;
    size_t pos = start;
    while (pos < offset) {
        char32_t cp = 0;
        int len = utf8_decode(f.text, pos, cp);
        pos += len > 0 ? static_cast<size_t>(len) : 1;
        ++column;
    }
    return {line, column};
}

std::string_view SourceManager::line_text(uint32_t file, uint32_t line) const {
    const File& f = m_files[file];
    if (line == 0 || line > f.line_starts.size())
        return {};
    uint32_t b = f.line_starts[line - 1];
    uint32_t e = line < f.line_starts.size() ? f.line_starts[line] - 1 : static_cast<uint32_t>(f.text.size());
    if (e > b && f.text[e - 1] == '\r')
        --e;
    return std::string_view(f.text).substr(b, e - b);
}

int utf8_decode(std::string_view s, size_t pos, char32_t& out) {
    auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
    unsigned char c = byte(pos);
    if (c < 0x80) {
        out = c;
        return 1;
    }
    int len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if ((c & 0xE0) == 0xC0) {
        len = 2, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, cp = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (pos + static_cast<size_t>(len) > s.size())
        return 0;
    for (int i = 1; i < len; ++i) {
        unsigned char cc = byte(pos + static_cast<size_t>(i));
        if ((cc & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    out = cp;
    return len;
}

int display_width(char32_t cp) {
    if (cp < 0x1100)
        return 1;
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF) ||
        (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
        (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
        (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD))
        return 2;
    return 1;
}

bool is_cjk_ideograph(char32_t cp) {
    return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F) || cp == 0x3007;
}

} // namespace lexsim::rules
