// lexsim simulate: Monte Carlo projection of outlays over the years of a scenario.
#include "commands.hpp"
#include "common.hpp"
#include "lexsim/simulation/engine.hpp"
#include "lexsim/simulation/report.hpp"
#include "lexsim/simulation/scenario.hpp"
#include "lexsim/simulation/sensitivity.hpp"
#include "lexsim/simulation/threads.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <unistd.h>

namespace lexsim::app {

namespace {

//! A scenario with the rules it simulates (its what-if applied).
struct Loaded {
    std::unique_ptr<sim::ScenarioFile> file;
    rules::LoadResult rules;
    std::unique_ptr<rules::RuleSet> simulated;
    sim::Scenario scenario;
};

std::optional<Loaded> load(const std::string& path, const SimulateOptions& o) {
    Loaded l;
    l.file = std::make_unique<sim::ScenarioFile>(
        path.empty() ? sim::ScenarioFile::parse(sim::embedded_baseline_path,
                                                std::string(sim::embedded_baseline_scenario()))
                     : sim::ScenarioFile::load(path));
    sim::ScenarioHeader h = sim::read_header(*l.file);
    if (o.trials)
        h.trials = *o.trials;
    if (o.seed)
        h.seed = *o.seed;
    if (!l.file->root().present()) { // unreadable, or not TOML
        l.file->diagnostics().render(l.file->sources(), std::cerr);
        return std::nullopt;
    }
    // A header error does not stop the reading: one run reports every error of the file.
    l.rules = load_or_report(h.rules);
    if (!l.rules.ok())
        return std::nullopt;
    std::optional<sim::Scenario> s = sim::read_scenario(*l.file, h, *l.rules.rules);
    if (!s) {
        l.file->diagnostics().render(l.file->sources(), std::cerr);
        return std::nullopt;
    }
    l.scenario = std::move(*s);
    l.simulated = std::make_unique<rules::RuleSet>(*l.rules.rules);
    sim::apply_what_if(l.scenario, *l.simulated);
    return l;
}

//! A one-line progress bar on stderr: trials done, rate, time left.
class Progress {
public:
    Progress(bool on, std::string label) : m_on(on), m_label(std::move(label)) {}
    ~Progress() {
        if (m_on && m_drawn)
            std::cerr << "\r\033[K" << std::flush;
    }
    void operator()(int64_t done, int64_t total) {
        if (!m_on)
            return;
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
        double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
        int filled = static_cast<int>(24 * done / std::max<int64_t>(total, 1));
        char buf[160];
        std::snprintf(buf, sizeof buf, "] %lld/%lld 次试验 · %.0f 次/秒 · 剩余 %.0f 秒",
                      static_cast<long long>(done), static_cast<long long>(total), rate,
                      rate > 0 ? static_cast<double>(total - done) / rate : 0.0);
        std::cerr << "\r\033[K" << m_label << " [" << std::string(static_cast<size_t>(filled), '#')
                  << std::string(static_cast<size_t>(24 - filled), '.') << buf << std::flush;
        m_drawn = true;
    }

private:
    bool m_on;
    bool m_drawn = false;
    std::string m_label;
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
};

} // namespace

std::optional<std::string> simulate_output(const SimulateOptions& o) {
    sim::start_threads(o.threads); // the workers start while the rules and scenarios load
    std::optional<Loaded> base = load(o.scenario, o);
    if (!base)
        return std::nullopt;
    std::vector<Loaded> what_ifs;
    for (const std::string& path : o.compare) {
        std::optional<Loaded> w = load(path, o);
        if (!w)
            return std::nullopt;
        // Common random numbers: the what-if draws the same entities as the base.
        w->scenario.stream = base->scenario.stream;
        w->scenario.header.seed = base->scenario.header.seed;
        w->scenario.header.trials = base->scenario.header.trials;
        what_ifs.push_back(std::move(*w));
    }
    bool show_progress = !o.quiet && isatty(2) != 0;
    std::vector<sim::Report> reports;
    {
        // The what-ifs run in step with the base, trial by trial: one batch of trials in memory at a time.
        Progress bar(show_progress, base->scenario.header.name);
        sim::SimulationOptions opts;
        opts.trials = base->scenario.header.trials;
        opts.threads = o.threads;
        opts.until_se = o.until_se;
        if (show_progress) // else the trials run in as few batches as memory allows
            opts.progress = [&bar](int64_t done, int64_t total) { bar(done, total); };
        std::vector<sim::SimulationInput> inputs;
        for (const Loaded& w : what_ifs)
            inputs.push_back({w.simulated.get(), &w.scenario});
        reports = sim::simulate_reports({base->simulated.get(), &base->scenario}, inputs, opts, o.quantiles);
    }
    if (o.sensitivity) {
        sim::SimulationOptions opts;
        opts.trials = reports[0].trials;
        opts.threads = o.threads;
        reports[0].sensitivity = sim::sensitivity(*base->simulated, base->scenario, opts);
    }
    std::string out;
    if (o.format == "json")
        out = sim::render_json(reports);
    else if (o.format == "csv")
        out = sim::render_csv(reports);
    else
        for (size_t i = 0; i < reports.size(); ++i)
            out += (i ? "\n" : "") + sim::render_text(reports[i]);
    return out;
}

int run_simulate(const SimulateOptions& o) {
    std::optional<std::string> result = simulate_output(o);
    if (!result)
        return Exit::bad_input;
    const std::string& out = *result;
    if (o.output.empty()) {
        std::cout << out;
        return Exit::ok;
    }
    std::string err;
    if (!write_file_atomically(o.output, out, err)) {
        std::cerr << "lexsim simulate: " << err << '\n';
        return Exit::bad_input;
    }
    return Exit::ok;
}

} // namespace lexsim::app
