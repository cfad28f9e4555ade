#pragma once
// The untyped syntax tree the parser builds and the resolver turns into the typed AST.
// Private to the rules module.
#include "lexer.hpp"
#include "lexsim/rules/ast.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lexsim::rules::detail {

using SynId = int32_t;
inline constexpr SynId no_syn = -1;

enum class SynKind : uint8_t {
    Number,   // mantissa/frac
    Percent,  // mantissa/frac (value in percent)
    Money,    // mantissa/frac with the fen per unit in value (converted by the type checker)
    Duration, // value + unit
    Date,
    Bool,
    Name, // possibly dotted: a.b
    Today,
    Not,
    Neg,
    Binary, // op
    In,     // a in {names}
    Call,   // min/max(args)
    Ite,
    String,
};

enum class DurationUnit : uint8_t { Days, Workdays, Months, Years };

struct SynExpr {
    SynKind kind = SynKind::Number;
    Tok op =
        Tok::End; // Binary: Plus Minus Star Slash EqEq NotEq Lt Le Gt Ge; Ident "and"/"or"/"of" mapped below
    std::string text; // Name, String, Call function name, Binary word operator ("and", "or", "of")
    int64_t mantissa = 0;
    int32_t frac_digits = 0;
    int64_t value = 0; // Money fen per unit, Date days, Bool, Duration count
    DurationUnit unit = DurationUnit::Days;
    std::vector<SynId> args;          // children
    std::vector<std::string> members; // In: member names
    std::vector<Span> member_spans;
    Span span;
};

struct Name {
    std::string text;
    Span span;
};

struct SynType {
    std::string name; // builtin or enum name; empty for inline enum
    std::vector<EnumMember> inline_members;
    Span span;
};

struct RawAttr {
    Name name;
    std::string label;
    SynType type;
    SynId default_value = no_syn;
};

struct RawEntity {
    Name name;
    std::string label;
    std::vector<RawAttr> attrs;
    std::vector<SynId> assumptions;
    Span span;
};

struct RawEnum {
    Name name;
    std::string label;
    std::vector<EnumMember> members;
    Span span;
};

struct RawDated {
    std::optional<int32_t> from;
    SynId value = no_syn;
    Span span;
};

struct RawParam {
    Name name;
    std::string label;
    SynType type;
    std::vector<RawDated> values;
    SynId low = no_syn;
    SynId high = no_syn;
    Span span;
};

struct RawMeasure {
    Name name;
    std::string label;
    SynType type;
    std::string unit;
    Span span;
};

struct RawDocument {
    Name name;
    std::string number, title, interpreter, superseded_by_higher, note;
    std::optional<int32_t> issued, effective, expires;
    int32_t trial_months = 0, trial_days = 0;
    bool external = false;
    std::vector<Name> repeals;
    Span span;
};

struct RawGrant {
    Name benefit;
    AmountKind amount_kind = AmountKind::UpTo;
    SynId amount = no_syn;
    bool per_year = false;
    int32_t years = 0;
    bool once = false;
    PayMode mode = PayMode::Unstated;
    std::optional<Name> payer;
    int32_t quota = -1;
    SynId pool = no_syn;
    std::optional<Name> recipient; //!< `to KIND`
    Span span;
};

struct RawTarget {
    Name measure;
    TargetOp op = TargetOp::AtLeast;
    SynId value = no_syn;
    std::optional<int32_t> by;
    bool per_year = false;
    Span span;
};

struct RawReported {
    Name measure;
    SynId value = no_syn;
    int32_t at = 0;
    Span span;
};

struct RawRange {
    Name measure;
    SynId low = no_syn, high = no_syn;
    Span span;
};

struct RawConstraint {
    bool forbid = false;
    SynId condition = no_syn;
    Span span;
};

struct RawClause {
    Name name;
    std::string article, text, note;
    std::optional<Name> entity;
    SynId condition = no_syn;
    std::optional<int32_t> from, until;
    std::vector<RawGrant> grants;
    std::vector<RawConstraint> constraints;
    std::vector<RawRange> ranges;
    std::vector<RawTarget> targets;
    std::vector<RawReported> reported;
    bool excludes_document = false;
    std::vector<Name> excludes, exclusive_with, refers;
    Span span;
};

struct RawDeadline {
    DeadlineKind kind = DeadlineKind::Unset;
    int32_t date = 0, window_start = 0;
    std::optional<Name> param;
    SynId amount = no_syn;      //!< relative and event deadlines
    std::optional<Name> anchor; //!< relative
    bool from_end = true;
    std::string event;
    bool before_event = false;
    std::string wording;
    Span span;
};

struct RawTask {
    TaskKind kind = TaskKind::Task;
    Name name;
    std::string article, text, group, note;
    std::vector<Name> leads, owners, responsible, co, after;
    RawDeadline deadline;
    std::vector<RawDeadline> more_deadlines;
    std::optional<int32_t> start;
    SynId duration_low = no_syn, duration_high = no_syn;
    std::vector<RawTarget> targets;
    std::vector<RawReported> reported;
    Span span;
};

struct RawBinding {
    Name name;
    SynId value = no_syn;
};

struct RawRecord {
    Name name;
    Name entity;
    std::string article;
    std::string note;
    std::vector<RawBinding> values;
    Span span;
};

struct RawExpect {
    ExpectKind kind = ExpectKind::Amount;
    Name target; // benefit or clause
    SynId amount = no_syn;
    int32_t year = 0;
    Span span;
};

struct RawExample {
    Name name;
    std::string label;
    std::optional<int32_t> on;
    Span on_span;
    std::optional<Name> entity;
    std::vector<RawBinding> given, params;
    std::vector<RawExpect> expects;
    Span span;
};

struct RawUnit {
    std::string name;
    std::vector<std::string> aliases;
    std::vector<Span> alias_spans;
    Span span;
};

//! One parsed file.
struct SyntaxFile {
    uint32_t file = 0;
    std::vector<SynExpr> exprs;
    std::vector<RawDocument> documents; //!< at most one that is not external
    std::optional<Name> part_of;
    std::vector<RawEnum> enums;
    std::vector<RawEntity> entities;
    std::vector<RawUnit> units;
    std::vector<Name> officials;
    std::vector<std::pair<Name, std::string>> benefits;
    std::vector<std::pair<Name, std::vector<Name>>> benefit_costs; //!< `benefit B … compensates C, …`
    std::vector<std::pair<Name, std::string>> costs;               //!< `cost NAME "label"`
    std::vector<RawMeasure> measures;
    std::vector<RawParam> params;
    std::vector<RawClause> clauses;
    std::vector<RawTask> tasks;
    std::vector<RawRecord> records;
    std::vector<RawExample> examples;
};

SyntaxFile parse(const SourceManager& sm, uint32_t file, const LexResult& lexed, Diagnostics& diags);

//! Maximum expression nesting.
inline constexpr int max_nesting = 64;
//! Maximum height of an expression tree (a chain of n binary operators is n + 1 high).
inline constexpr uint32_t max_expr_height = 1000;

} // namespace lexsim::rules::detail
