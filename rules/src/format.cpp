#include "lexsim/rules/format.hpp"

#include "syntax.hpp"

#include <algorithm>
#include <array>

namespace lexsim::rules {

using detail::Tok;
using detail::Token;

namespace {

struct Item {
    bool comment = false;
    const Token* tok = nullptr;
    std::string_view text;
    uint32_t begin = 0;
    uint32_t end = 0;
    int newlines_before = 0; //!< line breaks between the previous item and this one
};

bool is_word(const Item& it, std::string_view w) {
    return !it.comment && it.tok->kind == Tok::Ident && it.text == w;
}

bool is_operator_tok(Tok k) {
    switch (k) {
    case Tok::Plus:
    case Tok::Minus:
    case Tok::Star:
    case Tok::Slash:
    case Tok::EqEq:
    case Tok::NotEq:
    case Tok::Lt:
    case Tok::Le:
    case Tok::Gt:
    case Tok::Ge:
    case Tok::Assign:
    case Tok::DotDot:
        return true;
    default:
        return false;
    }
}

constexpr std::array<std::string_view, 18> keywordish = {
    "to", "when", "and",     "or",     "not",      "of",    "in", "then",  "else",
    "if", "by",   "require", "forbid", "duration", "about", "up", "range", "pool"};

bool is_keywordish(std::string_view w) {
    return std::find(keywordish.begin(), keywordish.end(), w) != keywordish.end();
}

//! A '-' is unary when what precedes it cannot end an operand.
bool minus_is_unary(const Item* before) {
    if (before == nullptr || before->comment)
        return true;
    switch (before->tok->kind) {
    case Tok::Number:
    case Tok::Percent:
    case Tok::Date:
    case Tok::String:
    case Tok::RParen:
        return false;
    case Tok::Ident:
        return is_keywordish(before->text);
    default:
        return true;
    }
}

bool ends_continuation(const Item& last) {
    if (last.comment)
        return false;
    if (is_word(last, "and") || is_word(last, "or") || is_word(last, "of"))
        return true;
    return is_operator_tok(last.tok->kind);
}

bool starts_continuation(const Item& first) {
    if (first.comment)
        return false;
    if (is_word(first, "and") || is_word(first, "or") || is_word(first, "of"))
        return true;
    Tok k = first.tok->kind;
    return is_operator_tok(k) && k != Tok::Minus && k != Tok::Assign;
}

} // namespace

// Over 80 lines: one pass over the tokens whose line, indent and spacing state every branch reads and sets.
// NOLINTNEXTLINE(readability-function-size)
std::optional<std::string> format_source(SourceManager& sm, uint32_t file, Diagnostics& diags) {
    detail::LexResult lexed = detail::lex(sm, file, diags);
    if (diags.has_errors())
        return std::nullopt;
    detail::parse(sm, file, lexed, diags);
    if (diags.has_errors())
        return std::nullopt;
    const std::string& src = sm.text(file);

    std::vector<Item> items;
    size_t ci = 0;
    for (const Token& t : lexed.tokens) {
        while (ci < lexed.comments.size() && lexed.comments[ci].span.begin < t.span.begin) {
            const auto& c = lexed.comments[ci++];
            items.push_back({true, nullptr, c.text, c.span.begin, c.span.end, 0});
        }
        if (t.kind == Tok::End)
            break;
        items.push_back({false, &t, t.text, t.span.begin, t.span.end, 0});
    }
    while (ci < lexed.comments.size()) {
        const auto& c = lexed.comments[ci++];
        items.push_back({true, nullptr, c.text, c.span.begin, c.span.end, 0});
    }
    uint32_t prev_end = 0;
    for (auto& it : items) {
        it.newlines_before =
            static_cast<int>(std::count(src.begin() + prev_end, src.begin() + it.begin, '\n'));
        prev_end = it.end;
    }

    struct Open {
        Tok kind;
        bool list; //!< a `{` whose lines are comma-separated items, not continued statements
    };
    std::vector<Open> stack;
    std::string out;
    const Item* prev = nullptr;     // previous item
    const Item* prev_tok = nullptr; // previous non-comment item
    const Item* line_first = nullptr;
    const Item* line_last_tok = nullptr;
    bool prev_line_cont = false;
    const Item* prev_line_first = nullptr;

    auto trim_trailing = [&] {
        while (!out.empty() && (out.back() == ' ' || out.back() == '\t'))
            out.pop_back();
    };

    for (size_t i = 0; i < items.size(); ++i) {
        const Item& it = items[i];
        bool closes = !it.comment && (it.tok->kind == Tok::RBrace || it.tok->kind == Tok::RParen);
        bool new_line = prev == nullptr || it.newlines_before > 0;
        if (new_line) {
            if (prev != nullptr) {
                trim_trailing();
                out += '\n';
                bool after_open = prev_tok == prev && !prev->comment && prev->tok->kind == Tok::LBrace;
                if (it.newlines_before > 1 && !after_open && !(closes && it.tok->kind == Tok::RBrace))
                    out += '\n';
            }
            size_t depth = stack.size();
            if (closes && depth > 0)
                --depth;
            bool cont = false;
            if (line_last_tok != nullptr && prev != nullptr && !closes) {
                bool comma = !line_last_tok->comment && line_last_tok->tok->kind == Tok::Comma;
                bool in_list = !stack.empty() && stack.back().list;
                cont = ends_continuation(*line_last_tok) || starts_continuation(it) || (comma && !in_list);
                if (!stack.empty() && line_last_tok->tok &&
                    (line_last_tok->tok->kind == Tok::LBrace || line_last_tok->tok->kind == Tok::LParen))
                    cont = false;
            }
            if (it.comment && !cont && line_last_tok == nullptr)
                cont = false;
            out.append(depth * 2 + (cont ? 4 : 0), ' ');
            prev_line_first = line_first;
            prev_line_cont = cont;
            line_first = &it;
            line_last_tok = nullptr;
        } else if (prev != nullptr) {
            // Spacing within a line: two spaces before a comment, else one unless the tokens join.
            if (it.comment) {
                out += "  ";
            } else {
                bool space = true;
                Tok k = it.tok->kind;
                Tok pk = prev->comment ? Tok::End : prev->tok->kind;
                if (k == Tok::Comma || k == Tok::RParen || k == Tok::Dot || pk == Tok::Dot ||
                    pk == Tok::LParen)
                    space = false;
                else if (k == Tok::LParen && pk == Tok::Ident && (prev->text == "min" || prev->text == "max"))
                    space = false;
                else if (k == Tok::Colon && pk == Tok::Date)
                    space = false;
                else if (pk == Tok::Minus) {
                    // prev is '-': unary if what stands before it cannot end an operand.
                    const Item* before = nullptr;
                    for (size_t j = i - 1; j-- > 0;)
                        if (!items[j].comment) {
                            before = &items[j];
                            break;
                        }
                    if (minus_is_unary(before))
                        space = false;
                }
                if (space)
                    out += ' ';
            }
        }
        (void)prev_line_first;
        (void)prev_line_cont;
        if (it.comment) {
            std::string_view t = it.text;
            while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r'))
                t.remove_suffix(1);
            out += t;
        } else {
            out += it.text;
            Tok k = it.tok->kind;
            if (k == Tok::LBrace || k == Tok::LParen) {
                bool list = false;
                if (k == Tok::LBrace) {
                    if (prev_tok && is_word(*prev_tok, "enum"))
                        list = true;
                    if (line_first && !line_first->comment && line_first->tok->kind == Tok::Ident) {
                        std::string_view w = line_first->text;
                        if (w == "enum" || w == "given" || w == "params" || w == "record" || w == "entity")
                            list = true;
                    }
                    // an inline enum type: `name : enum {`
                    for (size_t j = i; j-- > 0;) {
                        if (items[j].comment)
                            continue;
                        if (is_word(items[j], "enum"))
                            list = true;
                        break;
                    }
                }
                stack.push_back({k, list});
            } else if ((k == Tok::RBrace || k == Tok::RParen) && !stack.empty()) {
                stack.pop_back();
            }
            prev_tok = &it;
            line_last_tok = &it;
        }
        prev = &it;
    }
    trim_trailing();
    if (!out.empty())
        out += '\n';
    return out;
}

} // namespace lexsim::rules
