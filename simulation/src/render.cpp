#include "lexsim/rules/source.hpp"
#include "lexsim/simulation/report.hpp"

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace lexsim::sim {

namespace {

//! 万元 with two decimals, from fen (rounded to the nearest 100 元).
std::string wan(int64_t fen) {
    int64_t hundreds = (fen >= 0 ? fen + 5'000 : fen - 5'000) / 10'000; // units of 100 元
    bool negative = hundreds < 0;
    uint64_t a = negative ? 0 - static_cast<uint64_t>(hundreds) : static_cast<uint64_t>(hundreds);
    std::string d = std::to_string(a % 100);
    return (negative ? "-" : "") + std::to_string(a / 100) + "." + (d.size() == 1 ? "0" : "") + d;
}

size_t width(std::string_view s) {
    size_t w = 0;
    for (size_t i = 0; i < s.size();) {
        char32_t cp = 0;
        int n = rules::utf8_decode(s, i, cp);
        w += static_cast<size_t>(rules::display_width(cp));
        i += n > 0 ? static_cast<size_t>(n) : 1;
    }
    return w;
}

std::string pad_left(const std::string& s, size_t w) {
    return std::string(w > width(s) ? w - width(s) : 0, ' ') + s;
}
std::string pad_right(const std::string& s, size_t w) {
    return s + std::string(w > width(s) ? w - width(s) : 0, ' ');
}

std::string percent(double p) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", p * 100);
    return buf;
}

std::string year_name(int32_t y, const std::vector<int32_t>& years) {
    if (y != 0)
        return std::to_string(y);
    if (years.empty())
        return "合计";
    if (years.front() == years.back())
        return "合计 " + std::to_string(years.front());
    return "合计 " + std::to_string(years.front()) + "–" + std::to_string(years.back());
}

void stats_table(std::ostringstream& out, const std::string& head, const std::vector<std::string>& names,
                 const std::vector<const Summary*>& stats, const std::vector<std::string>& extra = {}) {
    size_t w = width(head);
    for (const auto& n : names)
        w = std::max(w, width(n));
    out << pad_right(head, w) << pad_left("均值", 12) << pad_left("标准误", 10) << pad_left("P5", 12)
        << pad_left("P50", 12) << pad_left("P95", 12) << (extra.empty() ? "" : pad_left("超预算概率", 12))
        << "\n";
    for (size_t i = 0; i < names.size(); ++i) {
        const Summary& s = *stats[i];
        out << pad_right(names[i], w) << pad_left(wan(s.mean), 12) << pad_left(wan(s.se), 10)
            << pad_left(wan(s.p5), 12) << pad_left(wan(s.p50), 12) << pad_left(wan(s.p95), 12)
            << (extra.empty() ? "" : pad_left(extra[i], 12)) << "\n";
    }
}

void group_table(std::ostringstream& out, const Report& r, const std::vector<GroupRow>& rows,
                 const std::string& head) {
    std::vector<std::string> names;
    std::vector<const Summary*> stats;
    for (const GroupRow& g : rows) {
        names.push_back(g.group + " " + year_name(g.year, r.years));
        stats.push_back(&g.stats);
    }
    stats_table(out, head, names, stats);
}

} // namespace

namespace {

void text_totals(std::ostringstream& out, const Report& r) {
    std::vector<std::string> names, extra;
    std::vector<const Summary*> stats;
    bool any_budget = false;
    for (const TotalRow& t : r.totals) {
        names.push_back(year_name(t.year, r.years));
        stats.push_back(&t.stats);
        extra.push_back(t.p_exceed ? percent(*t.p_exceed) : "—");
        any_budget = any_budget || t.p_exceed.has_value();
    }
    stats_table(out, r.compared_with.empty() ? "年度支出" : "支出差额", names, stats,
                any_budget ? extra : std::vector<std::string>{});
    out << "\n";
    group_table(out, r, r.by_unit, "按付款单位");
    out << "\n";
    group_table(out, r, r.by_recipient, "按受款主体");
}

//! One line per clause grant with the mean of each year; then the receipts. Returns the name width.
void text_clauses(std::ostringstream& out, const Report& r) {
    std::map<std::string, std::map<int32_t, int64_t>> means;
    std::vector<std::string> order;
    for (const OutlayRow& o : r.outlays) {
        std::string name = o.document + o.article + " " + o.benefit_label;
        if (!means.count(name))
            order.push_back(name);
        means[name][o.year] += o.stats.mean;
    }
    size_t w = width("按条款（均值）");
    for (const auto& n : order)
        w = std::max(w, width(n));
    out << "\n" << pad_right("按条款（均值）", w);
    for (int32_t y : r.years)
        out << pad_left(std::to_string(y), 12);
    out << "\n";
    for (const auto& n : order) {
        bool nonzero = false;
        for (auto& [y, m] : means[n])
            nonzero = nonzero || m != 0;
        if (!nonzero)
            continue;
        out << pad_right(n, w);
        for (int32_t y : r.years)
            out << pad_left(wan(means[n][y]), 12);
        out << "\n";
    }
    bool head = false;
    for (const OutlayRow& o : r.receipts) {
        if (o.stats.mean == 0 && o.stats.p95 == 0 && o.stats.p5 == 0)
            continue; // a range such as 20%–50% that fixes no figure
        if (!head)
            out << "\n"
                << (r.compared_with.empty() ? "收入" : "收入差额")
                << "（规则确定的缴款，缴入区财政，如土地收益调节金；不是补贴支出，不计入支出合计）\n";
        head = true;
        out << pad_right(o.document + o.article + " " + o.benefit_label + " " + std::to_string(o.year), w)
            << pad_left(wan(o.stats.mean), 12) << pad_left("± " + wan(o.stats.se), 12) << "\n";
    }
}

void text_budgets_and_notes(std::ostringstream& out, const Report& r) {
    if (!r.budgets.empty()) {
        size_t bw = width("预算上限");
        for (const BudgetRow& b : r.budgets)
            bw = std::max(bw, width(b.label));
        out << "\n"
            << pad_right("预算上限", bw) << pad_left("年度", 6) << pad_left("上限", 12)
            << pad_left("超出概率", 12) << pad_left("期望缺口", 12) << "\n";
        for (const BudgetRow& b : r.budgets)
            out << pad_right(b.label, bw) << pad_left(std::to_string(b.year), 6)
                << pad_left(wan(b.ceiling), 12) << pad_left(percent(b.p_exceed), 12)
                << pad_left(wan(b.expected_shortfall), 12) << "\n";
    }
    if (!r.sensitivity.empty()) {
        size_t sw = 0;
        for (const SensitivityRow& s : r.sensitivity)
            sw = std::max(sw, width(s.input));
        out << "\n敏感性：输入取低值、高值时的总支出均值（共同随机数），按摆幅排序\n";
        for (const SensitivityRow& s : r.sensitivity)
            out << pad_right(s.input, sw) << pad_left(wan(s.total_low), 12) << pad_left(wan(s.total_high), 12)
                << "  摆幅 " << wan(std::llabs(s.total_high - s.total_low)) << "\n";
    }
    if (r.quota_breaches || r.pool_breaches)
        out << "\n名额或资金池约束生效：名额 " << r.quota_breaches << " 次，资金池 " << r.pool_breaches
            << " 次（各试验、年度、条款合计）\n";
    if (r.undetermined_share > 0)
        out << "\n注意：" << percent(r.undetermined_share)
            << " 的主体年度有条款因缺少取值而无法判定（情景未给出该属性），未计入支出。\n";
}

} // namespace

std::string render_text(const Report& r) {
    std::ostringstream out;
    bool compare = !r.compared_with.empty();
    out << (compare ? "对比：" + r.scenario + " 减 " + r.compared_with : "情景：" + r.scenario) << "\n";
    out << "随机种子 " << r.seed << " · 试验 " << r.trials << " 次"
        << (compare ? " · 共同随机数（同一批虚拟申请主体）" : "") << " · 金额单位：万元\n";
    if (r.trials > Tally::exact_cap)
        out << "分位数（P5/P50/P95）为近似值：试验超过 " << Tally::exact_cap
            << " 次，按对数分桶直方图计算，相对误差不超过 0.1%；均值与标准误为精确值\n";
    out << "\n";
    text_totals(out, r);
    text_clauses(out, r);
    text_budgets_and_notes(out, r);
    return out.str();
}

namespace {

//! Money as a JSON number with exactly two decimals, written from integers.
struct Money {
    int64_t fen;
};
struct Null {};

//! A minimal streaming JSON writer: commas are placed by the nesting it tracks.
class JsonWriter {
public:
    std::string str() const { return m_out.str(); }
    void open(char c) {
        separate();
        m_out << c;
        m_first.push_back(true);
    }
    void close(char c) {
        m_out << c;
        m_first.pop_back();
    }
    void key(const std::string& k) {
        separate();
        m_out << nlohmann::json(k).dump() << ':';
        m_after_key = true;
    }
    void value(const std::string& s) { scalar(nlohmann::json(s).dump()); }
    void value(Money m) { scalar(yuan(m.fen)); }
    void value(double d) { scalar(nlohmann::json(d).dump()); }
    void value(int64_t i) { scalar(std::to_string(i)); }
    void value(uint64_t i) { scalar(std::to_string(i)); }
    void value(Null) { scalar("null"); }
    void value(bool b) { scalar(b ? "true" : "false"); }
    template <typename T>
    void field(const std::string& k, const T& v) {
        key(k);
        value(v);
    }

private:
    void scalar(const std::string& text) {
        separate();
        m_out << text;
    }
    void separate() {
        if (m_after_key) {
            m_after_key = false;
            return;
        }
        if (!m_first.empty() && !m_first.back())
            m_out << ',';
        if (!m_first.empty())
            m_first.back() = false;
    }
    std::ostringstream m_out;
    std::vector<bool> m_first;
    bool m_after_key = false;
};

void stats_json(JsonWriter& w, const Summary& s) {
    w.field("mean", Money{s.mean});
    w.field("se", Money{s.se});
    w.field("p5", Money{s.p5});
    w.field("p50", Money{s.p50});
    w.field("p95", Money{s.p95});
    if (s.quantiles.empty())
        return;
    w.key("quantiles");
    w.open('{');
    for (auto [q, v] : s.quantiles)
        w.field(nlohmann::json(q).dump(), Money{v});
    w.close('}');
}

void rows_json(JsonWriter& w, const std::vector<OutlayRow>& rows, bool receipts) {
    w.open('[');
    for (const OutlayRow& o : rows) {
        w.open('{');
        w.field("year", int64_t{o.year});
        w.field("clause", o.clause);
        w.field("document", o.document);
        w.field("article", o.article);
        w.field(receipts ? "measure" : "benefit", o.benefit);
        if (!receipts) {
            w.field("unit", o.unit);
            w.field("recipient", o.recipient);
        }
        stats_json(w, o.stats);
        w.close('}');
    }
    w.close(']');
}

void totals_json(JsonWriter& w, const Report& r) {
    w.key("totals");
    w.open('[');
    for (const TotalRow& t : r.totals) {
        if (t.year == 0)
            continue;
        w.open('{');
        w.field("year", int64_t{t.year});
        stats_json(w, t.stats);
        if (t.p_exceed)
            w.field("p_exceed", *t.p_exceed);
        else
            w.field("p_exceed", Null{});
        w.close('}');
    }
    w.close(']');
    w.key("horizon");
    w.open('{');
    stats_json(w, r.totals.back().stats);
    w.close('}');
    for (const auto* rows : {&r.by_unit, &r.by_recipient}) {
        bool unit = rows == &r.by_unit;
        w.key(unit ? "by_unit" : "by_recipient");
        w.open('[');
        for (const GroupRow& g : *rows) {
            w.open('{');
            w.field(unit ? "unit" : "recipient", g.group);
            if (g.year)
                w.field("year", int64_t{g.year});
            else
                w.field("year", Null{});
            stats_json(w, g.stats);
            w.close('}');
        }
        w.close(']');
    }
}

void budgets_json(JsonWriter& w, const Report& r) {
    w.key("budgets");
    w.open('[');
    for (const BudgetRow& b : r.budgets) {
        w.open('{');
        w.field("label", b.label);
        w.field("unit", b.unit);
        w.field("year", int64_t{b.year});
        w.field("ceiling", Money{b.ceiling});
        w.field("p_exceed", b.p_exceed);
        w.field("expected_shortfall", Money{b.expected_shortfall});
        w.key("demand");
        w.open('{');
        stats_json(w, b.demand);
        w.close('}');
        w.close('}');
    }
    w.close(']');
    w.key("sensitivity");
    w.open('[');
    for (const SensitivityRow& s : r.sensitivity) {
        w.open('{');
        w.field("input", s.input);
        w.field("low", s.low);
        w.field("high", s.high);
        w.field("total_low", Money{s.total_low});
        w.field("total_high", Money{s.total_high});
        w.close('}');
    }
    w.close(']');
}

void report_json(JsonWriter& w, const Report& r) {
    w.open('{');
    w.field("scenario", r.scenario);
    if (!r.compared_with.empty())
        w.field("compared_with", r.compared_with);
    w.field("seed", r.seed);
    w.field("trials", r.trials);
    w.field("quantiles_exact", r.trials <= Tally::exact_cap);
    w.key("years");
    w.open('[');
    for (int32_t y : r.years)
        w.value(int64_t{y});
    w.close(']');
    w.key("outlays");
    rows_json(w, r.outlays, false);
    w.key("receipts");
    rows_json(w, r.receipts, true);
    totals_json(w, r);
    budgets_json(w, r);
    w.field("undetermined_share", r.undetermined_share);
    w.close('}');
}

} // namespace

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string render_json(const std::vector<Report>& reports) {
    JsonWriter w;
    if (reports.size() != 1)
        w.open('[');
    for (const Report& r : reports)
        report_json(w, r);
    if (reports.size() != 1)
        w.close(']');
    return w.str() + "\n";
}

namespace {

//! One CSV line: the row's identifying fields, then its statistics.
void csv_row(std::ostringstream& out, const std::vector<std::string>& fields, const Summary& s) {
    for (const std::string& f : fields)
        out << csv_field(f) << ",";
    out << yuan(s.mean) << "," << yuan(s.se) << "," << yuan(s.p5) << "," << yuan(s.p50) << "," << yuan(s.p95)
        << "\n";
}

} // namespace

std::string render_csv(const std::vector<Report>& reports) {
    std::ostringstream out;
    out << "scenario,compared_with,kind,year,document,article,clause,benefit,unit,recipient,mean,se,p5,p50,"
           "p95\n";
    for (const Report& r : reports) {
        for (const OutlayRow& o : r.receipts)
            csv_row(out,
                    {r.scenario, r.compared_with, "receipt", std::to_string(o.year), o.document, o.article,
                     o.clause, o.benefit, "", ""},
                    o.stats);
        for (const OutlayRow& o : r.outlays)
            csv_row(out,
                    {r.scenario, r.compared_with, "outlay", std::to_string(o.year), o.document, o.article,
                     o.clause, o.benefit, o.unit, o.recipient},
                    o.stats);
        for (const TotalRow& t : r.totals)
            csv_row(out,
                    {r.scenario, r.compared_with, "total", t.year ? std::to_string(t.year) : "all", "", "",
                     "", "", "", ""},
                    t.stats);
    }
    return out.str();
}

} // namespace lexsim::sim
