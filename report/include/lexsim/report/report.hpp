#pragma once
/**
 * @brief One self-contained HTML report (and a spreadsheet) from the results of check, simulate and schedule.
 *
 * The report module sees results only as the JSON documents the commands print (`check --format json`,
 * `simulate --format json`, `schedule --format json`), so it depends on no engine: app/ runs the engines,
 * this module turns their results into tables, inline SVG charts and one HTML page that opens offline.
 *
 *     report::Inputs in;
 *     in.check = nlohmann::json::parse(solver::render_json(rs, findings));
 *     in.simulate = ...;  in.schedule = ...;  in.provenance = ...;
 *     std::string html = report::render_html(in);
 *     std::string error;
 *     report::write_xlsx("report.xlsx", report::tables(in), error);
 *
 * Every chart is drawn from a Table, and the same Table is printed under the chart as its data, so what a
 * reader sees, what a screen reader reads and what the spreadsheet holds are one set of numbers.
 */
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lexsim::report {

enum class Lang { Zh, En };

//! How a column's values are written. Money values are yuan (exact to the fen, as the JSON carries them).
enum class ColumnKind { Text, Integer, Number, Money, Probability, Date };

struct Column {
    std::string key;   //!< the JSON key the values come from (stable; used by the spreadsheet and tests)
    std::string label; //!< the heading people read
    ColumnKind kind = ColumnKind::Text;
};

//! A table of the report: a chart's data, or a listing.
struct Table {
    std::string id;    //!< stable, ASCII: the HTML id and the spreadsheet's sheet name
    std::string title; //!< what people read
    std::vector<Column> columns;
    std::vector<std::vector<nlohmann::json>> rows; //!< one value per column (null for an empty cell)
};

struct SourceFile {
    std::string path;
    std::string sha256; //!< hex
};

struct Provenance {
    std::vector<SourceFile> rules;
    std::string scenario; //!< path, empty for the built-in baseline
    std::string scenario_sha256;
    uint64_t seed = 0;
    uint64_t trials = 0;
    std::string version;   //!< lexsim's version
    std::string generated; //!< date and time, ISO 8601
};

struct Inputs {
    Lang lang = Lang::Zh;
    std::string title;
    nlohmann::json check;    //!< `check --format json`, or null
    nlohmann::json simulate; //!< `simulate --format json`, or null
    nlohmann::json compare;  //!< `simulate BASE --compare WHATIF --format json`, or null
    nlohmann::json schedule; //!< `schedule --format json`, or null
    Provenance provenance;
};

//! Every table of the report, in the order the page shows them.
std::vector<Table> tables(const Inputs& in);

//! The whole page: one HTML document with inline styles and SVG, no script, no external resource.
std::string render_html(const Inputs& in);

//! A workbook with one sheet per table (numbers as numbers, money in yuan). False with a message on failure;
//! nothing is left at `path` then.
bool write_xlsx(const std::string& path, const std::vector<Table>& tables, std::string& error);

//! SHA-256 of a byte string, as lowercase hex.
std::string sha256_hex(std::string_view bytes);

} // namespace lexsim::report
