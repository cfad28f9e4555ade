#pragma once
// The rule language's keywords, one table per place they may appear. Each table drives the parser's
// dispatch and writes its "expected …" list, so no keyword list is written out twice.
// Private to the rules module.
#include "symbols.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace lexsim::rules::detail {

template <class Value>
struct Keyword {
    std::string_view word;
    Value value;
    bool listed = true; //!< shown in "expected …" lists ('part of' is a statement, not a declaration)
};

template <class Value, size_t N>
std::optional<Value> find_keyword(const std::array<Keyword<Value>, N>& table, std::string_view word) {
    for (const auto& k : table)
        if (k.word == word)
            return k.value;
    return std::nullopt;
}

//! "a, b, c or d": the listed words of a table, for an "expected …" message.
template <class Value, size_t N>
std::string keyword_list(const std::array<Keyword<Value>, N>& table) {
    std::string out;
    size_t listed = 0;
    for (const auto& k : table)
        listed += k.listed ? 1 : 0;
    size_t i = 0;
    for (const auto& k : table) {
        if (!k.listed)
            continue;
        if (i > 0)
            out += i + 1 == listed ? " or " : ", ";
        out += k.word;
        ++i;
    }
    return out;
}

//! ": did you mean 'w'?" for the listed word of a table nearest to a misspelt one, or "".
template <class Value, size_t N>
std::string did_you_mean(const std::array<Keyword<Value>, N>& table, std::string_view word) {
    std::string_view best;
    size_t best_distance = SIZE_MAX;
    for (const auto& k : table) {
        size_t d = edit_distance(word, k.word);
        if (k.listed && near_enough(word, k.word, d) && d < best_distance) {
            best = k.word;
            best_distance = d;
        }
    }
    return best.empty() ? std::string() : ": did you mean '" + std::string(best) + "'?";
}

enum class TopLevel {
    Document,
    Entity,
    Enum,
    Unit,
    Official,
    Benefit,
    Cost,
    Measure,
    Param,
    Clause,
    Task,
    Record,
    Example,
    Part
};
inline constexpr std::array<Keyword<TopLevel>, 16> top_level_keywords{{
    {"document", TopLevel::Document},
    {"entity", TopLevel::Entity},
    {"enum", TopLevel::Enum},
    {"unit", TopLevel::Unit},
    {"official", TopLevel::Official},
    {"benefit", TopLevel::Benefit},
    {"cost", TopLevel::Cost},
    {"measure", TopLevel::Measure},
    {"param", TopLevel::Param},
    {"clause", TopLevel::Clause},
    {"task", TopLevel::Task},
    {"step", TopLevel::Task},
    {"duty", TopLevel::Task},
    {"record", TopLevel::Record},
    {"example", TopLevel::Example},
    {"part", TopLevel::Part, false},
}};

enum class DocumentField {
    Number,
    Title,
    Issued,
    Effective,
    Expires,
    Trial,
    Repeals,
    Interpreter,
    SupersededByHigher,
    External,
    Note
};
inline constexpr std::array<Keyword<DocumentField>, 11> document_fields{{
    {"number", DocumentField::Number},
    {"title", DocumentField::Title},
    {"issued", DocumentField::Issued},
    {"effective", DocumentField::Effective},
    {"expires", DocumentField::Expires},
    {"trial", DocumentField::Trial},
    {"repeals", DocumentField::Repeals},
    {"interpreter", DocumentField::Interpreter},
    {"superseded_by_higher", DocumentField::SupersededByHigher},
    {"external", DocumentField::External},
    {"note", DocumentField::Note},
}};

enum class ClauseField {
    Article,
    Text,
    Note,
    Applies,
    From,
    Until,
    Grant,
    Forbid,
    Require,
    Range,
    Target,
    Reported,
    Excludes,
    Exclusive,
    Refers
};
inline constexpr std::array<Keyword<ClauseField>, 15> clause_fields{{
    {"article", ClauseField::Article},
    {"text", ClauseField::Text},
    {"note", ClauseField::Note},
    {"applies", ClauseField::Applies},
    {"from", ClauseField::From},
    {"until", ClauseField::Until},
    {"grant", ClauseField::Grant},
    {"forbid", ClauseField::Forbid},
    {"require", ClauseField::Require},
    {"range", ClauseField::Range},
    {"target", ClauseField::Target},
    {"reported", ClauseField::Reported},
    {"excludes", ClauseField::Excludes},
    {"exclusive", ClauseField::Exclusive},
    {"refers", ClauseField::Refers},
}};

//! What may follow a grant's amount, in any order.
enum class GrantOption { PerYear, ForYears, Once, Mode, Payer, Quota, Pool, To };
inline constexpr std::array<Keyword<GrantOption>, 8> grant_options{{
    {"per", GrantOption::PerYear},
    {"for", GrantOption::ForYears},
    {"once", GrantOption::Once},
    {"mode", GrantOption::Mode},
    {"payer", GrantOption::Payer},
    {"quota", GrantOption::Quota},
    {"pool", GrantOption::Pool},
    {"to", GrantOption::To},
}};

enum class TaskField {
    Article,
    Text,
    Group,
    Note,
    Leads,
    Owner,
    Responsible,
    Co,
    Deadline,
    Start,
    Duration,
    After,
    Target,
    Reported
};
inline constexpr std::array<Keyword<TaskField>, 14> task_fields{{
    {"article", TaskField::Article},
    {"text", TaskField::Text},
    {"group", TaskField::Group},
    {"note", TaskField::Note},
    {"leads", TaskField::Leads},
    {"owner", TaskField::Owner},
    {"responsible", TaskField::Responsible},
    {"co", TaskField::Co},
    {"deadline", TaskField::Deadline},
    {"start", TaskField::Start},
    {"duration", TaskField::Duration},
    {"after", TaskField::After},
    {"target", TaskField::Target},
    {"reported", TaskField::Reported},
}};

enum class ExampleField { On, Given, Params, Expect };
inline constexpr std::array<Keyword<ExampleField>, 4> example_fields{{
    {"on", ExampleField::On},
    {"given", ExampleField::Given},
    {"params", ExampleField::Params},
    {"expect", ExampleField::Expect},
}};

//! Words of the expression language that cannot name anything.
inline constexpr std::array<std::string_view, 13> reserved_words = {
    "and", "or", "not", "of", "in", "if", "then", "else", "true", "false", "today", "min", "max"};

} // namespace lexsim::rules::detail
