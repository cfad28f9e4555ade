// Parser: clauses (grants, constraints, ranges, targets, exclusions), records and examples.
#include "parser.hpp"

namespace lexsim::rules::detail {
namespace {

//! A target's comparison: a token, or the word 'about'.
struct TargetWord {
    Tok tok;
    std::string_view text;
    TargetOp op;
};
constexpr std::array<TargetWord, 6> target_words{{{Tok::Ge, ">=", TargetOp::AtLeast},
                                                  {Tok::Le, "<=", TargetOp::AtMost},
                                                  {Tok::Gt, ">", TargetOp::Above},
                                                  {Tok::Lt, "<", TargetOp::Below},
                                                  {Tok::EqEq, "==", TargetOp::Equal},
                                                  {Tok::Ident, "about", TargetOp::About}}};

std::string target_word_list() {
    std::string out;
    for (size_t i = 0; i < target_words.size(); ++i)
        out += (i == 0                         ? ""
                : i + 1 == target_words.size() ? " or "
                                               : ", ") +
               ("'" + std::string(target_words[i].text) + "'");
    return out;
}

} // namespace

void Parser::clause() {
    Span b = advance().span;
    RawClause c;
    c.name = ident("a clause id");
    fields(clause_fields, "clause", c.name, [&](ClauseField f, Span fs) { clause_field(c, f, fs); });
    c.span = from(b);
    m_out.clauses.push_back(std::move(c));
}

void Parser::clause_field(RawClause& c, ClauseField f, Span fs) {
    switch (f) {
    case ClauseField::Article:
        c.article = string("the article label as a string");
        break;
    case ClauseField::Text:
        c.text = string("the source text as a string");
        break;
    case ClauseField::Note:
        c.note = string("a note as a string");
        break;
    case ClauseField::Applies:
        expect_word("to");
        c.entity = ident("an entity kind");
        if (accept_word("when"))
            c.condition = expr();
        break;
    case ClauseField::From:
        c.from = date();
        break;
    case ClauseField::Until:
        c.until = date();
        break;
    case ClauseField::Grant:
        grant(c, fs);
        break;
    case ClauseField::Forbid:
    case ClauseField::Require: {
        RawConstraint k;
        k.forbid = f == ClauseField::Forbid;
        k.condition = expr();
        k.span = from(fs);
        c.constraints.push_back(k);
        break;
    }
    case ClauseField::Range: {
        RawRange r;
        r.measure = ident("a measure name");
        r.low = expr();
        expect(Tok::DotDot, "'..'");
        r.high = expr();
        r.span = from(fs);
        c.ranges.push_back(std::move(r));
        break;
    }
    case ClauseField::Target:
        c.targets.push_back(target_stmt(fs));
        break;
    case ClauseField::Reported:
        c.reported.push_back(reported_stmt(fs));
        break;
    case ClauseField::Excludes:
        if (accept_word("document"))
            c.excludes_document = true;
        else
            for (auto& n : name_list("a clause id", false))
                c.excludes.push_back(std::move(n));
        break;
    case ClauseField::Exclusive:
        expect_word("with");
        for (auto& n : name_list("a clause id", false))
            c.exclusive_with.push_back(std::move(n));
        break;
    case ClauseField::Refers:
        for (auto& n : name_list("a document id", false))
            c.refers.push_back(std::move(n));
        break;
    }
}

void Parser::grant(RawClause& c, Span b) {
    RawGrant g;
    g.benefit = ident("a benefit name");
    if (accept_word("up")) {
        expect_word("to");
        g.amount = expr();
    } else if (at_word("in") && peek_tok().kind == Tok::Ident && peek_tok().text == "kind") {
        advance();
        advance();
        g.amount_kind = AmountKind::InKind;
    } else if (accept_word("unquantified")) {
        g.amount_kind = AmountKind::Unquantified;
    } else {
        g.amount_kind = AmountKind::Exact;
        g.amount = expr();
    }
    while (grant_option(g)) {
    }
    g.span = from(b);
    c.grants.push_back(std::move(g));
}

//! One of the options after a grant's amount; false at the first word that is none.
bool Parser::grant_option(RawGrant& g) {
    std::optional<GrantOption> o = at(Tok::Ident) ? find_keyword(grant_options, cur().text) : std::nullopt;
    if (!o)
        return false;
    advance();
    switch (*o) {
    case GrantOption::PerYear:
        expect_word("year");
        g.per_year = true;
        break;
    case GrantOption::ForYears: {
        Span s = cur().span;
        int64_t n = integer("a number of years");
        if (n <= 0 || n > 100)
            fail(s, "the number of years must be between 1 and 100");
        if (!accept_word("years") && !accept_word("year"))
            fail_expected("'years'");
        g.years = static_cast<int32_t>(n);
        break;
    }
    case GrantOption::Once:
        g.once = true;
        break;
    case GrantOption::Mode:
        if (accept_word("post_subsidy"))
            g.mode = PayMode::PostSubsidy;
        else if (accept_word("advance"))
            g.mode = PayMode::Advance;
        else
            fail_expected("'post_subsidy' (后补助) or 'advance' (事前直接补助)");
        break;
    case GrantOption::Payer:
        g.payer = string_name("the paying unit as a string");
        break;
    case GrantOption::Quota: {
        Span s = cur().span;
        int64_t n = integer("a number of recipients");
        if (n <= 0 || n > 1'000'000)
            fail(s, "a quota must be between 1 and 1000000");
        g.quota = static_cast<int32_t>(n);
        expect_word("per");
        expect_word("year");
        break;
    }
    case GrantOption::Pool:
        g.pool = primary_with_unit();
        expect_word("per");
        expect_word("year");
        break;
    case GrantOption::To:
        g.recipient = ident("the entity kind the grant is paid to");
        break;
    }
    return true;
}

RawTarget Parser::target_stmt(Span b) {
    RawTarget t;
    t.measure = ident("a measure name");
    const TargetWord* found = nullptr;
    for (const TargetWord& w : target_words)
        if (at(w.tok) && (w.tok != Tok::Ident || cur().text == w.text))
            found = &w;
    if (found == nullptr)
        fail_expected(target_word_list());
    advance();
    t.op = found->op;
    t.value = expr();
    if (at_word("per")) {
        advance();
        expect_word("year");
        t.per_year = true;
    }
    if (accept_word("by"))
        t.by = date();
    t.span = from(b);
    return t;
}

//! `reported MEASURE = VALUE at DATE`: a result the document reports.
RawReported Parser::reported_stmt(Span b) {
    RawReported r;
    r.measure = ident("a measure name");
    expect(Tok::Assign, "'=' and the reported value");
    r.value = expr();
    expect_word("at");
    r.at = date("the date the result refers to (YYYY-MM-DD)");
    r.span = from(b);
    return r;
}

std::vector<RawBinding> Parser::bindings() {
    expect(Tok::LBrace, "'{'");
    std::vector<RawBinding> out;
    while (!accept(Tok::RBrace)) {
        RawBinding bnd;
        bnd.name = ident("an attribute or parameter name");
        expect(Tok::Assign, "'='");
        bnd.value = expr();
        out.push_back(std::move(bnd));
        if (!accept(Tok::Comma) && !at(Tok::RBrace) && !cur().newline_before)
            fail_expected("',' or '}'");
    }
    return out;
}

void Parser::record() {
    Span b = advance().span;
    RawRecord r;
    r.name = ident("a record id");
    expect(Tok::Colon, "':' and the entity kind");
    r.entity = ident("an entity kind");
    expect(Tok::LBrace, "'{'");
    while (!accept(Tok::RBrace)) {
        if (at(Tok::End))
            fail(r.name.span, "unterminated record block: missing '}'");
        if (accept_word("article")) {
            r.article = string("the article label as a string");
            continue;
        }
        if (accept_word("note")) {
            r.note = string("a note as a string");
            continue;
        }
        RawBinding bnd;
        bnd.name = ident("an attribute name");
        expect(Tok::Assign, "'='");
        bnd.value = expr();
        r.values.push_back(std::move(bnd));
        accept(Tok::Comma);
    }
    r.span = from(b);
    m_out.records.push_back(std::move(r));
}

void Parser::example() {
    Span b = advance().span;
    RawExample e;
    e.name = ident("an example id");
    e.label = opt_string().value_or("");
    fields(example_fields, "example", e.name, [&](ExampleField f, Span fs) {
        switch (f) {
        case ExampleField::On:
            e.on_span = cur().span;
            e.on = date();
            break;
        case ExampleField::Given:
            e.entity = ident("an entity kind");
            e.given = bindings();
            break;
        case ExampleField::Params:
            e.params = bindings();
            break;
        case ExampleField::Expect:
            e.expects.push_back(expectation(fs));
            break;
        }
    });
    e.span = from(b);
    m_out.examples.push_back(std::move(e));
}

RawExpect Parser::expectation(Span fs) {
    RawExpect x;
    if (accept_word("applies")) {
        x.kind = ExpectKind::Applies;
        x.target = dotted("a clause id");
    } else if (accept_word("not")) {
        expect_word("applies");
        x.kind = ExpectKind::NotApplies;
        x.target = dotted("a clause id");
    } else if (accept_word("satisfied")) {
        x.kind = ExpectKind::Satisfied;
        x.target = dotted("a clause id");
    } else if (accept_word("violated")) {
        x.kind = ExpectKind::Violated;
        x.target = dotted("a clause id");
    } else {
        x.target = ident("a benefit name");
        expect(Tok::Assign, "'='");
        x.amount = expr();
        if (accept_word("in")) {
            Span ys = cur().span;
            int64_t y = integer("a year");
            if (y < 1900 || y > 2999)
                fail(ys, "expected a year between 1900 and 2999");
            x.year = static_cast<int32_t>(y);
        }
    }
    x.span = from(fs);
    return x;
}

} // namespace lexsim::rules::detail
