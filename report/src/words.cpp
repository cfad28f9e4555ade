#include "words.hpp"

#include <array>

namespace lexsim::report::detail {

namespace {

struct Entry {
    std::string_view key, zh, en;
};

constexpr std::array entries{
    Entry{"report", "政策文件核查与模拟报告", "Policy verification and simulation report"},
    Entry{"contents", "目录", "Contents"},
    Entry{"findings", "核查发现", "Findings"},
    Entry{"outlays", "资金支出预测", "Projected outlays"},
    Entry{"schedule", "任务进度与风险", "Schedule and risk"},
    Entry{"provenance", "数据来源与可复现信息", "Provenance"},
    Entry{"none", "无", "none"},
    Entry{"not_run", "本报告未包含此部分（未提供相应结果）。", "This part was not run for this report."},
    Entry{"severity", "级别", "Severity"},
    Entry{"kind", "类别", "Kind"},
    Entry{"message", "说明", "Message"},
    Entry{"citations", "涉及条款", "Articles"},
    Entry{"text", "原文", "Original text"},
    Entry{"witness", "示例情形", "Witness"},
    Entry{"source", "规则源文件", "Rules source"},
    Entry{"error", "错误", "error"},
    Entry{"warning", "警告", "warning"},
    Entry{"note", "提示", "note"},
    Entry{"summary", "概况", "Summary"},
    Entry{"count", "数量", "Count"},
    Entry{"year", "年度", "Year"},
    Entry{"mean", "均值", "Mean"},
    Entry{"se", "标准误", "Std. error"},
    Entry{"p5", "P5", "P5"},
    Entry{"p50", "P50（中位数）", "P50 (median)"},
    Entry{"p95", "P95", "P95"},
    Entry{"p_exceed", "超出预算上限的概率", "P(ceiling exceeded)"},
    Entry{"ceiling", "预算上限", "Budget ceiling"},
    Entry{"shortfall", "预期缺口", "Expected shortfall"},
    Entry{"totals", "年度支出总额", "Total outlay per year"},
    Entry{"fan_desc", "图中阴影带为 P5–P95 区间，实线为 P50，圆点为均值，虚线为预算上限。金额单位：万元。",
          "The band spans P5–P95, the line is P50, dots are means, dashed lines are budget ceilings. Amounts "
          "in "
          "10 000 yuan."},
    Entry{"by_clause", "按文件、条款、支持项目和支付单位的支出",
          "Outlays by document, article, benefit and payer"},
    Entry{"document", "文件", "Document"},
    Entry{"article", "条款", "Article"},
    Entry{"clause", "条款标识", "Clause"},
    Entry{"benefit", "支持项目", "Benefit"},
    Entry{"unit", "单位", "Unit"},
    Entry{"recipient", "受益主体", "Recipient"},
    Entry{"ceilings", "预算上限及超出概率", "Budget ceilings and the chance they are exceeded"},
    Entry{"budget", "预算", "Budget"},
    Entry{"demand_vs_ceiling", "：支出需求与预算上限", ": demand against the ceiling"},
    Entry{"by_unit", "按付款单位的支出", "Outlays by paying unit"},
    Entry{"by_recipient", "按受益主体的支出", "Outlays by recipient"},
    Entry{"steps", "步骤数", "Steps"},
    Entry{"earliest_finish", "最早完成", "Earliest finish"},
    Entry{"sensitivity", "敏感性分析（龙卷风图）", "Sensitivity (tornado)"},
    Entry{"tornado_desc", "每一行为一个输入取低值与高值时的支出总额，按影响大小排序。金额单位：万元。",
          "Each row is the total outlay with one input at its low and its high value, ranked by swing. "
          "Amounts in "
          "10 000 yuan."},
    Entry{"input", "输入", "Input"},
    Entry{"low", "低值", "Low"},
    Entry{"high", "高值", "High"},
    Entry{"total_low", "低值时总额", "Total at low"},
    Entry{"total_high", "高值时总额", "Total at high"},
    Entry{"swing", "影响幅度", "Swing"},
    Entry{"compare", "情景对比（相对基准）", "What-if against the baseline"},
    Entry{"compare_desc", "柱为均值差异，线段为 P5–P95 区间（共同随机数）。金额单位：万元。",
          "Bars are mean differences, whiskers P5–P95 (common random numbers). Amounts in 10 000 yuan."},
    Entry{"difference", "差异", "Difference"},
    Entry{"tasks", "任务完成概率", "Tasks: chance of meeting the deadline"},
    Entry{"task", "任务", "Task"},
    Entry{"deadline", "截止日期", "Deadline"},
    Entry{"p_on_time", "按期完成概率", "P(on time)"},
    Entry{"criticality", "关键性指数", "Criticality"},
    Entry{"p80", "P80", "P80"},
    Entry{"p90", "P90", "P90"},
    Entry{"start", "开始", "Start"},
    Entry{"gantt", "甘特图：任务表中按期风险最高的任务", "Gantt chart: the riskiest rows of the task tables"},
    Entry{"procedure_gantt", " 程序甘特图（按开始时间）", " procedure: Gantt chart (in order of start)"},
    Entry{"gantt_desc",
          "深色条为开始至 P50 完成，浅色延伸至 P90，红色竖线为截止日期，红框为关键路径上的任务。",
          "Dark bars run from start to the P50 finish, light bars to P90; red ticks are deadlines; red "
          "outlines "
          "mark the critical path."},
    Entry{"critical_path", "关键路径", "Critical path"},
    Entry{"order", "顺序", "Order"},
    Entry{"procedures", "程序完成日期", "Procedures: end dates"},
    Entry{"procedure", "程序（首个步骤）", "Procedure (first step)"},
    Entry{"target", "期限（文件有效期末）", "Limit (the document's last day)"},
    Entry{"workload", "各单位每月在办任务数（热力图）", "Active tasks per unit and month (heat map)"},
    Entry{"heat_desc", "颜色越深，该单位当月在办任务越多。", "Darker cells: more active tasks that month."},
    Entry{"month", "月份", "Month"},
    Entry{"active_tasks", "在办任务数", "Active tasks"},
    Entry{"files", "规则文件", "Rules files"},
    Entry{"path", "路径", "Path"},
    Entry{"sha256", "SHA-256", "SHA-256"},
    Entry{"scenario", "情景文件", "Scenario"},
    Entry{"builtin", "内置基准情景", "built-in baseline"},
    Entry{"seed", "随机种子", "Seed"},
    Entry{"trials", "模拟次数", "Trials"},
    Entry{"version", "lexsim 版本", "lexsim version"},
    Entry{"generated", "生成时间", "Generated"},
    Entry{"data", "数据表", "Data"},
    Entry{"wan", "万元", "10k yuan"},
    Entry{"more_rows", "完整数据见下表及电子表格。", "The full data is in the table below and the workbook."},
};

} // namespace

std::string_view word(Lang lang, std::string_view key) {
    for (const Entry& e : entries)
        if (e.key == key)
            return lang == Lang::Zh ? e.zh : e.en;
    return key;
}

} // namespace lexsim::report::detail
