// Parser: expressions, by precedence: or < and < not < comparison / in { … } < + - < * / of < unary.
#include "lexer.hpp"
#include "parser.hpp"

namespace lexsim::rules::detail {

SynId Parser::add(SynExpr e) {
    // Every later pass (type inference, evaluation, the Z3 encoding) walks the tree recursively, so the
    // tree's height is bounded here: a long flat chain of `and` or `+` is as deep as its length.
    uint32_t height = 1;
    for (SynId a : e.args)
        height = std::max(height, m_heights[static_cast<size_t>(a)] + 1);
    if (height > max_expr_height)
        fail(e.span, "expression too long: more than " + std::to_string(max_expr_height) +
                         " operators in a chain (or levels of nesting); split it into parameters or clauses");
    m_heights.push_back(height);
    m_out.exprs.push_back(std::move(e));
    return static_cast<SynId>(m_out.exprs.size() - 1);
}

Parser::Depth::Depth(Parser& pp, const Span& s) : p(pp) {
    if (++p.m_nesting > max_nesting) {
        --p.m_nesting;
        p.fail(s, "expression nested too deeply (more than " + std::to_string(max_nesting) + " levels)");
    }
}

SynId Parser::binary(Tok op, std::string word, SynId l, SynId r) {
    SynExpr e;
    e.kind = SynKind::Binary;
    e.op = op;
    e.text = std::move(word);
    e.args = {l, r};
    e.span = {ex(l).span.file, ex(l).span.begin, ex(r).span.end};
    return add(std::move(e));
}

SynId Parser::expr() {
    Depth d(*this, cur().span);
    return or_expr();
}

SynId Parser::or_expr() {
    SynId l = and_expr();
    while (at_word("or")) {
        advance();
        l = binary(Tok::Ident, "or", l, and_expr());
    }
    return l;
}

SynId Parser::and_expr() {
    SynId l = not_expr();
    while (at_word("and")) {
        advance();
        l = binary(Tok::Ident, "and", l, not_expr());
    }
    return l;
}

SynId Parser::not_expr() {
    if (at_word("not")) {
        Span b = advance().span;
        Depth d(*this, b);
        SynId inner = not_expr();
        SynExpr e;
        e.kind = SynKind::Not;
        e.args = {inner};
        e.span = {b.file, b.begin, ex(inner).span.end};
        return add(std::move(e));
    }
    return comparison();
}

SynId Parser::comparison() {
    SynId l = additive();
    switch (cur().kind) {
    case Tok::EqEq:
    case Tok::NotEq:
    case Tok::Lt:
    case Tok::Le:
    case Tok::Gt:
    case Tok::Ge: {
        Tok op = advance().kind;
        return binary(op, "", l, additive());
    }
    default:
        break;
    }
    if (at_word("in") && peek_tok().kind == Tok::LBrace)
        return member_test(l);
    return l;
}

//! `x in { a, b }`
SynId Parser::member_test(SynId l) {
    advance();
    advance();
    SynExpr e;
    e.kind = SynKind::In;
    e.args = {l};
    while (!accept(Tok::RBrace)) {
        Name m = ident("an enum member");
        e.members.push_back(m.text);
        e.member_spans.push_back(m.span);
        if (!accept(Tok::Comma)) {
            expect(Tok::RBrace, "',' or '}'");
            break;
        }
    }
    e.span = from(ex(l).span);
    return add(std::move(e));
}

SynId Parser::additive() {
    SynId l = multiplicative();
    while (at(Tok::Plus) || at(Tok::Minus)) {
        Tok op = advance().kind;
        l = binary(op, "", l, multiplicative());
    }
    return l;
}

SynId Parser::multiplicative() {
    SynId l = unary();
    while (at(Tok::Star) || at(Tok::Slash) || at_word("of")) {
        bool of = at_word("of");
        Tok op = advance().kind;
        l = binary(of ? Tok::Star : op, of ? "of" : "", l, unary());
    }
    return l;
}

SynId Parser::unary() {
    if (at(Tok::Minus)) {
        Span b = advance().span;
        Depth d(*this, b);
        SynId inner = unary();
        SynExpr e;
        e.kind = SynKind::Neg;
        e.args = {inner};
        e.span = {b.file, b.begin, ex(inner).span.end};
        return add(std::move(e));
    }
    return primary();
}

SynId Parser::primary_with_unit() {
    if (!at(Tok::Number))
        return primary();
    const Token& t = advance();
    SynExpr e;
    e.kind = SynKind::Number;
    e.mantissa = t.mantissa;
    e.frac_digits = t.frac_digits;
    e.span = t.span;
    if (!at(Tok::Ident))
        return add(std::move(e));
    std::string_view u = cur().text;
    if (int64_t fen_per_unit = currency_fen(u); fen_per_unit != 0) {
        // The conversion to fen, and its errors, belong to the type checker.
        e.span.end = advance().span.end;
        e.kind = SynKind::Money;
        e.value = fen_per_unit;
        e.text = std::string(m_sm.slice(e.span));
        return add(std::move(e));
    }
    static constexpr std::array<std::pair<std::string_view, DurationUnit>, 8> duration_units{{
        {"days", DurationUnit::Days},
        {"day", DurationUnit::Days},
        {"workdays", DurationUnit::Workdays},
        {"workday", DurationUnit::Workdays},
        {"months", DurationUnit::Months},
        {"month", DurationUnit::Months},
        {"years", DurationUnit::Years},
        {"year", DurationUnit::Years},
    }};
    for (const auto& [word, unit] : duration_units) {
        if (u != word)
            continue;
        e.span.end = advance().span.end;
        if (e.frac_digits != 0)
            fail(e.span, "a duration is a whole number of " + std::string(u));
        if (e.mantissa > 1'000'000)
            fail(e.span, "duration too long");
        e.kind = SynKind::Duration;
        e.unit = unit;
        e.value = e.mantissa;
        return add(std::move(e));
    }
    return add(std::move(e));
}

SynId Parser::primary() {
    const Token& t = cur();
    SynExpr e;
    e.span = t.span;
    switch (t.kind) {
    case Tok::Number:
        return primary_with_unit();
    case Tok::Percent:
        advance();
        e.kind = SynKind::Percent;
        e.mantissa = t.mantissa;
        e.frac_digits = t.frac_digits;
        return add(std::move(e));
    case Tok::Date:
        advance();
        e.kind = SynKind::Date;
        e.value = t.date;
        return add(std::move(e));
    case Tok::String:
        advance();
        e.kind = SynKind::String;
        e.text = t.value;
        return add(std::move(e));
    case Tok::LParen: {
        Span b = advance().span;
        Depth d(*this, b);
        SynId inner = or_expr();
        expect(Tok::RParen, "')'");
        ex(inner).span = from(b);
        return inner;
    }
    case Tok::Ident:
        return primary_word(t);
    default:
        fail_expected("an expression");
    }
}

//! true, false, today, if … then … else …, min(…), max(…), or a name.
SynId Parser::primary_word(const Token& t) {
    std::string_view w = t.text;
    SynExpr e;
    e.span = t.span;
    if (w == "true" || w == "false") {
        advance();
        e.kind = SynKind::Bool;
        e.value = w == "true" ? 1 : 0;
        return add(std::move(e));
    }
    if (w == "today") {
        advance();
        e.kind = SynKind::Today;
        return add(std::move(e));
    }
    if (w == "if")
        return choice();
    if (w == "min" || w == "max")
        return min_max(w);
    Name n = dotted("an expression");
    e.kind = SynKind::Name;
    e.text = n.text;
    e.span = n.span;
    return add(std::move(e));
}

SynId Parser::choice() {
    Span b = advance().span;
    Depth d(*this, b);
    SynExpr e;
    e.kind = SynKind::Ite;
    SynId c = or_expr();
    expect_word("then");
    SynId a = or_expr();
    expect_word("else");
    SynId z = or_expr();
    e.args = {c, a, z};
    e.span = from(b);
    return add(std::move(e));
}

SynId Parser::min_max(std::string_view w) {
    std::string name(w);
    Span b = advance().span;
    Depth d(*this, b);
    SynExpr e;
    e.kind = SynKind::Call;
    e.text = name;
    expect(Tok::LParen, "'(' after " + name);
    do {
        e.args.push_back(or_expr());
    } while (accept(Tok::Comma));
    expect(Tok::RParen, "')'");
    e.span = from(b);
    return add(std::move(e));
}

} // namespace lexsim::rules::detail
