#include "svg.hpp"

#include "lexsim/rules/calendar.hpp"
#include "words.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace lexsim::report::detail {

using nlohmann::json;

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

namespace {

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

double number(const json& row, const char* key) {
    if (!row.is_object() || !row.contains(key) || !row[key].is_number())
        return std::nan("");
    return row[key].get<double>();
}

//! A 1-2-5 step so that an axis has about `ticks` labelled lines.
double nice_step(double range, int ticks) {
    double raw = range / ticks;
    double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (raw <= m * mag)
            return m * mag;
    return 10 * mag;
}

std::string wan(double yuan) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.0f", yuan / 10'000.0);
    return buf;
}

struct Frame {
    double width, height, left, right, top, bottom;
    double x0() const { return left; }
    double x1() const { return width - right; }
    double y0() const { return height - bottom; }
    double y1() const { return top; }
};

std::string open_svg(const Frame& f, const std::string& title, const std::string& desc) {
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 " + num(f.width) + " " +
           num(f.height) + "\" class=\"chart\"><title>" + escape(title) + "</title><desc>" + escape(desc) +
           "</desc>";
}

std::string text(double x, double y, std::string_view s, const char* anchor = "middle",
                 const char* cls = "label") {
    return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\" class=\"" + cls +
           "\">" + escape(s) + "</text>";
}

std::string line(double x1, double y1, double x2, double y2, const char* cls) {
    return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2) +
           "\" class=\"" + cls + "\"/>";
}

std::string rect(double x, double y, double w, double h, const char* cls) {
    return "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(std::max(w, 0.5)) +
           "\" height=\"" + num(h) + "\" class=\"" + cls + "\"/>";
}

//! Horizontal grid lines and labels (in 万元) for values in [lo, hi] on the frame's y axis.
std::string y_axis(const Frame& f, double lo, double hi, auto&& y_of) {
    std::string out;
    double step = nice_step(hi - lo, 5);
    for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
        out += line(f.x0(), y_of(v), f.x1(), y_of(v), "grid");
        out += text(f.x0() - 6, y_of(v) + 4, wan(v), "end");
    }
    return out;
}

} // namespace

std::string fan_chart(Lang lang, const std::string& title, const json& totals) {
    Frame f{720, 320, 80, 20, 20, 40};
    std::vector<const json*> rows;
    for (const json& r : totals)
        if (!std::isnan(number(r, "p50")))
            rows.push_back(&r);
    std::string out = open_svg(f, title, std::string(word(lang, "fan_desc")));
    if (rows.empty())
        return out + "</svg>";
    double lo = 0, hi = 0;
    auto widen = [&](double v) {
        if (!std::isnan(v))
            hi = std::max(hi, v), lo = std::min(lo, v);
    };
    for (const json* r : rows)
        for (const char* k : {"p5", "p95", "mean", "ceiling"})
            widen(number(*r, k));
    if (hi <= lo)
        hi = lo + 1;
    hi *= 1.08;
    size_t n = rows.size();
    auto x_of = [&](size_t i) {
        return n == 1 ? (f.x0() + f.x1()) / 2
                      : f.x0() + 30 + (f.x1() - f.x0() - 60) * double(i) / double(n - 1);
    };
    auto y_of = [&](double v) { return f.y0() - (f.y0() - f.y1()) * (v - lo) / (hi - lo); };
    out += y_axis(f, lo, hi, y_of);
    out += text(f.x0() - 6, f.y1() - 6, word(lang, "wan"), "end");
    std::string band = "<polygon class=\"band\" points=\"";
    for (size_t i = 0; i < n; ++i)
        band += num(x_of(i)) + "," + num(y_of(number(*rows[i], "p95"))) + " ";
    for (size_t i = n; i-- > 0;)
        band += num(x_of(i)) + "," + num(y_of(number(*rows[i], "p5"))) + " ";
    out += band + "\"/>";
    std::string median = "<polyline class=\"median\" points=\"";
    for (size_t i = 0; i < n; ++i)
        median += num(x_of(i)) + "," + num(y_of(number(*rows[i], "p50"))) + " ";
    out += median + "\"/>";
    for (size_t i = 0; i < n; ++i) {
        const json& r = *rows[i];
        out += "<circle class=\"mean\" r=\"4\" cx=\"" + num(x_of(i)) + "\" cy=\"" +
               num(y_of(number(r, "mean"))) + "\"/>";
        out += text(x_of(i), f.y0() + 20, std::to_string(r.value("year", 0)));
        double ceiling = number(r, "ceiling");
        if (!std::isnan(ceiling))
            out += line(x_of(i) - 25, y_of(ceiling), x_of(i) + 25, y_of(ceiling), "ceiling");
    }
    return out + "</svg>";
}

std::string tornado_chart(Lang lang, const json& sensitivity) {
    std::vector<const json*> rows;
    for (const json& r : sensitivity)
        if (!std::isnan(number(r, "total_low")) && !std::isnan(number(r, "total_high")))
            rows.push_back(&r);
    std::stable_sort(rows.begin(), rows.end(), [](const json* a, const json* b) {
        return std::abs(number(*a, "total_high") - number(*a, "total_low")) >
               std::abs(number(*b, "total_high") - number(*b, "total_low"));
    });
    Frame f{720, 40.0 + 26.0 * double(std::max<size_t>(rows.size(), 1)) + 30, 260, 30, 20, 30};
    std::string out =
        open_svg(f, std::string(word(lang, "sensitivity")), std::string(word(lang, "tornado_desc")));
    if (rows.empty())
        return out + "</svg>";
    double lo = INFINITY, hi = -INFINITY;
    for (const json* r : rows)
        for (const char* k : {"total_low", "total_high"})
            lo = std::min(lo, number(*r, k)), hi = std::max(hi, number(*r, k));
    double pad = std::max((hi - lo) * 0.1, 1.0);
    lo -= pad, hi += pad;
    auto x_of = [&](double v) { return f.x0() + (f.x1() - f.x0()) * (v - lo) / (hi - lo); };
    double step = nice_step(hi - lo, 5);
    for (double v = std::ceil(lo / step) * step; v <= hi; v += step) {
        out += line(x_of(v), f.y1(), x_of(v), f.y0(), "grid");
        out += text(x_of(v), f.y0() + 18, wan(v));
    }
    for (size_t i = 0; i < rows.size(); ++i) {
        const json& r = *rows[i];
        double y = f.y1() + 8 + 26.0 * double(i);
        double a = number(r, "total_low"), b = number(r, "total_high");
        out += text(f.x0() - 8, y + 14, r.value("label", r.value("input", "")), "end");
        out += rect(x_of(std::min(a, b)), y, std::abs(x_of(b) - x_of(a)), 18, b >= a ? "bar-up" : "bar-down");
    }
    return out + "</svg>";
}

std::string difference_chart(Lang lang, const json& totals) {
    std::vector<const json*> rows;
    for (const json& r : totals)
        if (!std::isnan(number(r, "mean")))
            rows.push_back(&r);
    Frame f{720, 300, 80, 20, 20, 40};
    std::string out =
        open_svg(f, std::string(word(lang, "compare")), std::string(word(lang, "compare_desc")));
    if (rows.empty())
        return out + "</svg>";
    double lo = 0, hi = 0;
    for (const json* r : rows)
        for (const char* k : {"p5", "p95", "mean"})
            if (!std::isnan(number(*r, k)))
                lo = std::min(lo, number(*r, k)), hi = std::max(hi, number(*r, k));
    if (hi <= lo)
        hi = lo + 1;
    double pad = (hi - lo) * 0.08;
    lo -= pad, hi += pad;
    auto y_of = [&](double v) { return f.y0() - (f.y0() - f.y1()) * (v - lo) / (hi - lo); };
    out += y_axis(f, lo, hi, y_of);
    double slot = (f.x1() - f.x0()) / double(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        const json& r = *rows[i];
        double cx = f.x0() + slot * (double(i) + 0.5);
        double m = number(r, "mean");
        out += rect(cx - slot * 0.2, std::min(y_of(m), y_of(0)), slot * 0.4, std::abs(y_of(m) - y_of(0)),
                    m >= 0 ? "bar-up" : "bar-down");
        if (!std::isnan(number(r, "p5")) && !std::isnan(number(r, "p95")))
            out += line(cx, y_of(number(r, "p5")), cx, y_of(number(r, "p95")), "whisker");
        out += text(cx, f.y0() + 20, std::to_string(r.value("year", 0)));
    }
    out += line(f.x0(), y_of(0), f.x1(), y_of(0), "axis");
    return out + "</svg>";
}

std::string gantt_chart(Lang lang, const std::string& title, bool by_start, const json& tasks,
                        const json& critical_path, size_t max_rows) {
    std::set<std::string> critical;
    for (const json& p : critical_path) {
        if (p.is_string())
            critical.insert(p.get<std::string>());
        else if (p.is_object())
            for (const json& id : p.value("tasks", json::array()))
                if (id.is_string())
                    critical.insert(id.get<std::string>());
    }
    struct Row {
        const json* task;
        int32_t start, p50, p90;
        std::optional<int32_t> deadline;
        double p_on_time;
    };
    auto date = [](const json& t, const char* key) -> std::optional<int32_t> {
        if (!t.contains(key) || !t[key].is_string())
            return std::nullopt;
        return rules::parse_date(t[key].get<std::string>());
    };
    std::vector<Row> rows;
    for (const json& t : tasks) {
        auto p50 = date(t, "p50"), p90 = date(t, "p90");
        if (!p50 || !p90)
            continue;
        auto start = date(t, "start");
        double p = t.contains("p_on_time") && t["p_on_time"].is_number() ? t["p_on_time"].get<double>() : 1.0;
        rows.push_back({&t, start ? *start : *p50, *p50, *p90, date(t, "deadline"), p});
    }
    // The riskiest first, or a procedure's steps in order of start; ties keep the rules' order.
    if (by_start)
        std::stable_sort(rows.begin(), rows.end(),
                         [](const Row& a, const Row& b) { return a.start < b.start; });
    else
        std::stable_sort(rows.begin(), rows.end(),
                         [](const Row& a, const Row& b) { return a.p_on_time < b.p_on_time; });
    if (rows.size() > max_rows)
        rows.resize(max_rows);
    Frame f{960, 50.0 + 20.0 * double(std::max<size_t>(rows.size(), 1)) + 30, 300, 20, 30, 30};
    std::string out = open_svg(f, title, std::string(word(lang, "gantt_desc")));
    if (rows.empty())
        return out + "</svg>";
    int32_t lo = INT32_MAX, hi = INT32_MIN;
    for (const Row& r : rows) {
        lo = std::min({lo, r.start, r.p50}), hi = std::max({hi, r.p90, r.p50});
        if (r.deadline)
            lo = std::min(lo, *r.deadline), hi = std::max(hi, *r.deadline);
    }
    // Whole months on the axis.
    auto lo_c = rules::civil_from_days(lo);
    lo = rules::days_from_civil(lo_c.year, lo_c.month, 1);
    hi = rules::add_months(
        rules::days_from_civil(rules::civil_from_days(hi).year, rules::civil_from_days(hi).month, 1), 1);
    auto x_of = [&](int32_t d) { return f.x0() + (f.x1() - f.x0()) * double(d - lo) / double(hi - lo); };
    int months = 0;
    for (int32_t d = lo; d < hi; d = rules::add_months(d, 1), ++months) {
    }
    // A month label needs about 60 px.
    double month_px = (f.x1() - f.x0()) / std::max(months, 1);
    int label_every = std::max(1, static_cast<int>(std::ceil(60.0 / month_px)));
    int m = 0;
    for (int32_t d = lo; d < hi; d = rules::add_months(d, 1), ++m) {
        out += line(x_of(d), f.y1(), x_of(d), f.y0(), "grid");
        if (m % label_every == 0) {
            auto c = rules::civil_from_days(d);
            char buf[16];
            std::snprintf(buf, sizeof buf, "%04d-%02d", c.year, c.month);
            out += text(x_of(d) + 2, f.y1() - 8, buf, "start");
        }
    }
    for (size_t i = 0; i < rows.size(); ++i) {
        const Row& r = rows[i];
        double y = f.y1() + 4 + 20.0 * double(i);
        std::string label = r.task->value("id", "");
        std::string unit = r.task->value("unit", "");
        if (!unit.empty())
            label += " · " + unit;
        if (label.size() > 60) {
            size_t cut = 57;
            while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80)
                --cut; // never inside a UTF-8 sequence
            label = label.substr(0, cut) + "…";
        }
        out += text(f.x0() - 6, y + 11, label, "end", "label small");
        bool crit = critical.count(r.task->value("id", "")) > 0;
        out += rect(x_of(r.start), y, x_of(r.p50) - x_of(r.start), 14, crit ? "bar-p50 critical" : "bar-p50");
        out += rect(x_of(r.p50), y, x_of(r.p90) - x_of(r.p50), 14, crit ? "bar-p90 critical" : "bar-p90");
        if (r.deadline)
            out += line(x_of(*r.deadline), y - 2, x_of(*r.deadline), y + 16, "deadline");
    }
    return out + "</svg>";
}

std::string heat_map(Lang lang, const json& units, size_t max_rows) {
    std::map<std::string, std::map<std::string, int64_t>> load;
    std::set<std::string> months;
    for (const json& u : units) {
        if (!u.is_object() || !u.contains("unit") || !u.contains("month"))
            continue;
        int64_t n = u.value("active_tasks", int64_t{0});
        load[u["unit"].get<std::string>()][u["month"].get<std::string>()] += n;
        months.insert(u["month"].get<std::string>());
    }
    std::vector<std::pair<int64_t, std::string>> order;
    int64_t peak = 1;
    for (const auto& [unit, by_month] : load) {
        int64_t total = 0;
        for (const auto& [month, n] : by_month)
            total += n, peak = std::max(peak, n);
        order.emplace_back(-total, unit);
    }
    std::sort(order.begin(), order.end());
    if (order.size() > max_rows)
        order.resize(max_rows);
    std::vector<std::string> cols(months.begin(), months.end());
    double cell = cols.empty() ? 20 : std::min(40.0, 600.0 / double(cols.size()));
    Frame f{220 + cell * double(cols.size()) + 20,
            40.0 + 18.0 * double(std::max<size_t>(order.size(), 1)) + 10,
            220,
            20,
            40,
            10};
    std::string out = open_svg(f, std::string(word(lang, "workload")), std::string(word(lang, "heat_desc")));
    for (size_t c = 0; c < cols.size(); ++c)
        if (cols.size() <= 24 || c % 3 == 0)
            out += text(f.x0() + cell * (double(c) + 0.5), f.y1() - 8, cols[c].substr(2), "middle",
                        "label small");
    for (size_t r = 0; r < order.size(); ++r) {
        const std::string& unit = order[r].second;
        double y = f.y1() + 18.0 * double(r);
        out += text(f.x0() - 6, y + 13, unit, "end", "label small");
        for (size_t c = 0; c < cols.size(); ++c) {
            auto it = load[unit].find(cols[c]);
            int64_t n = it == load[unit].end() ? 0 : it->second;
            double shade = double(n) / double(peak);
            char fill[48];
            std::snprintf(fill, sizeof fill, "rgba(178,34,34,%.2f)", 0.08 + 0.92 * shade);
            out += "<rect x=\"" + num(f.x0() + cell * double(c)) + "\" y=\"" + num(y) + "\" width=\"" +
                   num(cell - 1) + "\" height=\"17\" fill=\"" + (n == 0 ? std::string("#f4f4f4") : fill) +
                   "\"><title>" + escape(unit + " " + cols[c] + ": " + std::to_string(n)) + "</title></rect>";
        }
    }
    return out + "</svg>";
}

} // namespace lexsim::report::detail
