#pragma once
/**
 * @brief Scenario files: TOML read with toml++, errors as rules::Diagnostics with carets.
 *
 * A ScenarioFile owns the parsed TOML document, the SourceManager holding its text and the
 * Diagnostics its readers add to. ScenarioValue is a view of one TOML value; the typed getters
 * of ScenarioFile report a missing key, a wrong type or an unknown key at `file:line:col` with
 * the source line and a caret, exactly like errors in rules files. toml++ stays out of this
 * header: the document is held behind a pointer to an implementation.
 *
 *     sim::ScenarioFile f = sim::ScenarioFile::load("scenarios/baseline.toml");
 *     sim::ScenarioHeader h = sim::read_header(f);
 *     auto cap = f.integer(f.root(), "trials");          // nullopt + diagnostic on a wrong type
 *     f.reject_unknown_keys(f.root(), {"name", "seed"}); // one diagnostic per unknown key
 *     if (!f.ok()) f.diagnostics().render(f.sources(), std::cerr);
 */
#include "lexsim/rules/diagnostic.hpp"
#include "lexsim/rules/source.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lexsim::sim {

class ScenarioFile;

//! A view of one value of a loaded scenario file; valid while the ScenarioFile lives.
class ScenarioValue {
public:
    enum class Type { missing, table, array, string, integer, floating, boolean, other };

    ScenarioValue() = default;
    Type type() const;
    bool present() const { return m_node != nullptr; }
    bool is_number() const { return type() == Type::integer || type() == Type::floating; }
    //! The value's text in the file (for a table: from its header or opening brace).
    rules::Span span() const;

    //! Table member, or a missing value.
    ScenarioValue get(std::string_view key) const;
    //! Span of the key itself (the whole value's span when the key has no position).
    rules::Span key_span(std::string_view key) const;
    //! Table keys in the order they appear in the file.
    std::vector<std::string> keys() const;

    //! Array length and elements (0 / missing for non-arrays).
    size_t size() const;
    ScenarioValue at(size_t index) const;

    //! Scalars, unchecked: test type() first (or use ScenarioFile's getters).
    std::string as_string() const;
    int64_t as_integer() const;
    double as_number() const; //!< integer or floating
    bool as_bool() const;

private:
    friend class ScenarioFile;
    ScenarioValue(const void* node, const ScenarioFile* file) : m_node(node), m_file(file) {}
    const void* m_node = nullptr; //!< a toml::node
    const ScenarioFile* m_file = nullptr;
};

//! Name of a value type as diagnostics spell it ("a table", "an integer", …).
std::string_view type_name(ScenarioValue::Type t);

class ScenarioFile {
public:
    //! Reads and parses a file; an unreadable file or a TOML syntax error becomes a diagnostic.
    static ScenarioFile load(const std::string& path);
    //! Parses in-memory text (tests); `path` is the name diagnostics print.
    static ScenarioFile parse(std::string path, std::string text);

    ScenarioFile(ScenarioFile&&) noexcept;
    ScenarioFile& operator=(ScenarioFile&&) noexcept;
    ~ScenarioFile();

    bool ok() const { return !m_diagnostics.has_errors(); }
    //! The root table (missing when the file could not be read or parsed).
    ScenarioValue root() const;
    const std::string& path() const { return m_path; }
    //! The folder of the file ("" for in-memory text): relative paths in the file are resolved against it.
    std::string directory() const;
    uint32_t file_id() const { return m_file_id; }
    rules::SourceManager& sources() { return m_sources; }
    const rules::SourceManager& sources() const { return m_sources; }
    rules::Diagnostics& diagnostics() { return m_diagnostics; }
    const rules::Diagnostics& diagnostics() const { return m_diagnostics; }

    //! Span of 1-based (line, column) positions as toml++ reports them (columns in code points).
    rules::Span span_at(uint32_t line, uint32_t column, uint32_t end_line, uint32_t end_column) const {
        return span_in(m_file_id, line, column, end_line, end_column);
    }
    //! The same in another of the file's sources (a scenario named by `extends`).
    rules::Span span_in(uint32_t file, uint32_t line, uint32_t column, uint32_t end_line,
                        uint32_t end_column) const;
    //! The source a toml++ node's region names (its path), else the file itself.
    uint32_t file_named(const std::string* path) const;
    //! The folder of the file a span lies in: relative paths a base scenario states resolve against it.
    std::string directory_of(rules::Span where) const;
    //! Registers another file (e.g. a CSV the scenario names) so its errors render with carets too.
    uint32_t add_source(std::string path, std::string text) {
        return m_sources.add(std::move(path), std::move(text));
    }
    rules::Diagnostic& error(rules::Span span, std::string message) {
        return m_diagnostics.error(span, std::move(message));
    }

    // Typed getters on a table member. Missing and not required: nullopt, no diagnostic.
    // Missing and required, or present with the wrong type: nullopt and a diagnostic.
    std::optional<std::string> string(ScenarioValue table, std::string_view key, bool required = false);
    std::optional<int64_t> integer(ScenarioValue table, std::string_view key, bool required = false);
    //! An integer or a float.
    std::optional<double> number(ScenarioValue table, std::string_view key, bool required = false);
    std::optional<bool> boolean(ScenarioValue table, std::string_view key, bool required = false);
    //! A table member that must be a table / an array; missing value when absent or wrong.
    ScenarioValue table(ScenarioValue table, std::string_view key, bool required = false);
    ScenarioValue array(ScenarioValue table, std::string_view key, bool required = false);
    //! Reports `value` unless it has type `t` (`what` names it, e.g. "'horizon'").
    bool expect(ScenarioValue value, ScenarioValue::Type t, std::string_view what);
    //! One diagnostic per key of `table` not in `known`, listing the known keys.
    void reject_unknown_keys(ScenarioValue table, const std::vector<std::string_view>& known);

private:
    struct Document;
    ScenarioFile();
    ScenarioValue member(ScenarioValue table, std::string_view key, bool required);
    //! Parses `text` (registered as `path`) into `into`, first reading the scenario it `extends` and laying
    //! this one over it. `chain`: the files being read, for cycles. False on an error (reported).
    bool read_document(Document& into, const std::string& path, const std::string& text,
                       std::vector<std::string>& chain);
    bool check_type(ScenarioValue value, std::string_view key, ScenarioValue::Type t, bool number_ok);

    std::string m_path;
    rules::SourceManager m_sources;
    rules::Diagnostics m_diagnostics;
    uint32_t m_file_id = 0;
    std::unique_ptr<Document> m_document;
};

//! The keys every scenario file shares.
struct ScenarioHeader {
    std::string name;
    std::string description;
    //! Rules files or directories, resolved against the scenario's folder; empty = the embedded corpus.
    std::vector<std::string> rules;
    uint64_t seed = 20240101;
    int64_t trials = 1000;
    int32_t first_year = 2024; //!< horizon = [first, last], both included
    int32_t last_year = 2026;
};

inline constexpr std::array<std::string_view, 6> header_keys = {"name", "description", "rules",
                                                                "seed", "trials",      "horizon"};

//! Reads the header keys from the root table; absent keys keep the values of `defaults`.
//! Does not reject other keys: the caller knows the rest of its schema.
ScenarioHeader read_header(ScenarioFile& file, ScenarioHeader defaults = {});

} // namespace lexsim::sim
