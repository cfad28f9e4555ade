#pragma once
#include <cstdint>
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
};
int run_check(const CheckOptions& o);

struct DiffOptions {
    std::string older, newer;
    std::string format = "text";
    uint64_t rlimit = 5'000'000;
};
int run_diff(const DiffOptions& o);

struct BoundsOptions {
    std::vector<std::string> paths;
    std::string format = "text";
    uint64_t rlimit = 5'000'000;
};
int run_bounds(const BoundsOptions& o);

struct ShowOptions {
    std::vector<std::string> paths;
    std::vector<std::string> names;
    std::string find;
};
int run_show(const ShowOptions& o);

struct TestOptions {
    std::vector<std::string> paths;
};
int run_test(const TestOptions& o);

struct ReportOptions {
    std::vector<std::string> paths;
    std::string output = "report.html"; //!< "-" for standard output
    std::string xlsx;                   //!< also write a workbook here
    std::string lang = "zh";
    uint64_t rlimit = 5'000'000;
};
int run_report(const ReportOptions& o);

} // namespace lexsim::app
