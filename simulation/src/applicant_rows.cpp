// Real applicants from a CSV file: `rows = "applicants.csv"` in a [[population]].
#include "lexsim/rules/calendar.hpp"
#include "lexsim/rules/evaluator.hpp"
#include "value_spec.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace lexsim::sim {

namespace {

using rules::TypeKind;

struct Field {
    std::string_view text;
    uint32_t begin = 0; //!< byte offset in the file
};

//! Splits one line at commas (no quoting: applicant tables are plain), trimming spaces.
std::vector<Field> split(std::string_view line, uint32_t offset) {
    std::vector<Field> out;
    size_t start = 0;
    while (true) {
        size_t comma = line.find(',', start);
        std::string_view f =
            line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        size_t lead = 0;
        while (lead < f.size() && (f[lead] == ' ' || f[lead] == '\t'))
            ++lead;
        f.remove_prefix(lead);
        while (!f.empty() && (f.back() == ' ' || f.back() == '\t' || f.back() == '\r'))
            f.remove_suffix(1);
        out.push_back({f, offset + static_cast<uint32_t>(start + lead)});
        if (comma == std::string_view::npos)
            return out;
        start = comma + 1;
    }
}

std::optional<double> number(std::string_view s) {
    std::string t(s);
    char* end = nullptr;
    double v = std::strtod(t.c_str(), &end);
    if (t.empty() || end != t.c_str() + t.size() || !std::isfinite(v))
        return std::nullopt;
    return v;
}

//! One cell in the rules' representation, or an error message.
std::optional<int64_t> cell_value(std::string_view s, rules::Type type, const rules::RuleSet& rs,
                                  std::string& error) {
    switch (type.kind) {
    case TypeKind::Bool:
        if (s == "true" || s == "1" || s == "是")
            return 1;
        if (s == "false" || s == "0" || s == "否")
            return 0;
        error = "expected true or false";
        return std::nullopt;
    case TypeKind::Enum:
        if (auto m = rs.find_member(type.enum_id, s))
            return *m;
        error = "not a member of '" + rs.enums[static_cast<size_t>(type.enum_id)].name + "'";
        return std::nullopt;
    case TypeKind::Date:
        if (auto d = rules::parse_date(s))
            return *d;
        error = "expected a date YYYY-MM-DD";
        return std::nullopt;
    case TypeKind::Money:
    case TypeKind::Rate:
    case TypeKind::Number:
    case TypeKind::Int: {
        auto v = number(s);
        if (!v || std::fabs(*v) > 1e13) {
            error = type.kind == TypeKind::Money ? "expected an amount in yuan" : "expected a number";
            return std::nullopt;
        }
        if (type.kind == TypeKind::Int && *v != std::floor(*v)) {
            error = "expected a whole number";
            return std::nullopt;
        }
        return to_rules_value(type.kind, *v);
    }
    default:
        error = "values of type " + rules::type_name(rs, type) + " cannot be read from a CSV";
        return std::nullopt;
    }
}

} // namespace

void read_rows(ScenarioFile& f, rules::Span at, const std::string& path, const rules::RuleSet& rs,
               PopulationGroup& g) {
    std::filesystem::path p = path;
    if (p.is_relative() && !f.directory_of(at).empty()) // relative to the file that names it
        p = std::filesystem::path(f.directory_of(at)) / p;
    std::ifstream in(p, std::ios::binary);
    std::ostringstream buf;
    if (in)
        buf << in.rdbuf();
    if (!in || buf.str().size() > (64u << 20)) {
        f.error(at, in ? "the CSV file is larger than 64 MiB" : "cannot read '" + p.string() + "'");
        return;
    }
    std::string text = buf.str();
    uint32_t id = f.add_source(p.lexically_normal().string(), text);
    const rules::Entity& ent = rs.entities[static_cast<size_t>(g.entity)];
    rules::EntityRow defaults = rules::make_row(rs, g.entity);
    std::vector<Field> header;
    size_t line_start = 0;
    bool ok = true;
    while (line_start < text.size() && ok) {
        size_t nl = text.find('\n', line_start);
        std::string_view line(text.data() + line_start,
                              (nl == std::string::npos ? text.size() : nl) - line_start);
        std::vector<Field> fields = split(line, static_cast<uint32_t>(line_start));
        line_start = nl == std::string::npos ? text.size() : nl + 1;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos)
            continue;
        auto span = [&](const Field& x) {
            return rules::Span{id, x.begin,
                               x.begin + static_cast<uint32_t>(std::max<size_t>(x.text.size(), 1))};
        };
        if (header.empty()) {
            header = fields;
            for (const Field& h : header) {
                std::optional<int32_t> slot = rs.find_attribute(g.entity, h.text);
                if (!slot) {
                    f.error(span(h),
                            "entity '" + ent.name + "' has no attribute '" + std::string(h.text) + "'");
                    ok = false;
                }
                g.row_slots.push_back(slot.value_or(0));
            }
            continue;
        }
        if (fields.size() != header.size()) {
            f.error(span(fields.back()), "this row has " + std::to_string(fields.size()) +
                                             " fields, the header " + std::to_string(header.size()));
            ok = false;
            break;
        }
        for (size_t c = 0; c < fields.size() && ok; ++c) {
            auto slot = static_cast<size_t>(g.row_slots[c]);
            if (fields[c].text.empty()) {
                if (!defaults.present[slot]) {
                    f.error(span(fields[c]), "empty cell for '" + std::string(header[c].text) +
                                                 "', which has no default: write a value");
                    ok = false;
                }
                g.row_values.push_back(defaults.values[slot]);
                continue;
            }
            std::string error;
            std::optional<int64_t> v = cell_value(fields[c].text, ent.attrs[slot].type, rs, error);
            if (!v) {
                f.error(span(fields[c]), "'" + std::string(header[c].text) + "': " + error);
                ok = false;
            }
            g.row_values.push_back(v.value_or(0));
        }
    }
    if (ok && (header.empty() || g.row_values.empty()))
        f.error(at, "'" + p.string() +
                        "' has no applicant rows (a header line of attribute names, then one row each)");
}

} // namespace lexsim::sim
