#pragma once
// The temporal check's parts, shared by check_temporal*.cpp. Each sub-check is three small pieces: build
// the date query, interpret what the solver and the evaluator found, write the message.
// Private to the solver module.
#include "checker.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lexsim::solver::detail::temporal {

//! One date search: Z3 looks for a date where `query(t)` holds, the boundary search `direct` must agree,
//! and the evaluator must confirm Z3's date.
struct DateQuery {
    std::string name;
    std::function<z3::expr(const z3::expr&)> query;
    const std::vector<int32_t>* dates;
    std::function<bool(int32_t)> direct;
    std::string what;    //!< "whether …", for internal errors and unknown results
    std::string what_zh; //!< the same in Chinese
    std::vector<rules::ClauseId> clauses;
};

struct Temporal {
    explicit Temporal(Checker& checker);

    //! The earliest date the query holds (from the boundary search), or nullopt (also on a disagreement,
    //! which is recorded as an internal error, or an unknown result, which is recorded as such).
    std::optional<int32_t> search(const DateQuery& q) const;
    const rules::Document& doc(rules::DocumentId d) const { return rs.document(d); }

    Checker& c;
    const rules::RuleSet& rs;
    Encoder& enc;
    const Words& words;
    std::vector<int32_t> reps; //!< one date per stretch on which every document's in-force state is constant
    std::vector<std::optional<int32_t>> first_in_force, last_in_force; //!< per document
};

std::vector<int32_t> representatives(const rules::RuleSet& rs, std::vector<int32_t> extra);
std::optional<int32_t> first_where(const std::vector<int32_t>& reps, const std::function<bool(int32_t)>& p);
std::optional<int32_t> last_where(const std::vector<int32_t>& reps, const std::function<bool(int32_t)>& p);
std::string date_text(int32_t d);
template <class T>
void add_unique(std::vector<T>& v, T x) {
    if (std::find(v.begin(), v.end(), x) == v.end())
        v.push_back(x);
}

// The sub-checks.
void check_references(Temporal& t);     //!< (a) check_temporal.cpp
void check_clause_windows(Temporal& t); //!< (b) check_temporal.cpp
void check_task_deadlines(Temporal& t); //!< (c) check_temporal_dates.cpp
void check_header_problems(Checker& c); //!< (e) check_temporal_dates.cpp
void check_overlaps(Temporal& t);       //!< (d) check_temporal_overlap.cpp

} // namespace lexsim::solver::detail::temporal
