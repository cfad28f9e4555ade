#include "lexsim/rules/value.hpp"

#include "lexer.hpp"

#include <optional>
#include <vector>

namespace lexsim::rules {

namespace {
ParsedValue bad(std::string msg) {
    return {false, 0, std::move(msg)};
}

int64_t pow10(int n) {
    int64_t p = 1;
    for (int i = 0; i < n; ++i)
        p *= 10;
    return p;
}
using Tokens = std::vector<detail::Token>;

//! `N`, `N days` or `N workdays` (the unit must match the type), the rest of the text empty.
std::optional<int64_t> duration(Type type, const Tokens& t, size_t i) {
    using detail::Tok;
    if (t[i].kind != Tok::Number || t[i].frac_digits != 0)
        return std::nullopt;
    if (t[i + 1].kind == Tok::End)
        return t[i].mantissa;
    std::string_view u = t[i + 1].text;
    bool days = u == "days" || u == "day";
    bool work = u == "workdays" || u == "workday";
    if (t[i + 2].kind == Tok::End &&
        ((type.kind == TypeKind::Days && days) || (type.kind == TypeKind::Workdays && work)))
        return t[i].mantissa;
    return std::nullopt;
}

//! `N` (yuan) or `N UNIT` in fen; nothing when the text is not an amount, a refusal when it is a bad one.
std::optional<ParsedValue> money(const Tokens& t, size_t i, std::string_view text) {
    int64_t mult = 100; // bare numbers are yuan
    size_t next = i + 1;
    if (t[next].kind == detail::Tok::Ident) {
        mult = detail::currency_fen(t[next].text);
        if (mult == 0)
            return std::nullopt;
        ++next;
    }
    if (t[next].kind != detail::Tok::End)
        return std::nullopt;
    detail::Fen fen = detail::to_fen(t[i].mantissa, t[i].frac_digits, mult);
    if (fen.problem == detail::MoneyProblem::FinerThanFen)
        return bad("'" + std::string(text) + "' is finer than a fen");
    if (fen.problem == detail::MoneyProblem::TooLarge)
        return bad("'" + std::string(text) + "' is too large");
    return ParsedValue{true, fen.value, {}};
}

} // namespace

ParsedValue parse_value(const RuleSet& rs, Type type, std::string_view text) {
    using detail::Tok;
    std::string expected = type_name(rs, type);
    if (type.kind == TypeKind::Text) {
        return bad("text values are not used in evaluation");
    }
    SourceManager sm;
    uint32_t id = sm.add("<value>", std::string(text));
    Diagnostics diags;
    detail::LexResult lexed = detail::lex(sm, id, diags);
    if (diags.has_errors())
        return bad("'" + std::string(text) + "' is not a " + expected + ": " + diags.all().front().message);
    const auto& t = lexed.tokens;
    size_t i = 0;
    bool neg = false;
    if (t[i].kind == Tok::Minus) {
        neg = true;
        ++i;
    }
    auto done = [&](size_t next) { return t[next].kind == Tok::End; };
    auto sign = [&](int64_t v) { return neg ? -v : v; };
    switch (type.kind) {
    case TypeKind::Bool:
        if (!neg && t[i].kind == Tok::Ident && (t[i].text == "true" || t[i].text == "false") && done(i + 1))
            return {true, t[i].text == "true" ? 1 : 0, {}};
        break;
    case TypeKind::Enum:
        if (!neg && t[i].kind == Tok::Ident && done(i + 1)) {
            if (auto m = rs.find_member(type.enum_id, t[i].text))
                return {true, *m, {}};
            std::string members;
            for (const auto& m : rs.enums[static_cast<size_t>(type.enum_id)].members)
                members += (members.empty() ? "" : ", ") + m.name;
            return bad("'" + std::string(text) + "' is not a member of " + expected + " (" + members + ")");
        }
        break;
    case TypeKind::Date:
        if (!neg && t[i].kind == Tok::Date && done(i + 1))
            return {true, t[i].date, {}};
        break;
    case TypeKind::Int:
        if (t[i].kind == Tok::Number && t[i].frac_digits == 0 && done(i + 1))
            return {true, sign(t[i].mantissa), {}};
        break;
    case TypeKind::Number:
    case TypeKind::Rate:
        if (t[i].kind == Tok::Number && t[i].frac_digits <= 6 && done(i + 1) &&
            t[i].mantissa <= INT64_MAX / pow10(6))
            return {true, sign(t[i].mantissa * pow10(6 - t[i].frac_digits)), {}};
        if (t[i].kind == Tok::Percent && t[i].frac_digits <= 4 && done(i + 1) &&
            t[i].mantissa <= INT64_MAX / pow10(4))
            return {true, sign(t[i].mantissa * pow10(4 - t[i].frac_digits)), {}};
        break;
    case TypeKind::Days:
    case TypeKind::Workdays:
        // Amounts of money and durations are never negative: `check` and `bounds` search them from 0 up,
        // so a negative input `explain` took would let them disagree (a signed quantity is a number).
        if (neg)
            return bad("'" + std::string(text) + "' is negative: " + expected +
                       " values are never below 0 (a signed quantity needs a number type)");
        if (auto v = duration(type, t, i))
            return {true, sign(*v), {}};
        break;
    case TypeKind::Money:
        if (neg)
            return bad("'" + std::string(text) + "' is negative: " + expected +
                       " values are never below 0 (a signed quantity needs a number type)");
        if (t[i].kind == Tok::Number)
            if (std::optional<ParsedValue> v = money(t, i, text))
                return v->ok ? ParsedValue{true, sign(v->value), {}} : *v;
        break;
    case TypeKind::Text:
    case TypeKind::Error:
        break;
    }
    return bad("'" + std::string(text) + "' is not a " + expected);
}

} // namespace lexsim::rules
