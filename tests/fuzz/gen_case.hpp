#pragma once
// Structure-aware rules files (issue 10): bytes are read as decisions that write a syntactically valid rules
// file at the scale where the loader's classes of failure live — many clauses and tasks, long
// `after` chains, long `and`/`+` chains (past the 1000-high limit too), deep parentheses (past 64), large
// enums, extreme and over-long numbers, examples. Shared by lexsim_gen_fuzzer and the ordinary test suite.
#include "arith_case.hpp"

#include <string>

namespace lexsim::fuzz {

class RulesGenerator {
public:
    explicit RulesGenerator(Decisions& d) : m_d(d) {}

    std::string rules_file() {
        // One file in four is hostile: extreme literals and dates, durations past the limit. The others use
        // ordinary values, so that a file of thousands of clauses still loads and reaches the evaluator.
        m_hostile = m_d.pick(4) == 0;
        std::string out = "document d0 { number \"通政发〔2024〕" + std::to_string(1 + m_d.pick(99)) +
                          "号\" issued " + date() + (m_d.pick(4) == 0 ? " expires 2999-12-31" : "") + " }\n";
        out += shared();
        out += tasks();
        out += clauses("d0");
        if (m_d.pick(2) == 0)
            out += example();
        return out;
    }

private:
    //! A count from a few to a few thousand: the scale classes need long files, not only odd ones.
    size_t count(size_t small) {
        switch (m_d.pick(8)) {
        case 0:
            return 200 + m_d.pick(256) * 8; // up to ~2000
        case 1:
            return 1000 + m_d.pick(256) * 20; // up to ~6000
        default:
            return m_d.pick(small + 1);
        }
    }

    //! Mostly a valid date in the corpus's years; one time in eight one at or past the calendar's ends.
    std::string date() {
        static const char* const ordinary[] = {"2024-01-01", "2024-02-29", "2024-06-30", "2025-12-31",
                                               "2023-12-31"};
        static const char* const extreme[] = {"1900-01-01", "2999-12-31", "2024-13-01", "2100-02-29"};
        return m_hostile && m_d.pick(8) == 0 ? extreme[m_d.pick(std::size(extreme))]
                                             : ordinary[m_d.pick(std::size(ordinary))];
    }

    std::string shared() {
        std::string out = "unit \"区发展改革委\"\n";
        out += "enum level { ";
        size_t members = m_d.pick(4) == 0 ? count(4) + 1 : 2 + m_d.pick(4);
        for (size_t i = 0; i < members; ++i)
            out += (i ? ", m" : "m") + std::to_string(i);
        out += " }\n";
        out += "entity firm \"企业\" {\n  a \"投入\" : money\n  b : money\n  n : int\n  r : rate\n"
               "  x : number\n  lv : level\n  ok : bool\n  since : date\n";
        if (m_d.pick(3) == 0)
            out += "  assume a >= " + money_literal() + "\n";
        out += "}\nbenefit award \"奖励\"\nbenefit other\n";
        out += "param cap \"上限\" : money in 0 CNY .. " + money_literal() + "\n";
        out += "param rate_p : rate\n";
        out += "measure done \"完成\" : int unit \"个\"\n";
        return out;
    }

    //! Mostly ordinary digits, so that most files load and reach the evaluator and the formatter; one time
    //! in eight an extreme one (too large, too precise, at the 64-bit edge).
    std::string digits() {
        static const char* const ordinary[] = {"0", "1", "3", "7", "10", "99", "1000", "1000000", "0.5"};
        return m_hostile && m_d.pick(8) == 0 ? extreme_digits[m_d.pick(std::size(extreme_digits))]
                                             : ordinary[m_d.pick(std::size(ordinary))];
    }

    std::string whole() {
        static const char* const ordinary[] = {"0", "1", "7", "1000", "3037000500"};
        return m_hostile && m_d.pick(8) == 0 ? "9223372036854775807"
                                             : ordinary[m_d.pick(std::size(ordinary))];
    }

    std::string money_literal() {
        static const char* units[] = {" 元", " 万元", " 亿元", " CNY"};
        static const char* const ordinary[] = {"0", "1", "3", "10", "99", "1000", "0.5"};
        if (m_hostile && m_d.pick(8) == 0)
            return std::string(extreme_digits[m_d.pick(std::size(extreme_digits))]) + units[m_d.pick(4)];
        return std::string(ordinary[m_d.pick(std::size(ordinary))]) + units[m_d.pick(std::size(units))];
    }

    std::string number_literal() {
        std::string v = digits();
        return m_d.pick(4) == 0 ? v + "%" : v;
    }

    //! A money expression; `depth` counts the nesting, which may pass the 64-level limit on purpose.
    std::string money(int depth) {
        if (depth > 80)
            return "a";
        switch (m_d.pick(depth > 3 ? 3 : 9)) {
        case 0:
            return "a";
        case 1:
            return money_literal();
        case 2:
            return "cap";
        case 3:
            return "(" + money(depth + 1) + ")";
        case 4:
            return money(depth + 1) + (m_d.pick(2) ? " + " : " - ") + money(depth + 1);
        case 5:
            return digits() + "% of " + money(depth + 1);
        case 6:
            return money(depth + 1) + " / " + (m_d.pick(2) ? "n" : number_literal());
        case 7:
            return std::string(m_d.pick(2) ? "min(" : "max(") + money(depth + 1) + ", " + money(depth + 1) +
                   ")";
        default:
            return chain(" + ", [&] { return m_d.pick(2) ? std::string("a") : money_literal(); });
        }
    }

    //! A chain of n terms: long enough (sometimes) to pass the 1000-operator limit.
    template <class Term>
    std::string chain(const char* op, Term term) {
        size_t n = 1 + count(6);
        std::string out = term();
        for (size_t i = 1; i < n; ++i)
            out += op + term();
        return out;
    }

    std::string condition(int depth) {
        switch (m_d.pick(depth > 3 ? 4 : 8)) {
        case 0:
            return money(depth + 1) + " >= " + money(depth + 1);
        case 1:
            return "lv in {m0, m1}";
        case 2:
            return "ok";
        case 3:
            return "since < " + date();
        case 4:
            return chain(m_d.pick(2) ? " and " : " or ", [&] { return condition(depth + 4); });
        case 5: {
            // Deep parentheses, sometimes past the 64-level limit.
            size_t levels = m_hostile ? 60 + m_d.pick(10) : m_d.pick(60);
            return std::string(levels, '(') + "n * n > " + whole() + std::string(levels, ')');
        }
        case 6:
            return "not (" + condition(depth + 1) + ")";
        default:
            return "x * r > " + number_literal() + " and n + 1 > " + whole();
        }
    }

    std::string clauses(const std::string& doc) {
        std::string out;
        size_t n = count(5);
        for (size_t i = 0; i < n; ++i) {
            std::string id = "c" + std::to_string(i);
            out += "clause " + id + " {\n  article \"第" + std::to_string(i) + "条\"\n  applies to firm\n";
            if (m_d.pick(4) != 0)
                out += "  when " + condition(0) + "\n";
            out += "  grant " + std::string(m_d.pick(2) ? "award" : "other") +
                   (m_d.pick(2) ? " up to " : " ") + money(0) + (m_d.pick(3) == 0 ? " per year" : "") + "\n";
            if (i > 0 && m_d.pick(6) == 0)
                out += "  excludes " + doc + ".c" + std::to_string(m_d.pick(i)) + "\n";
            out += "}\n";
        }
        return out;
    }

    std::string tasks() {
        std::string out;
        size_t n = count(4);
        bool chained = m_d.pick(2) == 0; // a long `after` chain, each task after the one before
        for (size_t i = 0; i < n; ++i) {
            out += std::string(m_d.pick(3) ? "task" : "step") + " t" + std::to_string(i) +
                   " {\n  article \"" + std::to_string(i) + "\"\n  text \"任务\"\n  owner \"区发展改革委\"\n";
            if (i > 0 && (chained || m_d.pick(3) == 0))
                out += "  after t" + std::to_string(chained ? i - 1 : m_d.pick(i)) + "\n";
            if (m_d.pick(2))
                out += "  duration " +
                       std::to_string(m_hostile && m_d.pick(8) == 0 ? 1'000'001 : 1 + m_d.pick(30)) +
                       (m_d.pick(2) ? " days" : " workdays") + "\n";
            out += "  deadline " + (m_d.pick(3) ? date() : std::string("none")) + " \"期限\"\n";
            if (m_d.pick(5) == 0)
                out += "  target done >= " + whole() + " by " + date() + "\n";
            out += "}\n";
        }
        return out;
    }

    std::string example() {
        return "example e {\n  on " + date() + "\n  given firm { a = " + money_literal() +
               ", n = " + whole() + " }\n  params { rate_p = 10% }\n  expect award = " + money_literal() +
               "\n}\n";
    }

    Decisions& m_d;
    bool m_hostile = false;
};

} // namespace lexsim::fuzz
