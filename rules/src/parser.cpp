// Recursive-descent parser: tokens → SyntaxFile. Recovers at the next top-level declaration.
// This file: token helpers, the top level and recovery; the areas are in parse_*.cpp (see parser.hpp).
#include "parser.hpp"

namespace lexsim::rules::detail {

SyntaxFile Parser::run() {
    while (!at(Tok::End) && !m_diags.saturated()) {
        size_t start = m_pos;
        try {
            item();
        } catch (const ParseError&) {
            recover(start);
        }
    }
    return std::move(m_out);
}

const Token& Parser::advance() {
    const Token& t = m_toks[m_pos];
    if (t.kind == Tok::LBrace)
        ++m_depth;
    else if (t.kind == Tok::RBrace && m_depth > 0)
        --m_depth;
    if (m_pos + 1 < m_toks.size())
        ++m_pos;
    return t;
}

void Parser::fail(const Span& s, std::string msg) {
    m_diags.error(s, std::move(msg));
    throw ParseError{};
}

std::string Parser::describe(const Token& t) const {
    if (t.kind == Tok::End)
        return "end of file";
    return "'" + std::string(t.text) + "'";
}

void Parser::fail_expected(std::string_view what) {
    fail(cur().span, "expected " + std::string(what) + ", found " + describe(cur()));
}

const Token& Parser::expect(Tok k, std::string_view what) {
    if (!at(k))
        fail_expected(what);
    return advance();
}

void Parser::expect_word(std::string_view w) {
    if (!at_word(w))
        fail_expected("'" + std::string(w) + "'");
    advance();
}

bool Parser::accept(Tok k) {
    if (at(k)) {
        advance();
        return true;
    }
    return false;
}

bool Parser::accept_word(std::string_view w) {
    if (at_word(w)) {
        advance();
        return true;
    }
    return false;
}

Name Parser::ident(std::string_view what) {
    if (!at(Tok::Ident))
        fail_expected(what);
    for (auto r : reserved_words)
        if (cur().text == r)
            fail(cur().span,
                 "'" + std::string(r) + "' is a reserved word and cannot be used as " + std::string(what));
    const Token& t = advance();
    return {std::string(t.text), t.span};
}

Name Parser::dotted(std::string_view what) {
    Name n = ident(what);
    while (at(Tok::Dot)) {
        advance();
        Name more = ident(what);
        n.text += '.';
        n.text += more.text;
        n.span.end = more.span.end;
    }
    return n;
}

std::string Parser::string(std::string_view what) {
    if (!at(Tok::String))
        fail_expected(what);
    return advance().value;
}

Name Parser::string_name(std::string_view what) {
    if (!at(Tok::String))
        fail_expected(what);
    const Token& t = advance();
    return {t.value, t.span};
}

std::optional<std::string> Parser::opt_string() {
    if (at(Tok::String))
        return advance().value;
    return std::nullopt;
}

int32_t Parser::date(std::string_view what) {
    if (!at(Tok::Date))
        fail_expected(what);
    return advance().date;
}

int64_t Parser::integer(std::string_view what) {
    if (!at(Tok::Number) || cur().frac_digits != 0)
        fail_expected(what);
    return advance().mantissa;
}

Span Parser::from(const Span& b) const {
    const Token& last = m_toks[m_pos > 0 ? m_pos - 1 : 0];
    return {b.file, b.begin, std::max(b.begin, last.span.end)};
}

std::vector<Name> Parser::name_list(std::string_view what, bool strings) {
    std::vector<Name> out;
    do {
        out.push_back(strings ? string_name(what) : dotted(what));
    } while (accept(Tok::Comma));
    return out;
}

void Parser::recover(size_t start) {
    if (m_pos == start)
        advance();
    while (!at(Tok::End)) {
        if (m_depth == 0 && cur().newline_before && cur().kind == Tok::Ident &&
            find_keyword(top_level_keywords, cur().text))
            return;
        advance();
    }
}

void Parser::item() {
    m_depth = 0;
    if (!at(Tok::Ident))
        fail(cur().span,
             "expected a declaration (document, entity, clause, task, …), found " + describe(cur()));
    std::optional<TopLevel> k = find_keyword(top_level_keywords, cur().text);
    if (!k)
        fail(cur().span, "unknown declaration '" + std::string(cur().text) + "'" +
                             did_you_mean(top_level_keywords, cur().text) + " (expected " +
                             keyword_list(top_level_keywords) + ")");
    switch (*k) {
    case TopLevel::Document:
        return document();
    case TopLevel::Part:
        return part();
    case TopLevel::Enum:
        return enum_decl();
    case TopLevel::Entity:
        return entity();
    case TopLevel::Unit:
        return unit();
    case TopLevel::Official:
        advance();
        m_out.officials.push_back(string_name("the official's name as a string"));
        return;
    case TopLevel::Benefit: {
        advance();
        Name n = ident("a benefit name");
        std::string label = opt_string().value_or("");
        if (accept_word("compensates"))
            m_out.benefit_costs.emplace_back(n, name_list("a cost name", false));
        m_out.benefits.emplace_back(std::move(n), std::move(label));
        return;
    }
    case TopLevel::Cost: {
        advance();
        Name n = ident("a cost name");
        m_out.costs.emplace_back(std::move(n), opt_string().value_or(""));
        return;
    }
    case TopLevel::Measure:
        return measure();
    case TopLevel::Param:
        return param();
    case TopLevel::Clause:
        return clause();
    case TopLevel::Task:
        return task();
    case TopLevel::Record:
        return record();
    case TopLevel::Example:
        return example();
    }
}

SyntaxFile parse(const SourceManager& sm, uint32_t file, const LexResult& lexed, Diagnostics& diags) {
    return Parser(sm, file, lexed, diags).run();
}

} // namespace lexsim::rules::detail
