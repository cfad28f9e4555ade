#pragma once
#include <string>
#include <vector>

namespace lexsim::app {

struct StatsOptions {
    std::vector<std::string> paths;
    std::string format = "text";
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

struct TestOptions {
    std::vector<std::string> paths;
};
int run_test(const TestOptions& o);

} // namespace lexsim::app
