#pragma once
/**
 * @brief The typed AST of a set of rules files: the one source of truth.
 *
 * The loader (loader.hpp) parses, resolves and type-checks rules files into a
 * RuleSet. Names are resolved to indices at load time: an attribute reference
 * is a slot in its entity's value row, a parameter reference a slot in the
 * parameter row, an enum member its index. Expressions live in one flat arena
 * (`RuleSet::exprs`) and refer to their operands by index, so evaluating them
 * allocates nothing and looks up no strings. The Z3 encoder (solver) and the
 * evaluator (evaluator.hpp) both walk this arena.
 *
 * Every value is an int64_t:
 *   bool 0/1 · int as is · money in fen · number and rate in millionths ·
 *   date as days since 1970-01-01 · days/workdays as days · enum as member index ·
 *   text as an index into RuleSet::strings.
 */
#include "lexsim/rules/ids.hpp"
#include "lexsim/rules/source.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace lexsim::rules {

enum class TypeKind : uint8_t { Error, Bool, Int, Number, Rate, Money, Date, Days, Workdays, Text, Enum };

struct Type {
    TypeKind kind = TypeKind::Error;
    int32_t enum_id = -1; //!< for TypeKind::Enum
    friend bool operator==(const Type&, const Type&) = default;
};

//! Fixed-point scale of number and rate values (millionths).
inline constexpr int64_t micro = 1'000'000;
//! Fen per yuan.
inline constexpr int64_t fen_per_yuan = 100;

using ExprId = int32_t;
inline constexpr ExprId no_expr = -1;

enum class ExprOp : uint8_t {
    Literal, //!< value
    Attr,    //!< value = attribute slot of the clause's entity
    Param,   //!< value = parameter index
    Today,   //!< the evaluation date
    Not,
    Neg,
    And,
    Or,
    Add,
    Sub,
    Mul, //!< result = floor(a * b / value)   (value is 1 or `micro`)
    Div, //!< result = floor(a * value / b)   (value is 1 or `micro`)
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,    //!< a in {list}: list holds member indices
    Min,   //!< over list
    Max,   //!< over list
    Ite,   //!< if a then b else c
    Scale, //!< a * value (an int promoted to number/rate)
};

struct Expr {
    ExprOp op = ExprOp::Literal;
    Type type;
    ExprId a = no_expr;
    ExprId b = no_expr;
    ExprId c = no_expr;
    uint32_t list_begin = 0; //!< into RuleSet::lists (In: member indices; Min/Max: ExprIds)
    uint32_t list_count = 0;
    int64_t value = 0;
    Span span;
};

struct EnumMember {
    std::string name;
    std::string label;
    Span span;
};

struct EnumDecl {
    std::string name;
    std::string label;
    std::vector<EnumMember> members;
    Span span;
    std::unordered_map<std::string, int32_t>
        member_index; //!< name → index, so lookups stay O(1) in big enums
};

struct Attribute {
    std::string name;
    std::string label;
    Type type;
    ExprId default_value = no_expr; //!< a literal, or no_expr
    Span span;
};

struct Entity {
    std::string name;
    std::string label;
    std::vector<Attribute> attrs; //!< slot i is attrs[i]
    std::vector<ExprId> assumptions;
    Span span;
};

struct Unit {
    std::string name;
    std::vector<std::string> aliases;
    Span span;
};

struct Official {
    std::string name;
    Span span;
};

struct Benefit {
    std::string name;
    std::string label;
    Span span;
    std::vector<int32_t> compensates; //!< cost indices (`compensates COST, …`)
};

//! An underlying cost that benefits compensate (`cost interest_on_loan "贷款利息"`): two benefits that name
//! one cost pay for the same thing.
struct Cost {
    std::string name;
    std::string label;
    Span span;
};

struct Measure {
    std::string name;
    std::string label;
    Type type;
    std::string unit;
    Span span;
};

struct DatedValue {
    int32_t from = 0; //!< date (days); INT32_MIN for an undated value
    int64_t value = 0;
    Span span;
};

struct Param {
    std::string name;
    std::string label;
    Type type;
    std::vector<DatedValue> values; //!< sorted by `from`; empty = open parameter
    bool has_range = false;
    int64_t low = 0;
    int64_t high = 0;
    DocumentId document; //!< the document of the declaring file, or none
    Span span;
};

//! A contradiction or gap in a document's own header: reported by `lexsim check` as a finding citing the
//! document, not a load error, so the rest of the rules are still checked.
enum class HeaderProblem : uint8_t {
    NoIssueDate,
    TrialWithoutStart,
    EffectiveBeforeIssued,
    ExpiresBeforeEffective
};

struct Document {
    std::string id;
    std::string number;
    std::string title;
    std::string interpreter;
    std::string superseded_by_higher;
    std::string note;
    std::optional<int32_t> issued;
    std::optional<int32_t> effective; //!< defaults to issued
    std::optional<int32_t> expires;   //!< last day in force, from `expires` or `trial`
    int32_t trial_months = 0;
    int32_t trial_days = 0;
    bool external = false;
    std::vector<DocumentId> repeals;
    std::vector<Span> repeal_spans;
    std::vector<uint32_t> files; //!< source files that hold this document (the declaring file first)
    std::vector<HeaderProblem> header_problems;
    Span span;

    int32_t first_day() const { return effective ? *effective : issued ? *issued : INT32_MIN; }
    int32_t last_day() const { return expires ? *expires : INT32_MAX; }
};

enum class AmountKind : uint8_t { UpTo, Exact, InKind, Unquantified };
enum class PayMode : uint8_t { Unstated, PostSubsidy, Advance };

struct Grant {
    int32_t benefit = -1;
    AmountKind amount_kind = AmountKind::UpTo;
    ExprId amount = no_expr; //!< money; no_expr for InKind / Unquantified
    bool per_year = false;
    int32_t years = 0; //!< `for N years`; 0 = not stated
    bool once = false;
    PayMode mode = PayMode::Unstated;
    int32_t payer = -1; //!< unit index
    int32_t quota = -1; //!< recipients per year, -1 = none
    int64_t pool = -1;  //!< yearly total in fen, -1 = none
    //! The entity kind paid (`to KIND`); -1 = the entity the clause applies to.
    int32_t recipient = -1;
    Span span;
};

struct Constraint {
    bool forbid = false; //!< forbid: the condition must not hold; else it must hold
    ExprId condition = no_expr;
    Span span;
};

struct RangeOutcome {
    int32_t measure = -1;
    ExprId low = no_expr;
    ExprId high = no_expr;
    Span span;
};

enum class TargetOp : uint8_t { AtLeast, AtMost, Equal, About, Above, Below };

struct Target {
    int32_t measure = -1;
    TargetOp op = TargetOp::AtLeast;
    ExprId value = no_expr;
    std::optional<int32_t> by;
    bool per_year = false; //!< `per year`: a recurring yearly target ("每年不少于")
    Span span;
};

//! A result the document reports for a measure (`reported M = V at DATE`): 2023 年实绩 in a work report.
struct Reported {
    int32_t measure = -1;
    ExprId value = no_expr; //!< a literal of the measure's type
    int32_t at = 0;         //!< the date the result refers to (the end of the period it counts)
    Span span;
};

struct Clause {
    std::string local_id;
    std::string id; //!< document id + '.' + local id
    DocumentId document;
    std::string article;
    std::string text;
    std::string note;
    int32_t entity = -1;
    ExprId condition = no_expr; //!< bool; no_expr = always
    std::optional<int32_t> from;
    std::optional<int32_t> until;
    std::vector<Grant> grants;
    std::vector<Constraint> constraints;
    std::vector<RangeOutcome> ranges;
    std::vector<Target> targets;
    std::vector<Reported> reported;
    bool excludes_document = false;
    std::vector<ClauseId> excludes;
    std::vector<ClauseId> exclusive_with;
    std::vector<DocumentId> refers;
    Span span; //!< the whole declaration
    Span name_span;
};

//! Relative: N days or working days after another task's start or end ("收到申报材料之日起 15 个工作日内");
//! Event: before an event or within a period after it ("汛前", "雨后 24 小时内"), with no date of its own.
enum class DeadlineKind : uint8_t { Unset, Date, Window, Param, None, Relative, Event };

struct Deadline {
    DeadlineKind kind = DeadlineKind::Unset;
    int32_t date = 0;          //!< Date, Window (end)
    int32_t window_start = 0;  //!< Window
    int32_t param = -1;        //!< Param
    ExprId amount = no_expr;   //!< Relative, Event after: the period (days or workdays)
    int32_t anchor = -1;       //!< Relative: task index
    bool from_end = true;      //!< Relative: counted from the anchor's end (else its start)
    std::string event;         //!< Event: its name as the text gives it
    bool before_event = false; //!< Event: before it (else within `amount` after it)
    std::string wording;
    Span span;
};

//! A row of a task table, a step of a procedure, or a standing duty of a body.
enum class TaskKind : uint8_t { Task, Step, Duty };
const char* task_kind_name(TaskKind k); //!< "task", "step", "duty"

struct Task {
    TaskKind kind = TaskKind::Task;
    std::string local_id;
    std::string id;
    DocumentId document;
    std::string article;
    std::string text;
    std::string group;
    std::string note;
    std::vector<int32_t> leads; //!< official indices
    std::vector<int32_t> owners;
    std::vector<int32_t> responsible;
    std::vector<int32_t> co;
    Deadline deadline;
    std::vector<Deadline> more_deadlines; //!< in-text or event deadlines beside the table's
    std::optional<int32_t> start;
    ExprId duration_low = no_expr; //!< days or workdays
    ExprId duration_high = no_expr;
    std::vector<int32_t> after; //!< task indices
    std::vector<Target> targets;
    std::vector<Reported> reported;
    Span span;
    Span name_span;
};

struct Binding {
    int32_t slot = -1; //!< attribute slot or parameter index
    ExprId value = no_expr;
    Span span;
};

struct Record {
    std::string local_id;
    std::string id;
    DocumentId document;
    std::string article;
    std::string note;
    int32_t entity = -1;
    std::vector<Binding> values;
    Span span;
};

enum class ExpectKind : uint8_t { Amount, Applies, NotApplies, Satisfied, Violated };

struct Expectation {
    ExpectKind kind = ExpectKind::Amount;
    int32_t benefit = -1;
    int64_t amount = 0; //!< fen
    int32_t year = 0;   //!< 0 = the year of `on`
    ClauseId clause;
    Span span;
};

struct Example {
    std::string local_id;
    std::string id;
    std::string label;
    DocumentId document;
    int32_t on = 0;
    int32_t entity = -1;
    std::vector<Binding> given;
    std::vector<Binding> params;
    std::vector<Expectation> expectations;
    Span span;
};

//! Comments are kept for the formatter; everything else ignores them.
struct RuleSet {
    SourceManager sources;
    std::vector<Expr> exprs;
    std::vector<int64_t> lists;
    std::vector<std::string> strings;

    std::vector<Document> documents;
    std::vector<EnumDecl> enums;
    std::vector<Entity> entities;
    std::vector<Unit> units;
    std::vector<Official> officials;
    std::vector<Benefit> benefits;
    std::vector<Cost> costs;
    std::vector<Measure> measures;
    std::vector<Param> params;
    std::vector<Clause> clauses;
    std::vector<Task> tasks;
    std::vector<Record> records;
    std::vector<Example> examples;

    //! Name lookups for tools (not for evaluation).
    std::optional<DocumentId> find_document(std::string_view id) const;
    std::optional<ClauseId> find_clause(std::string_view id) const;
    std::optional<int32_t> find_entity(std::string_view name) const;
    std::optional<int32_t> find_benefit(std::string_view name) const;
    std::optional<int32_t> find_param(std::string_view name) const;
    std::optional<int32_t> find_attribute(int32_t entity, std::string_view name) const;
    std::optional<int32_t> find_member(int32_t enum_id, std::string_view name) const;
    std::optional<int32_t> find_unit(std::string_view name_or_alias) const;

    const Expr& expr(ExprId id) const { return exprs[static_cast<size_t>(id)]; }

    //! Typed access: `rules.clause(id)` rather than indexing `rules.clauses` with a cast.
    const Document& document(DocumentId id) const { return documents[id.index()]; }
    Document& document(DocumentId id) { return documents[id.index()]; }
    const Clause& clause(ClauseId id) const { return clauses[id.index()]; }
    Clause& clause(ClauseId id) { return clauses[id.index()]; }
    //! The ids of all documents / clauses, in declaration order.
    IdRange<DocumentTag> document_ids() const { return IdRange<DocumentTag>(documents.size()); }
    IdRange<ClauseTag> clause_ids() const { return IdRange<ClauseTag>(clauses.size()); }
};

std::string type_name(const RuleSet& rs, Type t);
//! Renders a value of type `t` for people: "500万元" style money is left to callers; this gives "5000000.00
//! CNY".
std::string format_value(const RuleSet& rs, Type t, int64_t value);
//! Money for people: "500 万元" when whole ten-thousands, else "1234.56 元".
std::string format_money(int64_t fen);

} // namespace lexsim::rules
