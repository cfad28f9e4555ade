#include "lexsim/rules/ast.hpp"

#include "lexsim/rules/calendar.hpp"

#include <cstdio>

namespace lexsim::rules {

namespace {
template <class V>
std::optional<int32_t> find_by_name(const V& v, std::string_view name) {
    for (size_t i = 0; i < v.size(); ++i)
        if (v[i].name == name)
            return static_cast<int32_t>(i);
    return std::nullopt;
}
} // namespace

std::optional<DocumentId> RuleSet::find_document(std::string_view id) const {
    for (DocumentId d : document_ids())
        if (document(d).id == id)
            return d;
    return std::nullopt;
}
std::optional<ClauseId> RuleSet::find_clause(std::string_view id) const {
    for (ClauseId c : clause_ids())
        if (clause(c).id == id)
            return c;
    return std::nullopt;
}
std::optional<int32_t> RuleSet::find_entity(std::string_view name) const {
    return find_by_name(entities, name);
}
std::optional<int32_t> RuleSet::find_benefit(std::string_view name) const {
    return find_by_name(benefits, name);
}
std::optional<int32_t> RuleSet::find_param(std::string_view name) const {
    return find_by_name(params, name);
}
std::optional<int32_t> RuleSet::find_attribute(int32_t entity, std::string_view name) const {
    if (entity < 0)
        return std::nullopt;
    return find_by_name(entities[static_cast<size_t>(entity)].attrs, name);
}
std::optional<int32_t> RuleSet::find_member(int32_t enum_id, std::string_view name) const {
    if (enum_id < 0)
        return std::nullopt;
    const EnumDecl& e = enums[static_cast<size_t>(enum_id)];
    if (e.member_index.size() == e.members.size() && !e.members.empty()) {
        auto it = e.member_index.find(std::string(name));
        return it == e.member_index.end() ? std::nullopt : std::optional<int32_t>(it->second);
    }
    return find_by_name(e.members, name);
}
std::optional<int32_t> RuleSet::find_unit(std::string_view name) const {
    for (size_t i = 0; i < units.size(); ++i) {
        if (units[i].name == name)
            return static_cast<int32_t>(i);
        for (const auto& a : units[i].aliases)
            if (a == name)
                return static_cast<int32_t>(i);
    }
    return std::nullopt;
}

const char* task_kind_name(TaskKind k) {
    switch (k) {
    case TaskKind::Task:
        return "task";
    case TaskKind::Step:
        return "step";
    case TaskKind::Duty:
        return "duty";
    }
    return "task";
}

std::string type_name(const RuleSet& rs, Type t) {
    switch (t.kind) {
    case TypeKind::Error:
        return "<error>";
    case TypeKind::Bool:
        return "bool";
    case TypeKind::Int:
        return "int";
    case TypeKind::Number:
        return "number";
    case TypeKind::Rate:
        return "rate";
    case TypeKind::Money:
        return "money";
    case TypeKind::Date:
        return "date";
    case TypeKind::Days:
        return "days";
    case TypeKind::Workdays:
        return "workdays";
    case TypeKind::Text:
        return "text";
    case TypeKind::Enum:
        return t.enum_id >= 0 && static_cast<size_t>(t.enum_id) < rs.enums.size()
                   ? "enum " + rs.enums[static_cast<size_t>(t.enum_id)].name
                   : "enum";
    }
    return "?";
}

namespace {
std::string fixed(int64_t v, int64_t scale, int max_digits) {
    bool neg = v < 0;
    unsigned long long a =
        neg ? 0ULL - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
    unsigned long long s = static_cast<unsigned long long>(scale);
    std::string out = (neg ? "-" : "") + std::to_string(a / s);
    unsigned long long frac = a % s;
    if (frac != 0) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%0*llu", max_digits, frac);
        std::string f(buf);
        while (!f.empty() && f.back() == '0')
            f.pop_back();
        out += "." + f;
    }
    return out;
}
} // namespace

std::string format_money(int64_t fen) {
    if (fen != 0 && fen % 1'000'000 == 0)
        return fixed(fen, 1'000'000, 1) + " 万元";
    return fixed(fen, 100, 2) + " 元";
}

std::string format_value(const RuleSet& rs, Type t, int64_t v) {
    switch (t.kind) {
    case TypeKind::Bool:
        return v ? "true" : "false";
    case TypeKind::Int:
        return std::to_string(v);
    case TypeKind::Number:
        return fixed(v, micro, 6);
    case TypeKind::Rate:
        return fixed(v, micro / 100, 4) + "%";
    case TypeKind::Money:
        return format_money(v);
    case TypeKind::Date:
        return format_date(static_cast<int32_t>(v));
    case TypeKind::Days:
        return std::to_string(v) + " days";
    case TypeKind::Workdays:
        return std::to_string(v) + " workdays";
    case TypeKind::Text:
        return v >= 0 && static_cast<size_t>(v) < rs.strings.size()
                   ? "\"" + rs.strings[static_cast<size_t>(v)] + "\""
                   : "\"\"";
    case TypeKind::Enum:
        if (t.enum_id >= 0 && v >= 0 &&
            static_cast<size_t>(v) < rs.enums[static_cast<size_t>(t.enum_id)].members.size())
            return rs.enums[static_cast<size_t>(t.enum_id)].members[static_cast<size_t>(v)].name;
        return "?";
    case TypeKind::Error:
        break;
    }
    return "?";
}

} // namespace lexsim::rules
