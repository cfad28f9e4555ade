#include "lexsim/simulation/scenario_file.hpp"

#include "lexsim/simulation/scenario.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <toml++/toml.h>

namespace lexsim::sim {

struct ScenarioFile::Document {
    toml::table table;
};

namespace {

const toml::node* node_of(const void* p) {
    return static_cast<const toml::node*>(p);
}

//! Largest scenario file accepted (a scenario is a page of settings, not data).
constexpr size_t max_scenario_bytes = 4u << 20;

std::string join_keys(const std::vector<std::string_view>& keys) {
    std::string out;
    for (size_t i = 0; i < keys.size(); ++i)
        out += (i ? ", " : "") + std::string(keys[i]);
    return out;
}

} // namespace

// ---- ScenarioValue ----------------------------------------------------------------------------

ScenarioValue::Type ScenarioValue::type() const {
    const toml::node* n = node_of(m_node);
    if (!n)
        return Type::missing;
    switch (n->type()) {
    case toml::node_type::table:
        return Type::table;
    case toml::node_type::array:
        return Type::array;
    case toml::node_type::string:
        return Type::string;
    case toml::node_type::integer:
        return Type::integer;
    case toml::node_type::floating_point:
        return Type::floating;
    case toml::node_type::boolean:
        return Type::boolean;
    default:
        return Type::other;
    }
}

rules::Span ScenarioValue::span() const {
    const toml::node* n = node_of(m_node);
    if (!n || !m_file)
        return {};
    const toml::source_region& r = n->source();
    return m_file->span_in(m_file->file_named(r.path.get()), r.begin.line, r.begin.column, r.end.line,
                           r.end.column);
}

ScenarioValue ScenarioValue::get(std::string_view key) const {
    const toml::node* n = node_of(m_node);
    if (!n || !n->is_table())
        return {};
    return {n->as_table()->get(key), m_file};
}

rules::Span ScenarioValue::key_span(std::string_view key) const {
    const toml::node* n = node_of(m_node);
    if (!n || !n->is_table())
        return span();
    const toml::table& t = *n->as_table();
    auto it = t.find(key);
    if (it == t.end())
        return span();
    const toml::source_region& r = it->first.source();
    if (r.begin.line == 0)
        return ScenarioValue(&it->second, m_file).span();
    return m_file->span_in(m_file->file_named(r.path.get()), r.begin.line, r.begin.column, r.end.line,
                           r.end.column);
}

std::vector<std::string> ScenarioValue::keys() const {
    const toml::node* n = node_of(m_node);
    if (!n || !n->is_table())
        return {};
    // In file order; with `extends`, the base's keys first (a base is registered after the file naming it).
    std::vector<std::pair<std::array<int64_t, 3>, std::string>> keyed;
    for (const auto& [k, v] : *n->as_table())
        keyed.push_back({{-static_cast<int64_t>(m_file->file_named(k.source().path.get())),
                          k.source().begin.line, k.source().begin.column},
                         std::string(k.str())});
    std::sort(keyed.begin(), keyed.end());
    std::vector<std::string> out;
    for (auto& k : keyed)
        out.push_back(std::move(k.second));
    return out;
}

size_t ScenarioValue::size() const {
    const toml::node* n = node_of(m_node);
    return n && n->is_array() ? n->as_array()->size() : 0;
}

ScenarioValue ScenarioValue::at(size_t index) const {
    const toml::node* n = node_of(m_node);
    if (!n || !n->is_array() || index >= n->as_array()->size())
        return {};
    return {n->as_array()->get(index), m_file};
}

std::string ScenarioValue::as_string() const {
    const toml::node* n = node_of(m_node);
    return n && n->is_string() ? n->as_string()->get() : std::string();
}

int64_t ScenarioValue::as_integer() const {
    const toml::node* n = node_of(m_node);
    return n && n->is_integer() ? n->as_integer()->get() : 0;
}

double ScenarioValue::as_number() const {
    const toml::node* n = node_of(m_node);
    if (n && n->is_integer())
        return static_cast<double>(n->as_integer()->get());
    return n && n->is_floating_point() ? n->as_floating_point()->get() : 0.0;
}

bool ScenarioValue::as_bool() const {
    const toml::node* n = node_of(m_node);
    return n && n->is_boolean() && n->as_boolean()->get();
}

std::string_view type_name(ScenarioValue::Type t) {
    switch (t) {
    case ScenarioValue::Type::missing:
        return "nothing";
    case ScenarioValue::Type::table:
        return "a table";
    case ScenarioValue::Type::array:
        return "an array";
    case ScenarioValue::Type::string:
        return "a string";
    case ScenarioValue::Type::integer:
        return "an integer";
    case ScenarioValue::Type::floating:
        return "a number";
    case ScenarioValue::Type::boolean:
        return "true or false";
    case ScenarioValue::Type::other:
        return "a date or time";
    }
    return "a value";
}

// ---- ScenarioFile -----------------------------------------------------------------------------

ScenarioFile::ScenarioFile() = default;
ScenarioFile::ScenarioFile(ScenarioFile&&) noexcept = default;
ScenarioFile& ScenarioFile::operator=(ScenarioFile&&) noexcept = default;
ScenarioFile::~ScenarioFile() = default;

ScenarioFile ScenarioFile::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (in)
        text << in.rdbuf();
    if (!in || text.str().size() > max_scenario_bytes) {
        ScenarioFile f;
        f.m_path = path;
        f.m_file_id = f.m_sources.add(path, "");
        f.m_diagnostics.error({f.m_file_id, 0, 0}, in ? "scenario file is larger than 4 MiB"
                                                      : "cannot read scenario file '" + path + "'");
        return f;
    }
    return parse(path, text.str());
}

ScenarioFile ScenarioFile::parse(std::string path, std::string text) {
    ScenarioFile f;
    f.m_path = path;
    auto doc = std::make_unique<Document>();
    std::vector<std::string> chain;
    if (f.read_document(*doc, path, text, chain))
        f.m_document = std::move(doc);
    return f;
}

namespace {

//! Lays `top` over `base`: a top-level table ([params], [take_up], …) merges key by key, one level deep
//! (a distribution table replaces the base's whole); every other value replaces the base's. Nodes are
//! moved: a moved toml++ node keeps its source position, a copy does not.
void overlay(toml::table& base, toml::table& top, bool merge_tables = true) {
    for (auto&& [k, v] : top) {
        toml::table* inner = base.get_as<toml::table>(k.str());
        if (merge_tables && inner && v.is_table()) {
            overlay(*inner, *v.as_table(), false);
            continue;
        }
        // A replaced key keeps its place (the base's key, and so its position: keys() keeps file order).
        v.visit([&, &key = k](auto& n) { base.insert_or_assign(key, std::move(n)); });
    }
}

std::optional<std::string> read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (in)
        text << in.rdbuf();
    if (!in || text.str().size() > max_scenario_bytes)
        return std::nullopt;
    return text.str();
}

} // namespace

bool ScenarioFile::read_document(Document& into, const std::string& path, const std::string& text,
                                 std::vector<std::string>& chain) {
    uint32_t id = m_sources.add(path, text);
    if (chain.empty())
        m_file_id = id;
    try {
        into.table = toml::parse(text, path);
    } catch (const toml::parse_error& e) {
        const toml::source_region& r = e.source();
        error(span_in(id, r.begin.line, r.begin.column, r.begin.line, r.begin.column + 1),
              "TOML syntax: " + std::string(e.description()));
        return false;
    }
    toml::node* extends = into.table.get("extends");
    if (!extends)
        return true;
    ScenarioValue named(extends, this);
    if (!expect(named, ScenarioValue::Type::string, "'extends'"))
        return false;
    std::filesystem::path base_path = named.as_string();
    std::string folder = std::filesystem::path(path).parent_path().string();
    if (base_path.is_relative() && !folder.empty())
        base_path = std::filesystem::path(folder) / base_path;
    std::string base_name = base_path.lexically_normal().string();
    chain.push_back(std::filesystem::weakly_canonical(path).string());
    std::string canonical = std::filesystem::weakly_canonical(base_name).string();
    if (std::find(chain.begin(), chain.end(), canonical) != chain.end()) {
        std::string cycle;
        for (const std::string& c : chain)
            cycle += std::filesystem::path(c).filename().string() + " → ";
        error(named.span(),
              "'extends' forms a cycle: " + cycle + std::filesystem::path(canonical).filename().string());
        return false;
    }
    std::optional<std::string> base_text = read_text(base_name);
    std::string embedded = std::filesystem::path(embedded_baseline_path).filename().string();
    if (!base_text && (named.as_string() == embedded || named.as_string() == embedded_baseline_path)) {
        base_text = std::string(embedded_baseline_scenario()); // the baseline built into lexsim
        base_name = embedded_baseline_path;
    }
    if (!base_text) {
        error(named.span(), "cannot read the scenario '" + base_name + "' that 'extends' names");
        return false;
    }
    Document base;
    if (!read_document(base, base_name, *base_text, chain)) {
        error(named.span(), "the scenario that 'extends' names has errors");
        return false;
    }
    into.table.erase("extends");
    overlay(base.table, into.table);
    into.table = std::move(base.table);
    return true;
}

uint32_t ScenarioFile::file_named(const std::string* path) const {
    if (path)
        for (uint32_t i = 0; i < m_sources.size(); ++i)
            if (m_sources.path(i) == *path)
                return i;
    return m_file_id;
}

std::string ScenarioFile::directory_of(rules::Span where) const {
    if (where.file >= m_sources.size())
        return directory();
    return std::filesystem::path(m_sources.path(where.file)).parent_path().string();
}

ScenarioValue ScenarioFile::root() const {
    if (!m_document)
        return {};
    return {static_cast<const toml::node*>(&m_document->table), this};
}

std::string ScenarioFile::directory() const {
    return std::filesystem::path(m_path).parent_path().string();
}

rules::Span ScenarioFile::span_in(uint32_t file, uint32_t line, uint32_t column, uint32_t end_line,
                                  uint32_t end_column) const {
    const std::string& text = m_sources.text(file);
    auto offset = [&](uint32_t l, uint32_t c) -> uint32_t {
        if (l == 0)
            return 0;
        std::string_view lt = m_sources.line_text(file, l);
        if (lt.data() == nullptr)
            return static_cast<uint32_t>(text.size());
        size_t pos = static_cast<size_t>(lt.data() - text.data());
        size_t stop = pos + lt.size();
        for (uint32_t k = 1; k < c && pos < stop; ++k) {
            char32_t cp = 0;
            int len = rules::utf8_decode(text, pos, cp);
            pos += len > 0 ? static_cast<size_t>(len) : 1;
        }
        return static_cast<uint32_t>(std::min(pos, text.size()));
    };
    uint32_t b = offset(line, column);
    uint32_t e = end_line == line ? offset(end_line, end_column) : b;
    // A value spanning lines (a table, a multi-line array) is marked on its first line only.
    if (e <= b) {
        std::string_view lt = m_sources.line_text(file, line == 0 ? 1 : line);
        size_t line_end = lt.data() ? static_cast<size_t>(lt.data() - text.data()) + lt.size() : b;
        e = static_cast<uint32_t>(std::max<size_t>(line_end, b + (b < text.size() ? 1 : 0)));
    }
    return {file, b, e};
}

ScenarioValue ScenarioFile::member(ScenarioValue table, std::string_view key, bool required) {
    ScenarioValue v = table.get(key);
    if (!v.present() && required)
        error(table.span(), "missing key '" + std::string(key) + "'");
    return v;
}

bool ScenarioFile::check_type(ScenarioValue value, std::string_view key, ScenarioValue::Type t,
                              bool number_ok) {
    ScenarioValue::Type got = value.type();
    if (got == t || (number_ok && value.is_number()))
        return true;
    error(value.span(), "'" + std::string(key) + "' must be " +
                            std::string(number_ok ? "a number" : type_name(t)) + ", found " +
                            std::string(type_name(got)));
    return false;
}

std::optional<std::string> ScenarioFile::string(ScenarioValue table, std::string_view key, bool required) {
    ScenarioValue v = member(table, key, required);
    if (!v.present() || !check_type(v, key, ScenarioValue::Type::string, false))
        return std::nullopt;
    return v.as_string();
}

std::optional<int64_t> ScenarioFile::integer(ScenarioValue table, std::string_view key, bool required) {
    ScenarioValue v = member(table, key, required);
    if (!v.present() || !check_type(v, key, ScenarioValue::Type::integer, false))
        return std::nullopt;
    return v.as_integer();
}

std::optional<double> ScenarioFile::number(ScenarioValue table, std::string_view key, bool required) {
    ScenarioValue v = member(table, key, required);
    if (!v.present() || !check_type(v, key, ScenarioValue::Type::floating, true))
        return std::nullopt;
    return v.as_number();
}

std::optional<bool> ScenarioFile::boolean(ScenarioValue table, std::string_view key, bool required) {
    ScenarioValue v = member(table, key, required);
    if (!v.present() || !check_type(v, key, ScenarioValue::Type::boolean, false))
        return std::nullopt;
    return v.as_bool();
}

ScenarioValue ScenarioFile::table(ScenarioValue table, std::string_view key, bool required) {
    ScenarioValue v = member(table, key, required);
    if (!v.present() || !check_type(v, key, ScenarioValue::Type::table, false))
        return {};
    return v;
}

ScenarioValue ScenarioFile::array(ScenarioValue table, std::string_view key, bool required) {
    ScenarioValue v = member(table, key, required);
    if (!v.present() || !check_type(v, key, ScenarioValue::Type::array, false))
        return {};
    return v;
}

bool ScenarioFile::expect(ScenarioValue value, ScenarioValue::Type t, std::string_view what) {
    if (value.type() == t || (t == ScenarioValue::Type::floating && value.is_number()))
        return true;
    error(value.span(), std::string(what) + " must be " + std::string(type_name(t)) + ", found " +
                            std::string(type_name(value.type())));
    return false;
}

void ScenarioFile::reject_unknown_keys(ScenarioValue table, const std::vector<std::string_view>& known) {
    for (const std::string& k : table.keys())
        if (std::find(known.begin(), known.end(), k) == known.end())
            error(table.key_span(k), "unknown key '" + k + "' (expected " + join_keys(known) + ")");
}

// ---- header -----------------------------------------------------------------------------------

ScenarioHeader read_header(ScenarioFile& file, ScenarioHeader defaults) {
    ScenarioHeader h = std::move(defaults);
    ScenarioValue root = file.root();
    if (!root.present())
        return h;
    if (auto v = file.string(root, "name"))
        h.name = *v;
    if (auto v = file.string(root, "description"))
        h.description = *v;
    if (ScenarioValue rules = file.array(root, "rules"); rules.present()) {
        h.rules.clear();
        std::filesystem::path base = file.directory_of(rules.span());
        for (size_t i = 0; i < rules.size(); ++i) {
            ScenarioValue p = rules.at(i);
            if (!file.expect(p, ScenarioValue::Type::string, "each entry of 'rules'"))
                continue;
            std::filesystem::path path = p.as_string();
            h.rules.push_back(path.is_absolute() ? path.string() : (base / path).lexically_normal().string());
        }
    }
    if (auto v = file.integer(root, "seed")) {
        if (*v < 0)
            file.error(root.get("seed").span(), "'seed' must be 0 or more");
        else
            h.seed = static_cast<uint64_t>(*v);
    }
    if (auto v = file.integer(root, "trials")) {
        if (*v < 1 || *v > 10'000'000)
            file.error(root.get("trials").span(), "'trials' must be between 1 and 10000000");
        else
            h.trials = *v;
    }
    if (ScenarioValue hz = file.array(root, "horizon"); hz.present()) {
        bool ok = hz.size() == 2 && hz.at(0).type() == ScenarioValue::Type::integer &&
                  hz.at(1).type() == ScenarioValue::Type::integer;
        int64_t a = ok ? hz.at(0).as_integer() : 0, b = ok ? hz.at(1).as_integer() : 0;
        if (!ok)
            file.error(hz.span(), "'horizon' must be two years, e.g. horizon = [2024, 2026]");
        else if (a < 1900 || b > 2200 || b < a)
            file.error(hz.span(), "'horizon' must be [first year, last year] with first <= last");
        else {
            h.first_year = static_cast<int32_t>(a);
            h.last_year = static_cast<int32_t>(b);
        }
    }
    return h;
}

} // namespace lexsim::sim
