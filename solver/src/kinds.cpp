// The finding kinds: codes, summaries and explanations (`lexsim explain-finding`, SARIF rules, docs).
#include "lexsim/solver/report.hpp"

#include <algorithm>
#include <cctype>

namespace lexsim::solver {

// Over 80 lines: a table, one entry per finding kind.
// NOLINTNEXTLINE(readability-function-size)
const std::vector<KindInfo>& finding_kinds() {
    static const std::vector<KindInfo> kinds = {
        {"cap-conflict", "LX101", "Comparable ceilings for one benefit differ in the same situation",
         "同一情形下同一支持事项的可比上限不一致",
         "Two or more clauses in force at the same time pay one benefit to the same situation, and at least "
         "two of their ceilings can be compared (both fixed amounts, or both shares of the same base) and "
         "differ. If only one ceiling is meant, the texts do not say which; if both may be received, the "
         "finding also states the combined maximum. Fix: say which ceiling governs (`exclusive with`, "
         "`excludes`, a narrower condition), or state that the supports may be combined.",
         "两条或多条同时有效的条款对同一情形给予同一支持事项，且其中至少两个上限可以比较（都是固定金额，或都"
         "是同一"
         "基数的比例）而数额不同。若只应适用一个上限，文本未说明以哪一个为准；若可重复享受，本发现同时给出合"
         "计最高"
         "额。处理：写明以哪一条为准（`exclusive with`、`excludes` 或更窄的条件），或写明可以叠加享受。"},
        {"double-funding", "LX102",
         "One benefit can be paid twice for one situation without an exclusivity rule",
         "同一情形可重复享受同一支持事项，且未规定不得重复",
         "Two or more clauses pay one benefit to the same situation and nothing says whether both may be "
         "received. The finding lists each clause's amount and the combined maximum (per year for yearly "
         "grants, or unbounded when an amount grows with an input); when the amounts are shares of one base "
         "that can together exceed the base, it says so too. Ceilings on different bases are not compared: "
         "that is a question of stacking, not a conflict. Fix: `exclusive with` (the higher amount wins), "
         "`excludes`, or a sentence in the text that the supports may be combined.",
         "两条或多条条款对同一情形给予同一支持事项，文本未规定能否重复享受。本发现列出各条款的金额和合计最高"
         "额（按年"
         "支付的按每年计；金额随输入增长时为无上限）；若各项是同一基数的比例且合计可超过基数本身，也一并说明"
         "。不同"
         "基数的上限不作比较：那是叠加问题，不是冲突。处理：`exclusive "
         "with`（取高者）、`excludes`，或在文本中写明"
         "可以叠加享受。"},
        {"stacking", "LX103", "Percentage grants on one base can add up to more than the base",
         "按同一基数比例给予的支持合计可超过基数本身",
         "Several grants take a share of the same money attribute (70% of the regional contribution, 70% of "
         "the part above a standard) and can apply together so that their sum exceeds the attribute itself. "
         "When the grants all pay one benefit this is reported as a reading of that benefit's double-funding "
         "finding. Fix: cap the combined support (\"合并计算不超过…\") or make the cases exclusive.",
         "多项支持按同一金额属性的比例计算（如年度区域贡献的 70%、超过既定标准部分的 "
         "70%），可以同时适用，合计超过"
         "该属性本身。若这些支持属于同一支持事项，则作为该事项重复支付发现的一种解读报告。处理：规定合并计算"
         "的上限"
         "（“合并计算不超过…”），或使各情形互斥。"},
        {"coverage-gap", "LX201", "Values of an enumerated domain that no clause of a rule family covers",
         "某一规则族的条款未覆盖枚举中的若干取值",
         "A family of clauses sets a range on one measure and splits its cases on an enumerated attribute, "
         "but some values of that attribute are covered by no clause while the family is in force. All "
         "uncovered values are listed in one finding. A value covered only by a document that has expired is "
         "a gap after its expiry. Fix: add the missing values to a clause, or state what applies to them.",
         "一组条款对同一指标规定取值范围，并按某一枚举属性区分情形，但在这些条款有效期间，该属性的若干取值没"
         "有任何条"
         "款覆盖。所有未覆盖的取值在一个发现中列出。仅由已失效文件覆盖的取值，在失效后即为缺口。处理：把缺少"
         "的取值"
         "写入某一条款，或写明它们适用什么。"},
        {"range-overlap", "LX202", "Ranges set for mutually exclusive cases overlap or touch",
         "互斥情形的取值范围重叠或相接",
         "Two clauses in force at the same time set ranges on one measure for cases that never meet, yet the "
         "ranges share values, so a value does not tell which case it belongs to. Ranges that only touch at "
         "an end point (\"0.4－0.6左右\" and \"0.6－0.8左右\") are a note; ranges that share an interval are "
         "a "
         "warning. Fix: make one end open or say which case a boundary value belongs to.",
         "两条同时有效的条款对互不相交的情形规定同一指标的取值范围，但范围有共同取值，仅凭数值无法判断属于哪"
         "一情形。"
         "只在端点相接的（如“0.4－0.6左右”与“0.6－0."
         "8左右”）为提示；有一段区间重叠的为警告。处理：使一端为开区间，"
         "或写明端点值属于哪一情形。"},
        {"vacuous", "LX301", "A clause whose condition can never hold while its document is in force",
         "条款的适用条件在文件有效期内不可能成立",
         "No situation satisfies the clause's condition on any date its document is in force: usually a "
         "contradiction in the condition, a date window outside the document's life, or an impossible "
         "combination of values. Fix: correct the condition or remove the clause.",
         "在文件有效期内的任何日期，都没有情形满足该条款的适用条件：通常是条件自相矛盾、日期窗口在文件有效期"
         "之外，"
         "或取值组合不可能。处理：修正条件或删除该条款。"},
        {"shadowed", "LX302", "A clause that never takes effect because others exclude or supersede it",
         "条款因被其他条款排除或取代而永远不会生效",
         "The clause can apply, but whenever it does another clause excludes it or wins an `exclusive with` "
         "choice, so it never takes effect. The finding cites the clause that takes precedence. Fix: remove "
         "the dead clause or narrow the one that overrides it.",
         "该条款可以适用，但每当它适用时都被另一条款排除或在 `exclusive with` "
         "中落选，因而永远不会生效。本发现引用"
         "优先的条款。处理：删除该条款，或收窄优先条款的条件。"},
        {"temporal", "LX401", "Validity in time: stale references, dates outside a document's life, overlaps",
         "时效问题：引用失效文件、日期超出文件有效期、文件重叠",
         "A clause refers to a document that is repealed or expired while the clause is in force (an error "
         "when already so on its first day); a clause's dates or a task's deadline lie outside its "
         "document's life (a deadline that passed before the document was issued is a note: a historical "
         "phase); a document's own header contradicts itself (it expires before it takes effect); or two "
         "documents in force together grant one benefit with no tie-break (a note, folded into the benefit's "
         "double-funding finding when there is one). Fix: update the reference or the dates, or state the "
         "tie-break.",
         "条款引用的文件在条款有效期间已废止或失效（条款生效当日即已如此的为错误）；条款日期或任务期限超出文"
         "件有效期"
         "（文件印发前已结束的阶段为提示：属历史阶段）；文件自身的时效规定自相矛盾（失效早于生效）；或两个同"
         "时有效的"
         "文件给予同一支持事项且无取舍规则（提示；若该事项已有重复支付发现，则并入该发现）。处理：更新引用或"
         "日期，或"
         "写明取舍规则。"},
        {"target-mismatch", "LX501", "Two documents set different or contradictory targets for one measure",
         "两个文件对同一指标设定的目标不同或相互矛盾",
         "Targets on one measure from different documents are compared: if no single value meets both the "
         "finding is an error (contradictory targets); if they differ in value, comparison or date, a "
         "warning. Fix: check whether the two texts count the same thing; if not, split the measure.",
         "比较不同文件对同一指标设定的目标：没有任何数值能同时满足的为错误（目标矛盾）；数值、比较方式或期限"
         "不同的为"
         "警告。处理：核对两份文本统计的是否同一口径；若不是，拆分指标。"},
        {"deadline-infeasible", "LX601",
         "Tasks whose minimum durations and orderings cannot meet their deadlines",
         "任务的最短工期和先后顺序无法满足期限",
         "Tasks linked by `after`, with their minimum durations and start dates, cannot all end by their "
         "deadlines; the finding cites a minimal set of tasks and the earliest possible end. A cycle of "
         "`after` edges is reported too. Fix: move a deadline or a start, or drop an ordering the text does "
         "not state.",
         "由 `after` "
         "相连的任务，按其最短工期和开始日期，无法全部在期限内完成；本发现引用最小的任务集合和最早可能完成"
         "日期。`after` 形成循环的也会报告。处理：调整期限或开始日期，或删除文本未规定的先后顺序。"},
        {"internal-error", "LX901", "The evaluator disagreed with a solver witness (a bug in lexsim)",
         "求解器给出的反例与求值器结果不一致（lexsim 的缺陷）",
         "Every witness is re-run through the evaluator that `lexsim explain` uses; when the two disagree, "
         "or Z3 fails, lexsim reports this error rather than a finding it cannot stand behind. Please report "
         "it with the rules files.",
         "每个反例都会用 `lexsim explain` 所用的求值器复核；两者不一致或 Z3 出错时，lexsim "
         "报告此错误，而不报告无法"
         "确认的发现。请连同规则文件一并反馈。"},
    };
    return kinds;
}

const KindInfo* find_kind(const std::string& id_or_code) {
    std::string upper = id_or_code;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
    for (const auto& k : finding_kinds())
        if (id_or_code == k.id || upper == k.code)
            return &k;
    return nullptr;
}

} // namespace lexsim::solver
