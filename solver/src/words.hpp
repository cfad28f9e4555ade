#pragma once
// The words of findings: the rules' own labels, money in 元/万元/亿元, amounts as formulas in words, in
// Chinese or English. Every message of lexsim check is written with these, so the corpus's labels are the
// only vocabulary a reader meets.
#include "lexsim/rules/ast.hpp"
#include "lexsim/solver/findings.hpp"

#include <string>

namespace lexsim::solver::detail {

class Words {
public:
    Words(const rules::RuleSet& rs, Lang lang) : m_rs(rs), m_zh(lang == Lang::Zh) {}

    bool zh() const { return m_zh; }
    //! The Chinese or the English text, as the language asks.
    const std::string& pick(const std::string& zh, const std::string& en) const { return m_zh ? zh : en; }

    //! "500 万元", "1.5 亿元", "14000 元", "12.50 元".
    static std::string money(int64_t fen);
    //! A label without its parenthesised gloss: "创新平台支持（首次认定…）" → "创新平台支持".
    static std::string short_label(const std::string& label);

    //! Names for people: the short label in Chinese (the name when there is none), the name in English.
    std::string benefit(int32_t b) const;
    std::string measure(int32_t m) const;
    std::string param(int32_t p) const;
    std::string attr(int32_t entity, int32_t slot) const;
    std::string entity(int32_t entity) const;
    std::string member(int32_t enum_id, int64_t value) const;
    //! A value of type `t`: money as money(), a rate as a coefficient (0.6), a bool as 是/否, an enum
    //! member by its label.
    std::string value(rules::Type t, int64_t v) const;
    //! An amount expression in words: "年度区域贡献的 70%", "年度区域贡献超过既定标准的部分的 70%".
    std::string formula(rules::ExprId id, int32_t entity) const;
    //! A condition in words: "研发投入大于 0 元", "孵化平台为现有、新建之一"; the rule text in English.
    std::string condition(rules::ExprId id, int32_t entity) const;
    //! A grant's amount: "最高 500 万元，每年，连续 3 年" / "up to 500 万元 per year for 3 years".
    std::string grant(const rules::Grant& g, int32_t entity) const;
    //! "通政发〔2024〕8号 （九）".
    std::string cite(rules::ClauseId clause) const;
    //! Items joined with "、" (Chinese) or ", " (English).
    std::string list(const std::vector<std::string>& items) const;

private:
    const rules::RuleSet& m_rs;
    bool m_zh;
};

} // namespace lexsim::solver::detail
