#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lexsim::app {

struct StatsOptions {
    std::vector<std::string> paths;
    std::string format = "text";
    bool workload = false; //!< tasks, steps and duties per unit and per lead official instead
};
int run_stats(const StatsOptions& o);

struct ExplainOptions {
    std::vector<std::string> paths;
    std::string entity; //!< a JSON file, or inline JSON
    std::string date;
    std::vector<std::string> params; //!< name=value
    std::string format = "text";
    std::string lang; //!< zh, en, or empty: Chinese when the rules' labels are
};
int run_explain(const ExplainOptions& o);

struct FmtOptions {
    std::vector<std::string> paths;
    bool check = false;
    bool in_place = false;
};
int run_fmt(const FmtOptions& o);

struct CheckOptions {
    std::vector<std::string> paths;
    std::string format = "text";
    std::string emit_smt; //!< directory for SMT-LIB2 copies of every query
    std::string output;   //!< write the report here (atomically) instead of stdout
    uint64_t rlimit = 5'000'000;
    unsigned timeout_ms = 60'000;   //!< --timeout, per solver query
    std::string lang;               //!< zh, en, or empty: Chinese when the rules' labels are
    std::string baseline;           //!< a JSON report: show only findings not in it
    std::vector<std::string> focus; //!< show only findings citing these files
};
int run_check(const CheckOptions& o);

struct ExplainFindingOptions {
    std::string code; //!< a code (LX101) or a kind (cap-conflict); empty lists them all
    std::string lang; //!< zh (default) or en
};
int run_explain_finding(const ExplainFindingOptions& o);

struct DiffOptions {
    std::string older, newer;
    std::string format = "text";
    uint64_t rlimit = 5'000'000;
    unsigned timeout_ms = 60'000; //!< --timeout, per solver query
    std::string lang;             //!< zh, en, or empty: Chinese when the rules' labels are
    bool all = false;             //!< list equivalent benefits too
};
int run_diff(const DiffOptions& o);

struct BoundsOptions {
    std::vector<std::string> paths;
    std::string format = "text";
    uint64_t rlimit = 5'000'000;
    unsigned timeout_ms = 60'000; //!< --timeout, per solver query
    std::string lang;             //!< zh, en, or empty: Chinese when the rules' labels are
};
int run_bounds(const BoundsOptions& o);

struct ShowOptions {
    std::vector<std::string> paths;
    std::vector<std::string> names;
    std::string find;
};
int run_show(const ShowOptions& o);

struct SimulateOptions {
    std::string scenario;             //!< a scenario file; empty = the embedded baseline
    std::vector<std::string> compare; //!< what-if scenarios compared with it (common random numbers)
    std::optional<int64_t> trials;
    std::optional<uint64_t> seed;
    int threads = 0;
    std::string format = "text";
    std::string output;
    bool quiet = false;
    bool sensitivity = false;
    double until_se = 0; //!< yuan
    std::vector<double> quantiles;
};
int run_simulate(const SimulateOptions& o);
//! What `simulate` prints in `o.format`; nullopt after reporting bad input on stderr.
std::optional<std::string> simulate_output(const SimulateOptions& o);

struct TestOptions {
    std::vector<std::string> paths;
};
int run_test(const TestOptions& o);

struct WorkdaysOptions {
    std::string action; //!< "add" or "between"
    std::string first;  //!< a date
    std::string second; //!< a number of working days (add) or a date (between)
    std::string format = "text";
};
int run_workdays(const WorkdaysOptions& o);

struct ScheduleOptions {
    std::string scenario; //!< a schedule scenario file; empty = the embedded corpus, default estimates
    uint64_t trials = 0;  //!< 0 = the scenario's (default 10000)
    std::optional<uint64_t> seed;
    int threads = 0;
    std::string format = "text";
    std::string output;       //!< write the results here (atomically) instead of stdout
    std::string export_graph; //!< write the task graph as JSON here and stop
    bool quiet = false;
};
int run_schedule(const ScheduleOptions& o);
//! What `schedule` prints in `o.format` (empty after --export-graph); nullopt after reporting bad input.
std::optional<std::string> schedule_output(const ScheduleOptions& o);

struct ReportOptions {
    std::string scenario;             //!< the simulate scenario; empty = the embedded baseline
    std::vector<std::string> compare; //!< what-ifs shown as differences against it
    std::string schedule;             //!< the schedule scenario; empty = the corpus's default estimates
    std::optional<int64_t> trials;    //!< simulate trials (default: the scenario's)
    std::optional<uint64_t> seed;
    std::vector<std::string> paths;
    std::string output = "report.html"; //!< "-" for standard output
    std::string xlsx;                   //!< also write a workbook here
    std::string lang = "zh";
    uint64_t rlimit = 5'000'000;
    unsigned timeout_ms = 60'000; //!< --timeout, per solver query
};
int run_report(const ReportOptions& o);

} // namespace lexsim::app
