#pragma once
// The lexer: UTF-8 text → tokens. Private to the rules module.
#include "lexsim/rules/diagnostic.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lexsim::rules::detail {

enum class Tok : uint8_t {
    End,
    Ident,
    Number,  // integer or decimal: mantissa, frac_digits
    Percent, // number followed by %
    Date,
    String,
    LBrace,
    RBrace,
    LParen,
    RParen,
    Comma,
    Colon,
    Assign,
    EqEq,
    NotEq,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    Star,
    Slash,
    DotDot,
    Dot,
};

struct Token {
    Tok kind = Tok::End;
    Span span;
    std::string_view text; //!< raw source text
    int64_t mantissa = 0;  //!< Number/Percent: digits without the point
    int32_t frac_digits = 0;
    int32_t date = 0;  //!< Date
    std::string value; //!< String: decoded contents
    bool newline_before = false;
};

struct Comment {
    Span span;
    std::string_view text;
};

struct LexResult {
    std::vector<Token> tokens; //!< always ends with Tok::End
    std::vector<Comment> comments;
};

LexResult lex(const SourceManager& sm, uint32_t file, Diagnostics& diags);
const char* token_name(Tok t);
//! Fen in one unit of a currency word: 100 for CNY, 元 and yuan, 1 000 000 for 万元, 10^10 for 亿元; 0
//! otherwise.
int64_t currency_fen(std::string_view word);

//! An amount written as mantissa × 10^-frac_digits units of fen_per_unit fen, in fen: the one money
//! conversion (type checker and entity values). Refused when finer than a fen or too large.
enum class MoneyProblem { None, FinerThanFen, TooLarge };
struct Fen {
    int64_t value = 0;
    MoneyProblem problem = MoneyProblem::None;
};
Fen to_fen(int64_t mantissa, int32_t frac_digits, int64_t fen_per_unit);

} // namespace lexsim::rules::detail
