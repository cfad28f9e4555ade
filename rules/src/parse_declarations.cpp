// Parser: document headers, 'part of', enums, entities, units, measures and parameters.
#include "parser.hpp"

namespace lexsim::rules::detail {

void Parser::document() {
    Span b = advance().span;
    RawDocument d;
    d.name = ident("a document id");
    fields(document_fields, "document", d.name, [&](DocumentField f, Span) { document_field(d, f); });
    d.span = from(b);
    if (!d.external) {
        for (const auto& other : m_out.documents)
            if (!other.external)
                fail(d.name.span, "a file holds at most one document that is not external "
                                  "(split it, or use 'part of' in further files)");
        if (m_out.part_of)
            fail(d.name.span, "a file that is 'part of' a document cannot declare another document");
    }
    m_out.documents.push_back(std::move(d));
}

void Parser::document_field(RawDocument& d, DocumentField f) {
    switch (f) {
    case DocumentField::Number:
        d.number = string("the document number as a string");
        break;
    case DocumentField::Title:
        d.title = string("the title as a string");
        break;
    case DocumentField::Issued:
        d.issued = date();
        break;
    case DocumentField::Effective:
        d.effective = date();
        break;
    case DocumentField::Expires:
        d.expires = date();
        break;
    case DocumentField::Trial:
        trial(d);
        break;
    case DocumentField::Repeals:
        do {
            d.repeals.push_back(ident("a document id"));
        } while (accept(Tok::Comma));
        break;
    case DocumentField::Interpreter:
        d.interpreter = string("the interpreting body as a string");
        break;
    case DocumentField::SupersededByHigher:
        d.superseded_by_higher = string("the wording as a string");
        break;
    case DocumentField::External:
        d.external = true;
        break;
    case DocumentField::Note:
        d.note = string("a note as a string");
        break;
    }
}

void Parser::trial(RawDocument& d) {
    SynId e = primary_with_unit();
    const SynExpr& x = m_out.exprs[static_cast<size_t>(e)];
    if (x.kind != SynKind::Duration || x.value <= 0)
        fail(x.span, "expected a trial period such as '1 year' or '6 months'");
    if (x.unit == DurationUnit::Years)
        d.trial_months = static_cast<int32_t>(x.value * 12);
    else if (x.unit == DurationUnit::Months)
        d.trial_months = static_cast<int32_t>(x.value);
    else if (x.unit == DurationUnit::Days)
        d.trial_days = static_cast<int32_t>(x.value);
    else
        fail(x.span, "a trial period is in days, months or years, not working days");
}

void Parser::part() {
    Span b = advance().span;
    expect_word("of");
    Name n = ident("a document id");
    bool owns = false;
    for (const auto& d : m_out.documents)
        owns = owns || !d.external;
    if (owns || m_out.part_of)
        fail(from(b), "'part of' must be the only document statement of a file");
    m_out.part_of = n;
}

std::vector<EnumMember> Parser::enum_members() {
    expect(Tok::LBrace, "'{'");
    std::vector<EnumMember> ms;
    while (!accept(Tok::RBrace)) {
        Name n = ident("an enum member");
        std::string label = opt_string().value_or("");
        ms.push_back({n.text, label, n.span});
        if (!accept(Tok::Comma)) {
            expect(Tok::RBrace, "',' or '}'");
            break;
        }
    }
    return ms;
}

void Parser::enum_decl() {
    Span b = advance().span;
    RawEnum e;
    e.name = ident("an enum name");
    e.label = opt_string().value_or("");
    e.members = enum_members();
    e.span = from(b);
    m_out.enums.push_back(std::move(e));
}

SynType Parser::type() {
    SynType t;
    t.span = cur().span;
    if (at_word("enum")) {
        advance();
        t.inline_members = enum_members();
        t.span = from(t.span);
        return t;
    }
    t.name = ident("a type").text;
    return t;
}

void Parser::entity() {
    Span b = advance().span;
    RawEntity e;
    e.name = ident("an entity name");
    e.label = opt_string().value_or("");
    expect(Tok::LBrace, "'{'");
    while (!accept(Tok::RBrace)) {
        if (at(Tok::End))
            fail(e.name.span, "unterminated entity block: missing '}'");
        if (accept_word("assume")) {
            e.assumptions.push_back(expr());
            continue;
        }
        RawAttr a;
        a.name = ident("an attribute name");
        a.label = opt_string().value_or("");
        expect(Tok::Colon, "':' and the attribute's type");
        a.type = type();
        if (accept(Tok::Assign))
            a.default_value = expr();
        e.attrs.push_back(std::move(a));
        accept(Tok::Comma);
    }
    e.span = from(b);
    m_out.entities.push_back(std::move(e));
}

void Parser::unit() {
    Span b = advance().span;
    RawUnit u;
    u.name = string("the unit's name as a string");
    if (accept_word("aliases")) {
        do {
            Name a = string_name("an alias as a string");
            u.aliases.push_back(a.text);
            u.alias_spans.push_back(a.span);
        } while (accept(Tok::Comma));
    }
    u.span = from(b);
    m_out.units.push_back(std::move(u));
}

void Parser::measure() {
    Span b = advance().span;
    RawMeasure m;
    m.name = ident("a measure name");
    m.label = opt_string().value_or("");
    expect(Tok::Colon, "':' and the measure's type");
    m.type = type();
    if (accept_word("unit"))
        m.unit = string("the unit of measurement as a string");
    m.span = from(b);
    m_out.measures.push_back(std::move(m));
}

void Parser::param() {
    Span b = advance().span;
    RawParam p;
    p.name = ident("a parameter name");
    p.label = opt_string().value_or("");
    expect(Tok::Colon, "':' and the parameter's type");
    p.type = type();
    if (accept_word("in")) {
        p.low = expr();
        expect(Tok::DotDot, "'..'");
        p.high = expr();
    }
    if (accept(Tok::Assign)) {
        Span vs = cur().span;
        p.values.push_back({std::nullopt, expr(), from(vs)});
    } else if (at(Tok::LBrace)) {
        advance();
        while (!accept(Tok::RBrace)) {
            if (at(Tok::End))
                fail(p.name.span, "unterminated parameter block: missing '}'");
            Span vs = cur().span;
            int32_t d = date("a date (YYYY-MM-DD) from which a value holds");
            expect(Tok::Colon, "':'");
            SynId v = expr();
            p.values.push_back({d, v, from(vs)});
        }
    }
    p.span = from(b);
    m_out.params.push_back(std::move(p));
}

} // namespace lexsim::rules::detail
