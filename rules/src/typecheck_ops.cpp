// Binary operators, typed from one table: each (operator, left operand, right operand) → result type
// and scale is one row. Adding "money × rate" is a row, not a new branch.
#include "typecheck.hpp"

#include <array>

namespace lexsim::rules::detail {
namespace {

//! What an operand row accepts.
enum class Operand : uint8_t {
    Int,
    Fraction, //!< number or rate
    Numeric,  //!< int, number or rate
    Money,
    Date,
    Days,
    Workdays,
    Duration, //!< days or workdays
};

//! What the row's result type is.
enum class Result : uint8_t {
    Left,
    Right,
    Days,
    Money,
    Rate,
    Number,
    FractionProduct, //!< rate × rate is a rate, any other fraction product a number
    Unified,         //!< the numeric operands brought to one type (an int scaled up)
};

struct OperatorRow {
    Tok op;
    Operand left;
    Operand right;
    Result result;
    bool micro = false;      //!< the product or quotient carries a 10^6 scale to divide out
    bool scale_left = false; //!< the left int is scaled to a number first (int / fraction)
};

// Rows are tried in order; the first match wins.
constexpr std::array<OperatorRow, 29> operator_table{{
    {Tok::Plus, Operand::Date, Operand::Days, Result::Left},
    {Tok::Plus, Operand::Days, Operand::Date, Result::Right},
    {Tok::Plus, Operand::Money, Operand::Money, Result::Left},
    {Tok::Plus, Operand::Days, Operand::Days, Result::Left},
    {Tok::Plus, Operand::Workdays, Operand::Workdays, Result::Left},
    {Tok::Plus, Operand::Numeric, Operand::Numeric, Result::Unified},
    {Tok::Minus, Operand::Date, Operand::Days, Result::Left},
    {Tok::Minus, Operand::Date, Operand::Date, Result::Days},
    {Tok::Minus, Operand::Money, Operand::Money, Result::Left},
    {Tok::Minus, Operand::Days, Operand::Days, Result::Left},
    {Tok::Minus, Operand::Workdays, Operand::Workdays, Result::Left},
    {Tok::Minus, Operand::Numeric, Operand::Numeric, Result::Unified},
    {Tok::Star, Operand::Money, Operand::Fraction, Result::Left, true},
    {Tok::Star, Operand::Fraction, Operand::Money, Result::Right, true},
    {Tok::Star, Operand::Money, Operand::Int, Result::Money},
    {Tok::Star, Operand::Int, Operand::Money, Result::Money},
    {Tok::Star, Operand::Int, Operand::Int, Result::Left},
    {Tok::Star, Operand::Fraction, Operand::Fraction, Result::FractionProduct, true},
    {Tok::Star, Operand::Int, Operand::Fraction, Result::Right},
    {Tok::Star, Operand::Fraction, Operand::Int, Result::Left},
    {Tok::Star, Operand::Duration, Operand::Int, Result::Left},
    {Tok::Slash, Operand::Money, Operand::Int, Result::Left},
    {Tok::Slash, Operand::Money, Operand::Fraction, Result::Left, true},
    {Tok::Slash, Operand::Money, Operand::Money, Result::Rate, true},
    {Tok::Slash, Operand::Int, Operand::Int, Result::Left},
    {Tok::Slash, Operand::Fraction, Operand::Fraction, Result::Number, true},
    {Tok::Slash, Operand::Fraction, Operand::Int, Result::Left},
    {Tok::Slash, Operand::Int, Operand::Fraction, Result::Number, true, true},
    {Tok::Slash, Operand::Duration, Operand::Int, Result::Left},
}};

bool accepts(Operand o, TypeKind k) {
    switch (o) {
    case Operand::Int:
        return k == TypeKind::Int;
    case Operand::Fraction:
        return k == TypeKind::Number || k == TypeKind::Rate;
    case Operand::Numeric:
        return k == TypeKind::Int || k == TypeKind::Number || k == TypeKind::Rate;
    case Operand::Money:
        return k == TypeKind::Money;
    case Operand::Date:
        return k == TypeKind::Date;
    case Operand::Days:
        return k == TypeKind::Days;
    case Operand::Workdays:
        return k == TypeKind::Workdays;
    case Operand::Duration:
        return k == TypeKind::Days || k == TypeKind::Workdays;
    }
    return false;
}

const OperatorRow* find_row(Tok op, TypeKind left, TypeKind right) {
    for (const OperatorRow& row : operator_table)
        if (row.op == op && accepts(row.left, left) && accepts(row.right, right))
            return &row;
    return nullptr;
}

struct OperatorWords {
    Tok op;
    ExprOp expr;
    std::string_view verb; //!< "cannot VERB x and y"
};
constexpr std::array<OperatorWords, 4> arithmetic_ops{{{Tok::Plus, ExprOp::Add, "add"},
                                                       {Tok::Minus, ExprOp::Sub, "subtract"},
                                                       {Tok::Star, ExprOp::Mul, "multiply"},
                                                       {Tok::Slash, ExprOp::Div, "divide"}}};
constexpr std::array<std::pair<Tok, ExprOp>, 6> comparison_ops{{{Tok::EqEq, ExprOp::Eq},
                                                                {Tok::NotEq, ExprOp::Ne},
                                                                {Tok::Lt, ExprOp::Lt},
                                                                {Tok::Le, ExprOp::Le},
                                                                {Tok::Gt, ExprOp::Gt},
                                                                {Tok::Ge, ExprOp::Ge}}};

} // namespace

ExprId TypeChecker::binary(const ExprContext& c, const SynExpr& x, std::optional<Type> /*expected*/) {
    if (x.text == "and" || x.text == "or")
        return logical(c, x);
    for (const auto& [tok, op] : comparison_ops)
        if (tok == x.op)
            return comparison(c, x);
    for (const OperatorWords& w : arithmetic_ops)
        if (w.op == x.op)
            return arithmetic(c, x, w.expr, w.verb);
    error(x.span, "unsupported operator");
    return no_expr;
}

ExprId TypeChecker::logical(const ExprContext& c, const SynExpr& x) {
    ExprId a = check(c, x.args[0], Type{TypeKind::Bool});
    ExprId b = check(c, x.args[1], Type{TypeKind::Bool});
    if (a == no_expr || b == no_expr)
        return no_expr;
    Expr e;
    e.span = x.span;
    e.op = x.text == "and" ? ExprOp::And : ExprOp::Or;
    e.type = Type{TypeKind::Bool};
    e.a = a;
    e.b = b;
    return push(e);
}

ExprId TypeChecker::comparison(const ExprContext& c, const SynExpr& x) {
    ExprId a = no_expr, b = no_expr;
    // An enum member on one side takes its enum from the other side.
    if (unbound_name(c, x.args[0]) && !unbound_name(c, x.args[1])) {
        b = infer(c, x.args[1], std::nullopt);
        if (b == no_expr)
            return no_expr;
        a = infer(c, x.args[0], type_of(b));
    } else {
        a = infer(c, x.args[0], std::nullopt);
        if (a == no_expr)
            return no_expr;
        b = infer(c, x.args[1], type_of(a));
    }
    if (a == no_expr || b == no_expr)
        return no_expr;
    Type ta = type_of(a), tb = type_of(b);
    bool discrete = ta.kind == TypeKind::Enum || tb.kind == TypeKind::Enum || ta.kind == TypeKind::Bool ||
                    tb.kind == TypeKind::Bool;
    if (discrete && !(ta == tb)) {
        error(x.span, "cannot compare " + type_name(ta) + " with " + type_name(tb));
        return no_expr;
    }
    if (discrete && x.op != Tok::EqEq && x.op != Tok::NotEq) {
        error(x.span, type_name(ta) + " values can only be compared with == and !=");
        return no_expr;
    }
    if (!discrete && !(ta == tb) && unify(a, b, x.span, "compare").kind == TypeKind::Error)
        return no_expr;
    Expr e;
    e.span = x.span;
    for (const auto& [tok, op] : comparison_ops)
        if (tok == x.op)
            e.op = op;
    e.type = Type{TypeKind::Bool};
    e.a = a;
    e.b = b;
    return push(e);
}

ExprId TypeChecker::arithmetic(const ExprContext& c, const SynExpr& x, ExprOp op, std::string_view verb) {
    ExprId a = infer(c, x.args[0], std::nullopt);
    ExprId b = infer(c, x.args[1], std::nullopt);
    if (a == no_expr || b == no_expr)
        return no_expr;
    Type ta = type_of(a), tb = type_of(b);
    const OperatorRow* row = find_row(x.op, ta.kind, tb.kind);
    if (row == nullptr) {
        error(x.span, "cannot " + std::string(verb) + " " + type_name(ta) + " and " + type_name(tb));
        return no_expr;
    }
    Expr e;
    e.span = x.span;
    e.op = op;
    e.value = row->micro ? micro : 1;
    if (row->scale_left)
        a = scale(a, Type{TypeKind::Number});
    switch (row->result) {
    case Result::Left:
        e.type = ta;
        break;
    case Result::Right:
        e.type = tb;
        break;
    case Result::Days:
        e.type = Type{TypeKind::Days};
        break;
    case Result::Money:
        e.type = Type{TypeKind::Money};
        break;
    case Result::Rate:
        e.type = Type{TypeKind::Rate};
        break;
    case Result::Number:
        e.type = Type{TypeKind::Number};
        break;
    case Result::FractionProduct:
        e.type =
            Type{ta.kind == TypeKind::Rate && tb.kind == TypeKind::Rate ? TypeKind::Rate : TypeKind::Number};
        break;
    case Result::Unified:
        e.type = unify(a, b, x.span, verb);
        break;
    }
    e.a = a;
    e.b = b;
    if (x.text == "of" && !(ta.kind == TypeKind::Number || ta.kind == TypeKind::Rate))
        error(x.span, "'of' takes a rate on its left ('70% of x'), found " + type_name(ta));
    if (x.op == Tok::Slash && node(b).op == ExprOp::Literal && node(b).value == 0)
        m_diags.warning(x.span, "division by the constant zero: this is undetermined wherever it is used");
    return push(e);
}

} // namespace lexsim::rules::detail
