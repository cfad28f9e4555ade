#pragma once
// Charts as inline SVG, drawn from the report's JSON results. Each returns one <svg> element with a <title>
// and a <desc> (the text alternative); the page prints the chart's data table beside it.
#include "lexsim/report/report.hpp"

#include <string>

namespace lexsim::report::detail {

std::string escape(std::string_view text); //!< for HTML/SVG text and attribute values

//! Rows per year ({year, mean, p5, p50, p95, ceiling?}): P5–P95 band, P50 line, mean dots, a row's ceiling as
//! a dashed line.
std::string fan_chart(Lang lang, const std::string& title, const nlohmann::json& rows);
//! One horizontal bar per input from the total at its low value to the total at its high value.
std::string tornado_chart(Lang lang, const nlohmann::json& sensitivity);
//! Mean difference per year with a P5–P95 whisker.
std::string difference_chart(Lang lang, const nlohmann::json& totals);
//! The riskiest tasks: start → P50 → P90 bars against deadline ticks, critical-path tasks outlined.
//! With `by_start`, in order of start (a procedure's steps) instead of the riskiest first (a task table).
std::string gantt_chart(Lang lang, const std::string& title, bool by_start, const nlohmann::json& tasks,
                        const nlohmann::json& critical_path, size_t max_rows);
//! Active tasks per unit (rows, the busiest first) and month (columns).
std::string heat_map(Lang lang, const nlohmann::json& units, size_t max_rows);

} // namespace lexsim::report::detail
