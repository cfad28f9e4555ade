#pragma once
// The resolver: SyntaxFiles → RuleSet, in passes (Catala's split, one pass per file):
//   resolve_declare.cpp  declarations into the one symbol table (documents, enums, entities, units,
//                        officials, benefits, parameters, measures, clause and task ids)
//   resolve.cpp          the pass order and the one lookup (kind-filtered, with did-you-mean)
//   resolve_clauses.cpp  clauses, targets, records, examples
//   resolve_tasks.cpp    tasks, steps and their deadlines
//   typecheck*.cpp       expressions: types, scales, money units, constant folding
// Private to the rules module.
#include "symbols.hpp"
#include "syntax.hpp"
#include "typecheck.hpp"

#include <unordered_map>

namespace lexsim::rules::detail {

class Resolver {
public:
    Resolver(RuleSet& rs, Diagnostics& diags) : m_rs(rs), m_diags(diags), m_types(rs, diags, m_symbols) {}

    void run(std::vector<SyntaxFile>& files);

private:
    Diagnostic& error(Span s, std::string msg) { return m_diags.error(s, std::move(msg)); }
    bool declare(SymbolKind kind, const std::string& name, int32_t index, Span span, std::string_view what) {
        return m_symbols.declare(kind, name, Symbol{index, span}, what, m_diags);
    }
    //! Whether `name` of this kind was first declared at `span` (the declaration being resolved).
    const Symbol* declared_here(SymbolKind kind, const std::string& name, Span span) const;
    //! The one lookup: the index of `n` among declarations of `kind`, or -1 after an "unknown …" error
    //! with the nearest name of that kind as "did you mean …?". Clause and task names without a dot are
    //! looked up in document `doc`.
    int32_t lookup(SymbolKind kind, const Name& n, DocumentId doc = {}, std::string_view hint = {});
    std::string qualified(DocumentId doc, const std::string& local) const {
        return m_rs.document(doc).id + "." + local;
    }
    Expr& node(ExprId id) { return m_types.node(id); }
    Type type_of(ExprId id) const { return m_types.type_of(id); }

    // resolve_declare.cpp
    void declare_documents(std::vector<SyntaxFile>& files);
    void declare_document(SyntaxFile& f, RawDocument& d);
    void assign_files(std::vector<SyntaxFile>& files);
    void finish_documents(std::vector<SyntaxFile>& files);
    int32_t add_enum(const std::string& name, const std::string& label,
                     const std::vector<EnumMember>& members, Span span);
    void declare_shared(SyntaxFile& f);
    Type resolve_type(const SynType& t, const std::string& owner_name);
    void resolve_entities(SyntaxFile& f);
    void resolve_entity_bodies();
    void resolve_params(SyntaxFile& f);
    void resolve_param_values();
    void resolve_param_range(SyntaxFile& f, const RawParam& raw, Param& par);
    void resolve_measures(SyntaxFile& f);
    DocumentId owner_document(const SyntaxFile& f, Span s, std::string_view what);
    void declare_owned(SyntaxFile& f);

    // resolve_clauses.cpp
    void resolve_owned(SyntaxFile& f);
    void resolve_clause(SyntaxFile& f, RawClause& c, Clause& cl, DocumentId d);
    void resolve_grants(SyntaxFile& f, RawClause& c, Clause& cl, const ExprContext& ctx);
    void resolve_ranges(RawClause& c, Clause& cl, const ExprContext& ctx);
    void resolve_links(RawClause& c, Clause& cl, DocumentId d);
    Target resolve_target(SyntaxFile& f, const RawTarget& t);
    Reported resolve_reported(SyntaxFile& f, const RawReported& r);
    std::vector<Binding> bindings(SyntaxFile& f, int32_t entity, std::vector<RawBinding>& raw, bool params);
    void resolve_record(SyntaxFile& f, RawRecord& r);
    void resolve_example(SyntaxFile& f, RawExample& e);
    bool resolve_expectations(SyntaxFile& f, RawExample& e, Example& ex, DocumentId d);

    // resolve_tasks.cpp
    void resolve_task(SyntaxFile& f, RawTask& t, Task& tk, DocumentId d);
    void resolve_deadline(SyntaxFile& f, RawDeadline& raw, Deadline& out, int32_t task, DocumentId d);
    void resolve_durations(SyntaxFile& f, RawTask& t, Task& tk);
    ExprId duration(SyntaxFile& f, SynId s);

    RuleSet& m_rs;
    Diagnostics& m_diags;
    SymbolTable m_symbols;
    TypeChecker m_types;
    std::unordered_map<uint32_t, DocumentId> m_file_doc;
    std::unordered_map<std::string, Span> m_numbers; //!< document number → first declaration
    std::vector<std::pair<SyntaxFile*, RawEntity*>> m_entity_syntax;
    std::vector<std::pair<SyntaxFile*, RawParam*>> m_param_syntax;
    bool m_bodies_done = false;
};

} // namespace lexsim::rules::detail
