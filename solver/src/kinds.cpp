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
         "`excludes`, a narrower condition), or state that the supports may be combined. The other supports "
         "the same documents pay twice are listed in the same finding, one reading each.",
         "两条或多条同时有效的条款对同一情形给予同一支持事项，且其中至少两个上限可以比较（都是固定金额，或都"
         "是同一"
         "基数的比例）而数额不同。若只应适用一个上限，文本未说明以哪一个为准；若可重复享受，本发现同时给出合"
         "计最高"
         "额。处理：写明以哪一条为准（`exclusive with`、`excludes` 或更窄的条件），或写明可以叠加享受。"
         "同一组文件重复给予的其他支持事项列在同一条发现中，每项一条说明。"},
        {"double-funding", "LX102",
         "One benefit can be paid twice for one situation without an exclusivity rule",
         "同一情形可重复享受同一支持事项，且未规定不得重复",
         "Two or more clauses pay one benefit to the same situation and nothing says whether both may be "
         "received. The finding lists each clause's amount and the combined maximum (per year for yearly "
         "grants, or unbounded when an amount grows with an input); when the amounts are shares of one base "
         "that can together exceed the base, it says so too. Ceilings on different bases are not compared: "
         "that is a question of stacking, not a conflict. Fix: `exclusive with` (the higher amount wins), "
         "`excludes`, or a sentence in the text that the supports may be combined. The benefits one set of "
         "documents pays twice are one finding, one reading per benefit.",
         "两条或多条条款对同一情形给予同一支持事项，文本未规定能否重复享受。本发现列出各条款的金额和合计最高"
         "额（按年"
         "支付的按每年计；金额随输入增长时为无上限）；若各项是同一基数的比例且合计可超过基数本身，也一并说明"
         "。不同"
         "基数的上限不作比较：那是叠加问题，不是冲突。处理：`exclusive "
         "with`（取高者）、`excludes`，或在文本中写明"
         "可以叠加享受。同一组文件重复给予的多项支持合为一条发现，每项支持一条说明。"},
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
        {"grant-requirement", "LX110",
         "A grant that another document in force at the same time forbids or requires otherwise",
         "支持条款的适用情形违反同时有效的另一文件的规定",
         "A clause of one document grants a benefit in cases that a requirement or prohibition of another "
         "document, in force at the same time, does not allow. An error when the grant can never be received "
         "lawfully while the other document is in force; a warning when some of its cases break the other "
         "rule and the two speak of a common attribute. The witness is a case that receives the grant and "
         "breaks the rule. Fix: align the texts, or say that the grant is an exception to the other rule.",
         "某文件的条款在另一文件同时有效的要求或禁止性规定所不允许的情形下给予支持。若在另一文件有效期间该支"
         "持根本无法合规享受，为错误；若只有部分情形违反，且两者涉及同一属性，为警告。反例是一个享受该支持而"
         "违反该规定的情形。处理：统一两份文本，或写明该支持是另一规定的例外。"},
        {"cost-double-funding", "LX108", "Two different benefits can pay for the same underlying cost",
         "两项不同的支持可为同一成本重复给予",
         "Benefits that say they compensate one cost (`benefit … compensates COST`: the interest on one "
         "loan, "
         "the loss on one loan, one rent, one investment) can both be paid for the same situation, in "
         "clauses in force together, and nothing says whether both may be received. The finding lists each "
         "clause's amount and the combined maximum, with a witness re-run through the evaluator. Fix: "
         "`exclusive with` or `excludes` between the clauses, a sentence that the supports may be combined, "
         "or a deduction (\"已享受…的，不再…\").",
         "声明补偿同一成本的支持（`benefit … compensates COST`：同一笔贷款的利息、同一笔贷款的损失、同一笔租"
         "金、同一项投资）可在同时有效的条款下对同一情形都给予，文本未规定能否重复享受。本发现列出各条款的金"
         "额"
         "和合计最高额，反例经求值器复核。处理：在条款间写明 `exclusive with` 或 "
         "`excludes`，写明可以叠加享受，"
         "或规定扣减（“已享受…的，不再…”）。"},
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
        {"class-conflict", "LX210",
         "One case put into two different classes or ranges by clauses in force together",
         "同时有效的条款把同一情形划入不同类别或取值范围",
         "Two clauses in force at the same time can apply to the same case and set ranges on one measure "
         "that share no value (a town listed in two rings: an error) or that overlap with neither containing "
         "the other (a warning). A range inside another is a refinement, not a conflict; ranges for cases "
         "that never meet are range-overlap (LX202). Fix: make the cases exclusive or say which range "
         "governs.",
         "两条同时有效的条款可适用于同一情形，却对同一指标规定没有共同取值的范围（如同一乡镇列入两个圈层，为"
         "错误），或部分重叠、互不包含的范围（为警告）。一个范围包含在另一个之内属于细化，不是冲突；互不相交"
         "情形的范围见 range-overlap（LX202）。处理：使情形互斥，或写明以哪个范围为准。"},
        {"class-unused", "LX211", "A classification that no clause's condition or amount depends on",
         "没有任何条款的条件或金额依赖的分类",
         "Clauses put each case into one of several classes of a measure (a ring 1, 2 or 3) by some "
         "attributes, but no other clause's condition, amount, requirement or range reads those attributes: "
         "the classes decide nothing. A note: the text may mean them for a rule it has not written. Fix: "
         "state what differs by class, or leave the classes as description.",
         "若干条款按某些属性把情形划入某一指标的不同类别（如第一、二、三圈层），但其他条款的条件、金额、要求"
         "或范围都不读取这些属性：分类没有任何作用。提示：文本可能打算据此作出尚未写明的规定。处理：写明各类"
         "别有何不同，或把分类仅作说明。"},
        {"condition-gap", "LX212", "A case between or beside cases the clauses cover, that none covers",
         "条款覆盖了两侧的情形，中间或另一侧的情形却无条款覆盖",
         "Clauses of one family (one benefit or measure, one document, one kind of entity) split their cases "
         "on a number or a yes/no attribute, and a case is left out: a value between two covered values with "
         "everything else the same (bands with a hole), or one side of a yes/no attribute the family tests "
         "on both sides elsewhere. The witness is the uncovered case. Fix: extend a band or a clause to the "
         "case, or state what applies to it.",
         "同一组条款（同一支持事项或指标、同一文件、同一类对象）按数值或是否属性区分情形，却遗漏了某一情形："
         "其他条件相同时，介于两个被覆盖数值之间的数值（分档中间有空档），或该组条款在别处两侧都有规定的是否"
         "属性的一侧。反例即未被覆盖的情形。处理：把分档或条款延伸到该情形，或写明其适用什么。"},
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
        {"beyond-validity", "LX410",
         "A document governs things that happen after it expires, with no successor",
         "文件规定的事项发生在其有效期之后，且无后续文件",
         "A document with a last day (有效期至, 试行期) has clauses that schedule dates of an entity after "
         "that "
         "day (a renewal application due a year before a contract ends, recovery when it ends), pay a grant "
         "for years past it, or set targets due after it, and no document repeals it to carry them on. Task "
         "deadlines after the last day are temporal (LX401). Fix: extend the document's validity, name its "
         "successor, or say which rules govern later.",
         "有有效期（有效期至、试行期）的文件，其条款规定了晚于有效期的事项：按对象的日期规定义务（如届满前一"
         "年申请续期、届满时收回），跨越有效期的多年支付，或有效期后才到期的目标，且没有文件废止并接续本文件"
         "。任务期限晚于有效期的见 "
         "temporal（LX401）。处理：延长有效期、指明后续文件，或写明此后适用的规定。"},
        {"target-mismatch", "LX501", "Two documents set different or contradictory targets for one measure",
         "两个文件对同一指标设定的目标不同或相互矛盾",
         "Targets on one measure from different documents are compared: if no single value meets both the "
         "finding is an error (contradictory targets); if they differ in value, comparison or date, a "
         "warning. Fix: check whether the two texts count the same thing; if not, split the measure.",
         "比较不同文件对同一指标设定的目标：没有任何数值能同时满足的为错误（目标矛盾）；数值、比较方式或期限"
         "不同的为"
         "警告。处理：核对两份文本统计的是否同一口径；若不是，拆分指标。"},
        {"task-mismatch", "LX520",
         "The same task in two documents with different lead units, officials or years",
         "同一任务在两份文件中的责任单位、牵头领导或完成年度不同",
         "Two task rows of different documents are the same task when they set a target on the same measure "
         "or their texts are nearly the same (character bigrams, Dice coefficient at least 0.6). The finding "
         "reports them when both name lead units and share none, both name lead officials and share none, or "
         "both are due in different years. Fix: align the tables, or split the task if they are two.",
         "不同文件的两行任务，若对同一指标设定目标，或文字几乎相同（字符二元组 Dice 系数不低于 "
         "0.6），视为同一任务。若两者都列明责任单位却无一相同、都列明牵头领导却无一相同，或完成年度不同，则"
         "报告。处理：统一两份任务表；若实为两项任务，则分开表述。"},
        {"target-behind", "LX508", "A target below a result the documents report for an earlier year",
         "目标落后于文件报告的往年实绩",
         "A target (`>=`, `>`, `==`, `about`: more is better; `<=`, `<`: less is better) can be met by a "
         "value "
         "worse than a result reported for an earlier year (`reported MEASURE = VALUE at DATE`) on the same "
         "measure. Each target is compared with the latest result reported before the year it is set for; a "
         "target whose value the text leaves open is not compared. The witness is a value that meets the "
         "target and is worse than the result. Fix: check that the two figures count the same thing (if not, "
         "split the measure); if they do, raise the target or say why it is lower.",
         "某一目标（`>=`、`>`、`==`、`about` 以高为好；`<=`、`<` "
         "以低为好）可由一个比同一指标往年已报告实绩（`reported MEASURE = VALUE at "
         "DATE`"
         "）更差的数值达到。每个目标与其所定年份之前最近一次报告的实绩比较；文本未给出数值的目标不比较。反"
         "例是一个达到目标但差于实绩的数值。处理：核对两个数字是否同一口径（若不是，拆分指标）；若是，提高目"
         "标或"
         "说明目标较低的原因。"},
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
        {"deadline-inconsistent", "LX610", "A task row's deadline disagrees with its own text, or is missing",
         "任务的完成时限与其内容中的日期不一致，或缺失",
         "A task row is due earlier than an end date written in its own text (\"力争 2024 年 9 月底前\" in a "
         "row "
         "due in June), or the deadline cell of some rows is blank in a table whose other rows have one (a "
         "table with no deadline column at all is not reported). Fix: correct the date or fill in the "
         "cell.",
         "任务的完成时限早于其任务内容中写明的截止日期，或某任务表中大多数行都有完成时限、个别行的完成时限栏"
         "却空白（整张表没有完成时限栏的不报告）。处理：更正日期或补填完成时限。"},
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
