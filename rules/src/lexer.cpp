#include "lexer.hpp"

#include "int128.hpp"
#include "lexsim/rules/calendar.hpp"

#include <algorithm>
#include <cstdio>

namespace lexsim::rules::detail {

const char* token_name(Tok t) {
    switch (t) {
    case Tok::End:
        return "end of file";
    case Tok::Ident:
        return "identifier";
    case Tok::Number:
        return "number";
    case Tok::Percent:
        return "percentage";
    case Tok::Date:
        return "date";
    case Tok::String:
        return "string";
    case Tok::LBrace:
        return "'{'";
    case Tok::RBrace:
        return "'}'";
    case Tok::LParen:
        return "'('";
    case Tok::RParen:
        return "')'";
    case Tok::Comma:
        return "','";
    case Tok::Colon:
        return "':'";
    case Tok::Assign:
        return "'='";
    case Tok::EqEq:
        return "'=='";
    case Tok::NotEq:
        return "'!='";
    case Tok::Lt:
        return "'<'";
    case Tok::Le:
        return "'<='";
    case Tok::Gt:
        return "'>'";
    case Tok::Ge:
        return "'>='";
    case Tok::Plus:
        return "'+'";
    case Tok::Minus:
        return "'-'";
    case Tok::Star:
        return "'*'";
    case Tok::Slash:
        return "'/'";
    case Tok::DotDot:
        return "'..'";
    case Tok::Dot:
        return "'.'";
    }
    return "token";
}

int64_t currency_fen(std::string_view word) {
    if (word == "CNY" || word == "元" || word == "yuan")
        return 100;
    if (word == "万元")
        return 1'000'000;
    if (word == "亿元")
        return 10'000'000'000;
    return 0;
}

Fen to_fen(int64_t mantissa, int32_t frac_digits, int64_t fen_per_unit) {
    i128 v = static_cast<i128>(mantissa) * fen_per_unit;
    i128 p = 1;
    for (int32_t i = 0; i < frac_digits; ++i)
        p *= 10;
    if (v % p != 0)
        return {0, MoneyProblem::FinerThanFen};
    v /= p;
    if (v > INT64_MAX / 1000)
        return {0, MoneyProblem::TooLarge};
    return {static_cast<int64_t>(v), MoneyProblem::None};
}

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_ascii_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

class Lexer {
public:
    Lexer(const SourceManager& sm, uint32_t file, Diagnostics& diags)
        : m_file(file), m_text(sm.text(file)), m_diags(diags) {}

    LexResult run() {
        LexResult out;
        bool newline = true;
        if (m_text.compare(0, 3, "\xEF\xBB\xBF") == 0)
            m_pos = 3; // a UTF-8 byte-order mark, as some Windows editors write: not part of the text
        while (true) {
            skip_space(newline, out);
            if (m_diags.saturated()) {
                m_pos = m_text.size();
            }
            if (m_pos >= m_text.size()) {
                Token t;
                t.kind = Tok::End;
                t.span = span(m_text.size(), m_text.size());
                t.newline_before = true;
                out.tokens.push_back(std::move(t));
                return out;
            }
            Token t;
            if (next(t)) {
                t.newline_before = newline;
                newline = false;
                t.text = std::string_view(m_text).substr(t.span.begin, t.span.end - t.span.begin);
                out.tokens.push_back(std::move(t));
            }
        }
    }

private:
    Span span(size_t b, size_t e) const {
        return {m_file, static_cast<uint32_t>(b), static_cast<uint32_t>(e)};
    }

    void skip_space(bool& newline, LexResult& out) {
        while (m_pos < m_text.size()) {
            char c = m_text[m_pos];
            if (c == '\n') {
                newline = true;
                ++m_pos;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                ++m_pos;
            } else if (c == '#') {
                size_t b = m_pos;
                while (m_pos < m_text.size() && m_text[m_pos] != '\n')
                    ++m_pos;
                check_utf8(b, m_pos);
                out.comments.push_back({span(b, m_pos), std::string_view(m_text).substr(b, m_pos - b)});
            } else {
                return;
            }
        }
    }

    // Reports invalid UTF-8 inside comments and strings (once per run of bad bytes).
    void check_utf8(size_t b, size_t e) {
        size_t p = b;
        while (p < e) {
            char32_t cp = 0;
            int len = utf8_decode(m_text, p, cp);
            if (len <= 0) {
                m_diags.error(span(p, p + 1), "invalid UTF-8 byte");
                return;
            }
            p += static_cast<size_t>(len);
        }
    }

    bool next(Token& t) {
        size_t b = m_pos;
        char c = m_text[m_pos];
        auto single = [&](Tok k, size_t len = 1) {
            m_pos += len;
            t.kind = k;
            t.span = span(b, m_pos);
            return true;
        };
        auto peek = [&](size_t off) { return m_pos + off < m_text.size() ? m_text[m_pos + off] : '\0'; };
        switch (c) {
        case '{':
            return single(Tok::LBrace);
        case '}':
            return single(Tok::RBrace);
        case '(':
            return single(Tok::LParen);
        case ')':
            return single(Tok::RParen);
        case ',':
            return single(Tok::Comma);
        case ':':
            return single(Tok::Colon);
        case '+':
            return single(Tok::Plus);
        case '-':
            return single(Tok::Minus);
        case '*':
            return single(Tok::Star);
        case '/':
            return single(Tok::Slash);
        case '=':
            return peek(1) == '=' ? single(Tok::EqEq, 2) : single(Tok::Assign);
        case '!':
            if (peek(1) == '=')
                return single(Tok::NotEq, 2);
            break;
        case '<':
            return peek(1) == '=' ? single(Tok::Le, 2) : single(Tok::Lt);
        case '>':
            return peek(1) == '=' ? single(Tok::Ge, 2) : single(Tok::Gt);
        case '.':
            return peek(1) == '.' ? single(Tok::DotDot, 2) : single(Tok::Dot);
        case '"':
            return lex_string(t);
        default:
            break;
        }
        if (is_digit(c))
            return lex_number(t);
        if (is_ascii_alpha(c))
            return lex_ident(t);
        char32_t cp = 0;
        int len = utf8_decode(m_text, m_pos, cp);
        if (len <= 0) {
            while (m_pos < m_text.size() && utf8_decode(m_text, m_pos, cp) <= 0)
                ++m_pos;
            m_diags.error(span(b, m_pos), "invalid UTF-8");
            return false;
        }
        if (is_cjk_ideograph(cp))
            return lex_ident(t);
        m_pos += static_cast<size_t>(len);
        std::string shown = cp < 0x20 || cp == 0x7F ? describe_control(cp)
                                                    : "'" + m_text.substr(b, static_cast<size_t>(len)) + "'";
        // A run of unexpected characters is one error.
        while (m_pos < m_text.size() && !is_token_start(m_pos))
            m_pos += std::max(1, utf8_decode(m_text, m_pos, cp));
        std::string hint;
        if (cp == 0xFF08 || cp == 0xFF09 || cp == 0xFF0C || cp == 0xFF1A || cp == 0x201C || cp == 0x201D)
            hint = " (full-width punctuation belongs inside a string)";
        m_diags.error(span(b, b + static_cast<size_t>(len)), "unexpected character " + shown + hint);
        return false;
    }

    static std::string describe_control(char32_t cp) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
        return buf;
    }

    //! Whether a token, space or comment can start here (ends a run of unexpected characters).
    bool is_token_start(size_t pos) const {
        char c = m_text[pos];
        if (is_digit(c) || is_ascii_alpha(c) || c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '#')
            return true;
        if (std::string_view("{}(),:+-*/=!<>.\"").find(c) != std::string_view::npos)
            return true;
        char32_t cp = 0;
        return utf8_decode(m_text, pos, cp) > 1 && is_cjk_ideograph(cp);
    }

    bool lex_ident(Token& t) {
        size_t b = m_pos;
        while (m_pos < m_text.size()) {
            char c = m_text[m_pos];
            if (is_ascii_alpha(c) || is_digit(c)) {
                ++m_pos;
                continue;
            }
            char32_t cp = 0;
            int len = utf8_decode(m_text, m_pos, cp);
            if (len > 1 && is_cjk_ideograph(cp)) {
                m_pos += static_cast<size_t>(len);
                continue;
            }
            break;
        }
        t.kind = Tok::Ident;
        t.span = span(b, m_pos);
        return true;
    }

    // Over 80 lines: digits, decimals, percent, date and placeholder recovery are one scan.
    // NOLINTNEXTLINE(readability-function-size)
    bool lex_number(Token& t) {
        size_t b = m_pos;
        // A date: exactly DDDD-DD-DD.
        if (m_pos + 4 < m_text.size() && is_digit(m_text[m_pos + 1]) && is_digit(m_text[m_pos + 2]) &&
            is_digit(m_text[m_pos + 3]) && m_text[m_pos + 4] == '-') {
            size_t e = m_pos + 5;
            while (e < m_text.size() && (is_digit(m_text[e]) || m_text[e] == '-'))
                ++e;
            std::string_view raw = std::string_view(m_text).substr(b, e - b);
            m_pos = e;
            t.kind = Tok::Date;
            t.span = span(b, e);
            bool shape = raw.size() == 10 && raw[4] == '-' && raw[7] == '-' && is_digit(raw[5]) &&
                         is_digit(raw[6]) && is_digit(raw[8]) && is_digit(raw[9]);
            // On error the token is kept (as 1970-01-01) so the parser does not report a second error.
            if (!shape) {
                m_diags.error(t.span,
                              "malformed date '" + std::string(raw) + "': dates are written YYYY-MM-DD");
                return true;
            }
            auto d = parse_date(raw);
            if (!d) {
                m_diags.error(t.span,
                              "'" + std::string(raw) +
                                  "' is not a calendar date (dates run from 1900-01-01 to 2999-12-31)");
                return true;
            }
            t.date = *d;
            return true;
        }
        int64_t mant = 0;
        int32_t frac = 0;
        bool overflow = false;
        bool bad_underscore = false;
        bool in_frac = false;
        char prev = '\0';
        while (m_pos < m_text.size()) {
            char c = m_text[m_pos];
            if (is_digit(c)) {
                if (mant > (INT64_MAX - 9) / 10)
                    overflow = true;
                else
                    mant = mant * 10 + (c - '0');
                if (in_frac)
                    ++frac;
            } else if (c == '_') {
                if (!is_digit(prev) || m_pos + 1 >= m_text.size() || !is_digit(m_text[m_pos + 1]))
                    bad_underscore = true;
            } else if (c == '.' && !in_frac && m_pos + 1 < m_text.size() && is_digit(m_text[m_pos + 1])) {
                in_frac = true;
            } else {
                break;
            }
            prev = c;
            ++m_pos;
        }
        t.kind = Tok::Number;
        if (m_pos < m_text.size() && m_text[m_pos] == '%') {
            ++m_pos;
            t.kind = Tok::Percent;
        }
        t.span = span(b, m_pos);
        t.mantissa = mant;
        t.frac_digits = frac;
        if (overflow || frac > 12) {
            m_diags.error(t.span, "number too large or too precise");
            return true;
        }
        if (bad_underscore) {
            m_diags.error(t.span, "'_' in a number must stand between digits");
            return true;
        }
        if (m_pos < m_text.size() && (is_ascii_alpha(m_text[m_pos]) && m_text[m_pos] != '_')) {
            // 10days is almost certainly a typo for 10 days; require the space for ASCII units.
            size_t e = m_pos;
            while (e < m_text.size() && (is_ascii_alpha(m_text[e]) || is_digit(m_text[e])))
                ++e;
            m_diags.error(span(b, e), "a number must be separated from the word after it");
            m_pos = e;
            t.span = span(b, e);
            return true;
        }
        return true;
    }

    bool lex_string(Token& t) {
        size_t b = m_pos;
        ++m_pos;
        std::string value;
        while (true) {
            if (m_pos >= m_text.size() || m_text[m_pos] == '\n') {
                m_diags.error(span(b, b + 1), "unterminated string");
                break; // keep the token up to the line end so the parser does not cascade
            }
            char c = m_text[m_pos];
            if (c == '"') {
                ++m_pos;
                break;
            }
            if (c == '\\') {
                char n = m_pos + 1 < m_text.size() ? m_text[m_pos + 1] : '\0';
                switch (n) {
                case '"':
                    value += '"';
                    break;
                case '\\':
                    value += '\\';
                    break;
                case 'n':
                    value += '\n';
                    break;
                case 't':
                    value += '\t';
                    break;
                default:
                    m_diags.error(span(m_pos, m_pos + 2), "unknown escape sequence in string");
                    break;
                }
                m_pos += 2;
                continue;
            }
            char32_t cp = 0;
            int len = utf8_decode(m_text, m_pos, cp);
            if (len <= 0) {
                size_t bad = m_pos;
                while (m_pos < m_text.size() && utf8_decode(m_text, m_pos, cp) <= 0)
                    ++m_pos; // one error for a run of bad bytes
                m_diags.error(span(bad, m_pos), "invalid UTF-8 in string");
                continue;
            }
            value.append(m_text, m_pos, static_cast<size_t>(len));
            m_pos += static_cast<size_t>(len);
        }
        t.kind = Tok::String;
        t.span = span(b, m_pos);
        t.value = std::move(value);
        return true;
    }

    uint32_t m_file;
    const std::string& m_text;
    Diagnostics& m_diags;
    size_t m_pos = 0;
};

} // namespace

LexResult lex(const SourceManager& sm, uint32_t file, Diagnostics& diags) {
    return Lexer(sm, file, diags).run();
}

} // namespace lexsim::rules::detail
