#pragma once
// The type-checking pass: untyped syntax expressions → typed AST expressions, with integer/fraction
// scaling, money unit conversion and constant folding. Operators are typed from one table
// (typecheck_ops.cpp). Private to the rules module.
#include "symbols.hpp"
#include "syntax.hpp"

#include <optional>

namespace lexsim::rules::detail {

//! Where an expression sits: its file, the entity whose attributes are in scope, and whether `today` is.
struct ExprContext {
    SyntaxFile* file;
    int32_t entity; //!< -1: no attributes in scope
    bool allow_today;
};

class TypeChecker {
public:
    TypeChecker(RuleSet& rs, Diagnostics& diags, const SymbolTable& symbols)
        : m_rs(rs), m_diags(diags), m_symbols(symbols) {}

    //! Infers the type of `s` and converts it to `expected` (when given), or reports why it cannot.
    ExprId check(const ExprContext& c, SynId s, std::optional<Type> expected);
    //! Type-checks a constant (no attributes, no `today`) and folds it to a literal node.
    ExprId constant(SyntaxFile& f, SynId s, Type expected);

    Expr& node(ExprId id) { return m_rs.exprs[static_cast<size_t>(id)]; }
    Type type_of(ExprId id) const { return m_rs.exprs[static_cast<size_t>(id)].type; }
    std::string type_name(Type t) const { return rules::type_name(m_rs, t); }
    static const SynExpr& syntax(const SyntaxFile& f, SynId id) { return f.exprs[static_cast<size_t>(id)]; }

private:
    Diagnostic& error(Span s, std::string msg) { return m_diags.error(s, std::move(msg)); }
    ExprId push(Expr e);
    ExprId literal(Type t, int64_t v, Span s);
    ExprId coerce(ExprId e, Type expected, Span s);
    ExprId scale(ExprId e, Type to);
    Type unify(ExprId& a, ExprId& b, Span s, std::string_view op);
    bool unbound_name(const ExprContext& c, SynId s) const;

    ExprId infer(const ExprContext& c, SynId s, std::optional<Type> expected);
    ExprId number(const SynExpr& x, std::optional<Type> expected);
    ExprId percent(const SynExpr& x);
    ExprId money(const SynExpr& x);
    ExprId duration(const SynExpr& x);
    ExprId string(const SynExpr& x, std::optional<Type> expected);
    ExprId today(const ExprContext& c, const SynExpr& x);
    ExprId negate(const ExprContext& c, const SynExpr& x, std::optional<Type> expected);
    ExprId member_test(const ExprContext& c, const SynExpr& x);
    ExprId min_max(const ExprContext& c, const SynExpr& x, std::optional<Type> expected);
    ExprId choose(const ExprContext& c, const SynExpr& x, std::optional<Type> expected);
    ExprId name(const ExprContext& c, const SynExpr& x, std::optional<Type> expected);
    void unknown_name(const ExprContext& c, const SynExpr& x);

    // typecheck_ops.cpp
    ExprId binary(const ExprContext& c, const SynExpr& x, std::optional<Type> expected);
    ExprId logical(const ExprContext& c, const SynExpr& x);
    ExprId comparison(const ExprContext& c, const SynExpr& x);
    ExprId arithmetic(const ExprContext& c, const SynExpr& x, ExprOp op, std::string_view verb);

    RuleSet& m_rs;
    Diagnostics& m_diags;
    const SymbolTable& m_symbols;
};

} // namespace lexsim::rules::detail
