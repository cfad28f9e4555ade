// The resolver's pass order and its one lookup. The passes themselves live in resolve_declare.cpp,
// resolve_clauses.cpp, resolve_tasks.cpp and typecheck*.cpp (see resolver.hpp).
#include "resolve.hpp"

#include "resolver.hpp"

namespace lexsim::rules::detail {
namespace {

//! How an unknown name of each kind is reported: "unknown WHAT 'name'HINT".
struct UnknownWords {
    std::string_view what;
    bool quoted_text; //!< Chinese names (units, officials) are shown in double quotes
};

UnknownWords unknown_words(SymbolKind kind) {
    switch (kind) {
    case SymbolKind::Document:
        return {"document", false};
    case SymbolKind::Enum:
        return {"type", false};
    case SymbolKind::Entity:
        return {"entity kind", false};
    case SymbolKind::Unit:
        return {"unit", true};
    case SymbolKind::Official:
        return {"official", true};
    case SymbolKind::Benefit:
        return {"benefit", false};
    case SymbolKind::Measure:
        return {"measure", false};
    case SymbolKind::Param:
        return {"parameter", false};
    case SymbolKind::Clause:
        return {"clause", false};
    case SymbolKind::Task:
        return {"task or step", false};
    case SymbolKind::Record:
        return {"record", false};
    case SymbolKind::Example:
        return {"example", false};
    }
    return {"name", false};
}

//! How to declare a missing name, for the kinds whose declaration is a one-liner.
std::string declare_hint(SymbolKind kind, const std::string& name) {
    switch (kind) {
    case SymbolKind::Benefit:
        return " (declare it with 'benefit " + name + " \"…\"')";
    case SymbolKind::Measure:
        return " (declare it with 'measure " + name + " \"…\" : TYPE')";
    case SymbolKind::Unit:
        return " (declare it with 'unit \"" + name + "\"' or add it as an alias)";
    case SymbolKind::Official:
        return " (declare it with 'official \"" + name + "\"')";
    default:
        return {};
    }
}

} // namespace

void Resolver::run(std::vector<SyntaxFile>& files) {
    declare_documents(files);
    for (auto& f : files)
        declare_shared(f);
    for (auto& f : files)
        resolve_entities(f);
    for (auto& f : files)
        resolve_params(f);
    for (auto& f : files)
        resolve_measures(f);
    finish_documents(files);
    resolve_entity_bodies();
    resolve_param_values();
    for (auto& f : files)
        declare_owned(f);
    for (auto& f : files)
        resolve_owned(f);
}

const Symbol* Resolver::declared_here(SymbolKind kind, const std::string& name, Span span) const {
    const Symbol* s = m_symbols.find(kind, name);
    if (s == nullptr || s->span.file != span.file || s->span.begin != span.begin)
        return nullptr;
    return s;
}

int32_t Resolver::lookup(SymbolKind kind, const Name& n, DocumentId doc, std::string_view hint) {
    bool scoped = (kind == SymbolKind::Clause || kind == SymbolKind::Task) && doc.valid() &&
                  n.text.find('.') == std::string::npos;
    std::string key = scoped ? qualified(doc, n.text) : n.text;
    if (const Symbol* s = m_symbols.find(kind, key))
        return s->index;
    UnknownWords words = unknown_words(kind);
    std::string quote = words.quoted_text ? "\"" : "'";
    Diagnostic& d = error(n.span, "unknown " + std::string(words.what) + " " + quote + n.text + quote +
                                      (hint.empty() ? declare_hint(kind, n.text) : std::string(hint)));
    std::string scope = scoped ? qualified(doc, "") : std::string();
    if (auto near = m_symbols.suggest(kind, n.text, scope))
        d.note(near->span, "did you mean " + quote + near->name + quote + "?");
    return -1;
}

void resolve(RuleSet& rs, std::vector<SyntaxFile>& files, Diagnostics& diags) {
    Resolver(rs, diags).run(files);
    resolve_costs(rs, files, diags);
}

} // namespace lexsim::rules::detail
