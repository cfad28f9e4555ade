#pragma once
// The recursive-descent parser: tokens → SyntaxFile, purely syntactic (names are resolved and types
// checked later, in resolve*.cpp and typecheck*.cpp). Dispatch follows the keyword tables of
// keywords.hpp. By area:
//   parser.cpp              token helpers' callers, top level, error recovery
//   parse_declarations.cpp  document, part of, enum, entity, unit, measure, param
//   parse_clauses.cpp       clause, grant, target, record, example
//   parse_tasks.cpp         task, step, duty and their deadlines
//   parse_expr.cpp          expressions
// Private to the rules module.
#include "keywords.hpp"
#include "syntax.hpp"

#include <algorithm>

namespace lexsim::rules::detail {

struct ParseError {};

class Parser {
public:
    Parser(const SourceManager& sm, uint32_t file, const LexResult& lexed, Diagnostics& diags)
        : m_sm(sm), m_toks(lexed.tokens), m_diags(diags) {
        m_out.file = file;
    }

    SyntaxFile run();

private:
    // ---- token helpers (parser.cpp) -----------------------------------------
    const Token& cur() const { return m_toks[m_pos]; }
    const Token& peek_tok(size_t n = 1) const { return m_toks[std::min(m_pos + n, m_toks.size() - 1)]; }
    bool at(Tok k) const { return cur().kind == k; }
    bool at_word(std::string_view w) const { return cur().kind == Tok::Ident && cur().text == w; }
    const Token& advance();
    [[noreturn]] void fail(const Span& s, std::string msg);
    std::string describe(const Token& t) const;
    [[noreturn]] void fail_expected(std::string_view what);
    const Token& expect(Tok k, std::string_view what);
    void expect_word(std::string_view w);
    bool accept(Tok k);
    bool accept_word(std::string_view w);
    Name ident(std::string_view what);
    Name dotted(std::string_view what); //!< a possibly dotted name: doc.clause
    std::string string(std::string_view what);
    Name string_name(std::string_view what);
    std::optional<std::string> opt_string();
    int32_t date(std::string_view what = "a date (YYYY-MM-DD)");
    int64_t integer(std::string_view what);
    Span from(const Span& b) const;
    std::vector<Name> name_list(std::string_view what, bool strings);
    void recover(size_t start);
    void item();

    //! `{ FIELD … }` where each field starts with a word of `table`; calls handle(field, span of the word).
    template <class Field, size_t N, class Handle>
    void fields(const std::array<Keyword<Field>, N>& table, std::string_view block, const Name& owner,
                Handle&& handle) {
        expect(Tok::LBrace, "'{'");
        while (!accept(Tok::RBrace)) {
            if (at(Tok::End))
                fail(owner.span, "unterminated " + std::string(block) + " block: missing '}'");
            Span fs = cur().span;
            if (!at(Tok::Ident))
                fail_expected("a " + std::string(block) + " field");
            std::string_view word = advance().text;
            std::optional<Field> f = find_keyword(table, word);
            if (!f)
                fail(fs, "unknown " + std::string(block) + " field '" + std::string(word) + "'" +
                             did_you_mean(table, word) + " (expected " + keyword_list(table) + ")");
            handle(*f, fs);
        }
    }

    // ---- declarations (parse_declarations.cpp) -------------------------------
    void document();
    void document_field(RawDocument& d, DocumentField f);
    void trial(RawDocument& d);
    void part();
    std::vector<EnumMember> enum_members();
    void enum_decl();
    SynType type();
    void entity();
    void unit();
    void measure();
    void param();

    // ---- clauses, records, examples (parse_clauses.cpp) ----------------------
    void clause();
    void clause_field(RawClause& c, ClauseField f, Span fs);
    void grant(RawClause& c, Span b);
    bool grant_option(RawGrant& g);
    RawTarget target_stmt(Span b);
    RawReported reported_stmt(Span b);
    std::vector<RawBinding> bindings();
    void record();
    void example();
    RawExpect expectation(Span fs);

    // ---- tasks (parse_tasks.cpp) ---------------------------------------------
    void task();
    void task_field(RawTask& t, TaskField f, Span fs);
    void deadline(RawTask& t, Span fs);
    void relative_deadline(RawDeadline& d);

    // ---- expressions (parse_expr.cpp) -----------------------------------------
    SynId add(SynExpr e);
    SynExpr& ex(SynId id) { return m_out.exprs[static_cast<size_t>(id)]; }
    struct Depth {
        Parser& p;
        Depth(Parser& pp, const Span& s);
        ~Depth() { --p.m_nesting; }
        Depth(const Depth&) = delete;
        Depth& operator=(const Depth&) = delete;
    };
    SynId binary(Tok op, std::string word, SynId l, SynId r);
    SynId expr();
    SynId or_expr();
    SynId and_expr();
    SynId not_expr();
    SynId comparison();
    SynId member_test(SynId l);
    SynId additive();
    SynId multiplicative();
    SynId unary();
    SynId primary_with_unit(); //!< a number with its unit word: money, a duration, or a bare number
    SynId primary();
    SynId primary_word(const Token& t);
    SynId choice();
    SynId min_max(std::string_view w);

    const SourceManager& m_sm;
    const std::vector<Token>& m_toks;
    Diagnostics& m_diags;
    SyntaxFile m_out;
    size_t m_pos = 0;
    int m_depth = 0;
    int m_nesting = 0;
    std::vector<uint32_t> m_heights; //!< height of each expression tree in m_out.exprs
};

} // namespace lexsim::rules::detail
