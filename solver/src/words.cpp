#include "words.hpp"

#include "lexsim/rules/calendar.hpp"
#include "lexsim/solver/report.hpp"

namespace lexsim::solver::detail {

namespace {

//! `v / scale` (a power of ten) in decimals, trailing zeros dropped: 600000 / 10^6 → "0.6".
std::string decimal(int64_t v, int64_t scale) {
    size_t digits = 0;
    for (int64_t s = scale; s > 1; s /= 10)
        ++digits;
    bool neg = v < 0;
    uint64_t a = neg ? static_cast<uint64_t>(-(v + 1)) + 1 : static_cast<uint64_t>(v);
    auto s = static_cast<uint64_t>(scale);
    std::string out = (neg ? "-" : "") + std::to_string(a / s);
    uint64_t frac = a % s;
    if (frac == 0)
        return out;
    std::string f = std::to_string(frac);
    f.insert(0, digits - f.size(), '0');
    while (!f.empty() && f.back() == '0')
        f.pop_back();
    return out + "." + f;
}

} // namespace

std::string Words::money(int64_t fen) {
    constexpr int64_t wan = 10'000 * rules::fen_per_yuan, yi = 10'000 * wan;
    if (fen != 0 && fen % (yi / 10) == 0 && (fen >= yi || fen <= -yi))
        return decimal(fen, yi) + " 亿元";
    if (fen != 0 && fen % (wan / 100) == 0 && (fen >= wan || fen <= -wan))
        return decimal(fen, wan) + " 万元";
    return decimal(fen, rules::fen_per_yuan) + " 元";
}

std::string Words::short_label(const std::string& label) {
    for (const char* open : {"（", "("}) {
        auto at = label.find(open);
        if (at != std::string::npos && at > 0)
            return label.substr(0, at);
    }
    return label;
}

std::string Words::benefit(int32_t b) const {
    const auto& x = m_rs.benefits[static_cast<size_t>(b)];
    return m_zh && !x.label.empty() ? short_label(x.label) : x.name;
}

std::string Words::measure(int32_t m) const {
    const auto& x = m_rs.measures[static_cast<size_t>(m)];
    return m_zh && !x.label.empty() ? short_label(x.label) : x.name;
}

std::string Words::param(int32_t p) const {
    const auto& x = m_rs.params[static_cast<size_t>(p)];
    return m_zh && !x.label.empty() ? short_label(x.label) : x.name;
}

std::string Words::attr(int32_t entity, int32_t slot) const {
    const auto& a = m_rs.entities[static_cast<size_t>(entity)].attrs[static_cast<size_t>(slot)];
    if (!m_zh)
        return a.name;
    if (!a.label.empty())
        return short_label(a.label);
    if (a.type.kind == rules::TypeKind::Enum &&
        !m_rs.enums[static_cast<size_t>(a.type.enum_id)].label.empty())
        return short_label(m_rs.enums[static_cast<size_t>(a.type.enum_id)].label);
    return a.name;
}

std::string Words::entity(int32_t entity) const {
    const auto& e = m_rs.entities[static_cast<size_t>(entity)];
    return m_zh && !e.label.empty() ? short_label(e.label) : e.name;
}

std::string Words::member(int32_t enum_id, int64_t value) const {
    const auto& en = m_rs.enums[static_cast<size_t>(enum_id)];
    if (value < 0 || static_cast<size_t>(value) >= en.members.size())
        return "?";
    const auto& m = en.members[static_cast<size_t>(value)];
    return m_zh && !m.label.empty() ? m.label : m.name;
}

std::string Words::value(rules::Type t, int64_t v) const {
    switch (t.kind) {
    case rules::TypeKind::Money:
        return money(v);
    case rules::TypeKind::Rate:
    case rules::TypeKind::Number:
        return decimal(v, rules::micro);
    case rules::TypeKind::Bool:
        return m_zh ? (v ? "是" : "否") : (v ? "yes" : "no");
    case rules::TypeKind::Enum:
        return member(t.enum_id, v);
    case rules::TypeKind::Days:
        return std::to_string(v) + (m_zh ? " 日" : " days");
    case rules::TypeKind::Workdays:
        return std::to_string(v) + (m_zh ? " 个工作日" : " working days");
    default:
        return rules::format_value(m_rs, t, v);
    }
}

std::string Words::formula(rules::ExprId id, int32_t entity) const {
    const rules::Expr& e = m_rs.expr(id);
    auto sub = [&](rules::ExprId x) { return formula(x, entity); };
    switch (e.op) {
    case rules::ExprOp::Literal:
        if (e.type.kind == rules::TypeKind::Rate)
            return decimal(e.value, rules::micro / 100) + "%";
        return value(e.type, e.value);
    case rules::ExprOp::Attr:
        return attr(entity, static_cast<int32_t>(e.value));
    case rules::ExprOp::Param:
        return param(static_cast<int32_t>(e.value));
    case rules::ExprOp::Sub:
        return m_zh ? sub(e.a) + "超过" + sub(e.b) + "的部分" : "(" + sub(e.a) + " - " + sub(e.b) + ")";
    case rules::ExprOp::Add:
        return m_zh ? sub(e.a) + "与" + sub(e.b) + "之和" : "(" + sub(e.a) + " + " + sub(e.b) + ")";
    case rules::ExprOp::Mul:
        if (e.value == rules::micro) {
            bool rate_first = m_rs.expr(e.a).type.kind == rules::TypeKind::Rate;
            rules::ExprId rate = rate_first ? e.a : e.b, base = rate_first ? e.b : e.a;
            return m_zh ? sub(base) + "的 " + sub(rate) : sub(rate) + " of " + sub(base);
        }
        return sub(e.a) + " × " + sub(e.b);
    case rules::ExprOp::Max:
        // max(x, 0): "the part above" already reads as at least zero.
        if (e.list_count == 2) {
            auto a = static_cast<rules::ExprId>(m_rs.lists[e.list_begin]);
            auto b = static_cast<rules::ExprId>(m_rs.lists[e.list_begin + 1]);
            if (m_rs.expr(b).op == rules::ExprOp::Literal && m_rs.expr(b).value == 0)
                return sub(a);
        }
        break;
    default:
        break;
    }
    return std::string(m_rs.sources.slice(e.span));
}

std::string Words::condition(rules::ExprId id, int32_t entity) const {
    const rules::Expr& e = m_rs.expr(id);
    if (!m_zh)
        return std::string(m_rs.sources.slice(e.span));
    auto sub = [&](rules::ExprId x) { return condition(x, entity); };
    auto val = [&](rules::ExprId x) { return formula(x, entity); };
    switch (e.op) {
    case rules::ExprOp::Not:
        return "并非" + sub(e.a);
    case rules::ExprOp::And:
        return sub(e.a) + "且" + sub(e.b);
    case rules::ExprOp::Or:
        return sub(e.a) + "或" + sub(e.b);
    case rules::ExprOp::Eq:
        return val(e.a) + "为" + val(e.b);
    case rules::ExprOp::Ne:
        return val(e.a) + "不为" + val(e.b);
    case rules::ExprOp::Lt:
        return val(e.a) + "小于 " + val(e.b);
    case rules::ExprOp::Le:
        return val(e.a) + "不超过 " + val(e.b);
    case rules::ExprOp::Gt:
        return val(e.a) + "大于 " + val(e.b);
    case rules::ExprOp::Ge:
        return val(e.a) + "不低于 " + val(e.b);
    case rules::ExprOp::In: {
        std::vector<std::string> members;
        int32_t enum_id = m_rs.expr(e.a).type.enum_id;
        for (uint32_t i = 0; i < e.list_count; ++i)
            members.push_back(member(enum_id, m_rs.lists[e.list_begin + i]));
        return val(e.a) + "为" + list(members) + (members.size() > 1 ? "之一" : "");
    }
    default:
        return val(id);
    }
}

std::string Words::grant(const rules::Grant& g, int32_t entity) const {
    std::string amount = g.amount == rules::no_expr ? std::string() : formula(g.amount, entity);
    std::string out;
    if (m_zh) {
        bool formula_of_inputs =
            g.amount != rules::no_expr && m_rs.expr(g.amount).op != rules::ExprOp::Literal;
        out = (g.amount_kind == rules::AmountKind::UpTo ? (formula_of_inputs ? "最高为" : "最高 ") : "") +
              amount;
        if (g.per_year)
            out += g.years > 0 ? "，连续 " + std::to_string(g.years) + " 年每年" : "，每年";
    } else {
        out = (g.amount_kind == rules::AmountKind::UpTo ? "up to " : "") + amount;
        if (g.per_year)
            out += " per year";
        if (g.years > 0)
            out += " for " + std::to_string(g.years) + " years";
    }
    return out;
}

std::string Words::cite(rules::ClauseId clause) const {
    const rules::Clause& c = m_rs.clause(clause);
    return m_rs.document(c.document).number + " " + c.article;
}

std::string Words::list(const std::vector<std::string>& items) const {
    std::string out;
    for (const auto& i : items)
        out += (out.empty() ? "" : (m_zh ? "、" : ", ")) + i;
    return out;
}

} // namespace lexsim::solver::detail

namespace lexsim::solver {

std::string money_text(int64_t fen) {
    return detail::Words::money(fen);
}

std::string benefit_text(const rules::RuleSet& rs, const std::string& benefit, Lang lang) {
    auto b = rs.find_benefit(benefit);
    return b ? detail::Words(rs, resolve_lang(rs, lang)).benefit(*b) : benefit;
}

std::string entity_text(const rules::RuleSet& rs, const std::string& entity, Lang lang) {
    auto e = rs.find_entity(entity);
    return e ? detail::Words(rs, resolve_lang(rs, lang)).entity(*e) : entity;
}

std::string condition_text(const rules::RuleSet& rs, rules::ExprId e, int32_t entity, Lang lang) {
    return detail::Words(rs, resolve_lang(rs, lang)).condition(e, entity);
}

std::string formula_text(const rules::RuleSet& rs, rules::ExprId e, int32_t entity, Lang lang) {
    return detail::Words(rs, resolve_lang(rs, lang)).formula(e, entity);
}

std::string value_text(const rules::RuleSet& rs, rules::Type t, int64_t v, Lang lang) {
    return detail::Words(rs, resolve_lang(rs, lang)).value(t, v);
}

std::string attribute_name_text(const rules::RuleSet& rs, int32_t entity, int32_t slot, Lang lang) {
    return detail::Words(rs, resolve_lang(rs, lang)).attr(entity, slot);
}

std::string param_name_text(const rules::RuleSet& rs, int32_t param, Lang lang) {
    return detail::Words(rs, resolve_lang(rs, lang)).param(param);
}

std::string attribute_text(const rules::RuleSet& rs, const std::string& entity, const std::string& attribute,
                           const std::string& value, Lang lang) {
    detail::Words w(rs, resolve_lang(rs, lang));
    auto e = rs.find_entity(entity);
    auto a = e ? rs.find_attribute(*e, attribute) : std::nullopt;
    if (!w.zh() || !a)
        return attribute + " = " + value;
    const rules::Attribute& attr = rs.entities[static_cast<size_t>(*e)].attrs[static_cast<size_t>(*a)];
    std::string shown = value;
    if (attr.type.kind == rules::TypeKind::Enum)
        if (auto m = rs.find_member(attr.type.enum_id, value))
            shown = w.member(attr.type.enum_id, *m);
    if (attr.type.kind == rules::TypeKind::Bool)
        shown = value == "true" ? "是" : value == "false" ? "否" : value;
    return w.attr(*e, *a) + "：" + shown;
}

} // namespace lexsim::solver
