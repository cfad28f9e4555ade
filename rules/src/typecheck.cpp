// The type-checking pass for everything but binary operators (typecheck_ops.cpp): literals with their
// scales and units, names, negation, `in`, min/max, if-then-else, and constant folding.
#include "typecheck.hpp"

#include "lexer.hpp"
#include "lexsim/rules/evaluator.hpp"

namespace lexsim::rules::detail {
namespace {

bool is_numeric(TypeKind k) {
    return k == TypeKind::Int || k == TypeKind::Number || k == TypeKind::Rate;
}
bool is_fraction(TypeKind k) {
    return k == TypeKind::Number || k == TypeKind::Rate;
}
bool is_duration(TypeKind k) {
    return k == TypeKind::Days || k == TypeKind::Workdays;
}

int64_t pow10(int n) {
    int64_t p = 1;
    for (int i = 0; i < n; ++i)
        p *= 10;
    return p;
}

} // namespace

ExprId TypeChecker::push(Expr e) {
    m_rs.exprs.push_back(e);
    return static_cast<ExprId>(m_rs.exprs.size() - 1);
}

ExprId TypeChecker::literal(Type t, int64_t v, Span s) {
    Expr e;
    e.op = ExprOp::Literal;
    e.type = t;
    e.value = v;
    e.span = s;
    return push(e);
}

ExprId TypeChecker::check(const ExprContext& c, SynId s, std::optional<Type> expected) {
    ExprId e = infer(c, s, expected);
    if (e == no_expr || !expected)
        return e;
    return coerce(e, *expected, syntax(*c.file, s).span);
}

ExprId TypeChecker::constant(SyntaxFile& f, SynId s, Type expected) {
    ExprContext c{&f, -1, false};
    size_t before = m_diags.error_count();
    ExprId e = check(c, s, expected);
    if (e == no_expr || m_diags.error_count() != before)
        return no_expr;
    if (type_of(e).kind == TypeKind::Text)
        return e;
    EvalInput in;
    EvalValue v = eval_expr(m_rs, e, in);
    if (v.status == EvalStatus::MissingParam) {
        error(node(e).span, "a value here must be a constant, not a parameter");
        return no_expr;
    }
    if (v.status != EvalStatus::Ok) {
        error(node(e).span, v.status == EvalStatus::DivByZero ? "division by zero" : "arithmetic overflow");
        return no_expr;
    }
    return literal(type_of(e), v.value, node(e).span);
}

bool TypeChecker::unbound_name(const ExprContext& c, SynId s) const {
    const SynExpr& e = syntax(*c.file, s);
    if (e.kind != SynKind::Name)
        return false;
    if (c.entity >= 0 && m_rs.find_attribute(c.entity, e.text))
        return false;
    return m_symbols.find(SymbolKind::Param, e.text) == nullptr;
}

ExprId TypeChecker::coerce(ExprId e, Type expected, Span s) {
    if (e == no_expr)
        return e;
    Type t = type_of(e);
    if (t == expected || t.kind == TypeKind::Error || expected.kind == TypeKind::Error)
        return e;
    if (is_fraction(expected.kind) && is_fraction(t.kind)) {
        if (node(e).op == ExprOp::Literal)
            node(e).type = expected;
        return e;
    }
    if (is_fraction(expected.kind) && t.kind == TypeKind::Int)
        return scale(e, expected);
    std::string hint;
    if (expected.kind == TypeKind::Money && t.kind == TypeKind::Int)
        hint = " (write money with its unit, e.g. '0 CNY' or '300 万元')";
    error(s, "expected " + type_name(expected) + ", found " + type_name(t) + hint);
    return no_expr;
}

ExprId TypeChecker::scale(ExprId e, Type to) {
    Expr& n = node(e);
    if (n.op == ExprOp::Literal) {
        n.type = to;
        if (__builtin_mul_overflow(n.value, micro, &n.value)) { // found by the arithmetic fuzzer
            n.value = 0;
            error(n.span, "number too large as a " + type_name(to) + " (at most 9223372036854.775807)");
        }
        return e;
    }
    Expr s;
    s.op = ExprOp::Scale;
    s.type = to;
    s.a = e;
    s.value = micro;
    s.span = n.span;
    return push(s);
}

Type TypeChecker::unify(ExprId& a, ExprId& b, Span s, std::string_view op) {
    Type ta = type_of(a), tb = type_of(b);
    if (ta == tb)
        return ta;
    if (is_numeric(ta.kind) && is_numeric(tb.kind)) {
        if (ta.kind == TypeKind::Int) {
            a = scale(a, tb);
            return tb;
        }
        if (tb.kind == TypeKind::Int) {
            b = scale(b, ta);
            return ta;
        }
        return Type{TypeKind::Number};
    }
    error(s, "cannot " + std::string(op) + " " + type_name(ta) + " and " + type_name(tb));
    return {};
}

ExprId TypeChecker::infer(const ExprContext& c, SynId s, std::optional<Type> expected) {
    const SynExpr& x = syntax(*c.file, s);
    switch (x.kind) {
    case SynKind::Number:
        return number(x, expected);
    case SynKind::Percent:
        return percent(x);
    case SynKind::Money:
        return money(x);
    case SynKind::Duration:
        return duration(x);
    case SynKind::Date:
        return literal(Type{TypeKind::Date}, x.value, x.span);
    case SynKind::Bool:
        return literal(Type{TypeKind::Bool}, x.value, x.span);
    case SynKind::String:
        return string(x, expected);
    case SynKind::Today:
        return today(c, x);
    case SynKind::Name:
        return name(c, x, expected);
    case SynKind::Not: {
        ExprId a = check(c, x.args[0], Type{TypeKind::Bool});
        if (a == no_expr)
            return no_expr;
        Expr e;
        e.op = ExprOp::Not;
        e.type = Type{TypeKind::Bool};
        e.a = a;
        e.span = x.span;
        return push(e);
    }
    case SynKind::Neg:
        return negate(c, x, expected);
    case SynKind::Binary:
        return binary(c, x, expected);
    case SynKind::In:
        return member_test(c, x);
    case SynKind::Call:
        return min_max(c, x, expected);
    case SynKind::Ite:
        return choose(c, x, expected);
    }
    return no_expr;
}

ExprId TypeChecker::number(const SynExpr& x, std::optional<Type> expected) {
    if (x.frac_digits == 0)
        return literal(Type{TypeKind::Int}, x.mantissa, x.span);
    if (x.frac_digits > 6) {
        error(x.span, "at most 6 decimal places");
        return no_expr;
    }
    if (x.mantissa > INT64_MAX / pow10(6 - x.frac_digits)) {
        error(x.span, "number too large");
        return no_expr;
    }
    Type t{TypeKind::Number};
    if (expected && expected->kind == TypeKind::Rate)
        t = *expected;
    return literal(t, x.mantissa * pow10(6 - x.frac_digits), x.span);
}

ExprId TypeChecker::percent(const SynExpr& x) {
    if (x.frac_digits > 4) {
        error(x.span, "at most 4 decimal places in a percentage");
        return no_expr;
    }
    if (x.mantissa > INT64_MAX / pow10(4 - x.frac_digits)) {
        error(x.span, "number too large");
        return no_expr;
    }
    return literal(Type{TypeKind::Rate}, x.mantissa * pow10(4 - x.frac_digits), x.span);
}

//! Converts an amount written with its currency word (元, 万元, 亿元, CNY) to fen.
ExprId TypeChecker::money(const SynExpr& x) {
    Fen fen = to_fen(x.mantissa, x.frac_digits, x.value);
    if (fen.problem == MoneyProblem::FinerThanFen) {
        error(x.span, "money is exact to the fen (0.01 yuan); '" + x.text + "' is finer");
        return no_expr;
    }
    if (fen.problem == MoneyProblem::TooLarge) {
        error(x.span, "amount too large");
        return no_expr;
    }
    return literal(Type{TypeKind::Money}, fen.value, x.span);
}

ExprId TypeChecker::duration(const SynExpr& x) {
    if (x.unit == DurationUnit::Months || x.unit == DurationUnit::Years) {
        error(x.span, "months and years are allowed only in 'trial' and 'for N years'; use days");
        return no_expr;
    }
    return literal(Type{x.unit == DurationUnit::Days ? TypeKind::Days : TypeKind::Workdays}, x.value, x.span);
}

ExprId TypeChecker::string(const SynExpr& x, std::optional<Type> expected) {
    if (!expected || expected->kind != TypeKind::Text) {
        error(x.span, "a string is not a value here" +
                          std::string(expected ? " (expected " + type_name(*expected) + ")" : ""));
        return no_expr;
    }
    m_rs.strings.push_back(x.text);
    return literal(Type{TypeKind::Text}, static_cast<int64_t>(m_rs.strings.size() - 1), x.span);
}

ExprId TypeChecker::today(const ExprContext& c, const SynExpr& x) {
    if (!c.allow_today) {
        error(x.span, "'today' is only meaningful in clause conditions and amounts");
        return no_expr;
    }
    Expr e;
    e.op = ExprOp::Today;
    e.type = Type{TypeKind::Date};
    e.span = x.span;
    return push(e);
}

ExprId TypeChecker::negate(const ExprContext& c, const SynExpr& x, std::optional<Type> expected) {
    ExprId a = infer(c, x.args[0], expected);
    if (a == no_expr)
        return no_expr;
    TypeKind k = type_of(a).kind;
    if (!is_numeric(k) && k != TypeKind::Money && !is_duration(k)) {
        error(x.span, "cannot negate " + type_name(type_of(a)));
        return no_expr;
    }
    if (node(a).op == ExprOp::Literal) {
        node(a).value = -node(a).value;
        node(a).span = x.span;
        return a;
    }
    Expr e;
    e.op = ExprOp::Neg;
    e.type = type_of(a);
    e.a = a;
    e.span = x.span;
    return push(e);
}

ExprId TypeChecker::member_test(const ExprContext& c, const SynExpr& x) {
    ExprId a = infer(c, x.args[0], std::nullopt);
    if (a == no_expr)
        return no_expr;
    Type t = type_of(a);
    if (t.kind != TypeKind::Enum) {
        error(syntax(*c.file, x.args[0]).span, "'in { … }' needs an enum value, found " + type_name(t));
        return no_expr;
    }
    Expr e;
    e.op = ExprOp::In;
    e.type = Type{TypeKind::Bool};
    e.a = a;
    e.span = x.span;
    e.list_begin = static_cast<uint32_t>(m_rs.lists.size());
    const EnumDecl& decl = m_rs.enums[static_cast<size_t>(t.enum_id)];
    for (size_t i = 0; i < x.members.size(); ++i) {
        auto m = m_rs.find_member(t.enum_id, x.members[i]);
        if (!m) {
            error(x.member_spans[i], "'" + x.members[i] + "' is not a member of enum '" + decl.name + "'")
                .note(decl.span, "enum declared here");
            continue;
        }
        m_rs.lists.push_back(*m);
    }
    e.list_count = static_cast<uint32_t>(m_rs.lists.size()) - e.list_begin;
    return push(e);
}

ExprId TypeChecker::min_max(const ExprContext& c, const SynExpr& x, std::optional<Type> expected) {
    std::vector<ExprId> args;
    for (SynId a : x.args) {
        ExprId r = infer(c, a, expected);
        if (r == no_expr)
            return no_expr;
        args.push_back(r);
    }
    Type t = type_of(args[0]);
    for (size_t i = 1; i < args.size(); ++i) {
        t = unify(args[0], args[i], x.span, "compare");
        if (t.kind == TypeKind::Error)
            return no_expr;
    }
    for (auto& a : args) {
        a = coerce(a, t, node(a).span);
        if (a == no_expr)
            return no_expr;
    }
    if (!is_numeric(t.kind) && t.kind != TypeKind::Money && t.kind != TypeKind::Date &&
        !is_duration(t.kind)) {
        error(x.span, x.text + " needs numbers, money, dates or durations, found " + type_name(t));
        return no_expr;
    }
    Expr e;
    e.op = x.text == "min" ? ExprOp::Min : ExprOp::Max;
    e.type = t;
    e.span = x.span;
    e.list_begin = static_cast<uint32_t>(m_rs.lists.size());
    for (auto a : args)
        m_rs.lists.push_back(a);
    e.list_count = static_cast<uint32_t>(args.size());
    return push(e);
}

ExprId TypeChecker::choose(const ExprContext& c, const SynExpr& x, std::optional<Type> expected) {
    ExprId cond = check(c, x.args[0], Type{TypeKind::Bool});
    ExprId a = infer(c, x.args[1], expected);
    ExprId b = infer(c, x.args[2], expected);
    if (cond == no_expr || a == no_expr || b == no_expr)
        return no_expr;
    Type t = type_of(a) == type_of(b) ? type_of(a) : unify(a, b, x.span, "choose between");
    if (t.kind == TypeKind::Error)
        return no_expr;
    Expr e;
    e.op = ExprOp::Ite;
    e.type = t;
    e.a = cond;
    e.b = a;
    e.c = b;
    e.span = x.span;
    return push(e);
}

ExprId TypeChecker::name(const ExprContext& c, const SynExpr& x, std::optional<Type> expected) {
    if (c.entity >= 0) {
        if (auto slot = m_rs.find_attribute(c.entity, x.text)) {
            Expr e;
            e.op = ExprOp::Attr;
            e.type = m_rs.entities[static_cast<size_t>(c.entity)].attrs[static_cast<size_t>(*slot)].type;
            e.value = *slot;
            e.span = x.span;
            if (e.type.kind == TypeKind::Text) {
                error(x.span, "text attribute '" + x.text + "' cannot be used in an expression");
                return no_expr;
            }
            return push(e);
        }
    }
    if (const Symbol* p = m_symbols.find(SymbolKind::Param, x.text)) {
        Expr e;
        e.op = ExprOp::Param;
        e.type = m_rs.params[static_cast<size_t>(p->index)].type;
        e.value = p->index;
        e.span = x.span;
        return push(e);
    }
    if (expected && expected->kind == TypeKind::Enum) {
        if (auto m = m_rs.find_member(expected->enum_id, x.text))
            return literal(*expected, *m, x.span);
        const EnumDecl& decl = m_rs.enums[static_cast<size_t>(expected->enum_id)];
        error(x.span, "'" + x.text + "' is not a member of enum '" + decl.name + "'")
            .note(decl.span, "enum declared here");
        return no_expr;
    }
    unknown_name(c, x);
    return no_expr;
}

//! "unknown name", with the nearest attribute of the entity in scope or parameter as a suggestion.
void TypeChecker::unknown_name(const ExprContext& c, const SynExpr& x) {
    std::optional<Suggestion> best = m_symbols.suggest(SymbolKind::Param, x.text);
    size_t best_distance = best ? edit_distance(x.text, best->name) : SIZE_MAX;
    if (c.entity >= 0) {
        for (const Attribute& a : m_rs.entities[static_cast<size_t>(c.entity)].attrs) {
            size_t d = edit_distance(x.text, a.name);
            if (near_enough(x.text, a.name, d) &&
                (d < best_distance || (d == best_distance && a.name < best->name))) {
                best = Suggestion{a.name, a.span};
                best_distance = d;
            }
        }
    }
    Diagnostic& diag = c.entity >= 0 ? error(x.span, "unknown name '" + x.text + "': not an attribute of '" +
                                                         m_rs.entities[static_cast<size_t>(c.entity)].name +
                                                         "' nor a parameter")
                                     : error(x.span, "unknown name '" + x.text + "'");
    if (best)
        diag.note(best->span, "did you mean '" + best->name + "'?");
}

} // namespace lexsim::rules::detail
