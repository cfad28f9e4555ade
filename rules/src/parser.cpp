// Recursive-descent parser: tokens → SyntaxFile. Recovers at the next top-level declaration.
#include "int128.hpp"
#include "syntax.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace lexsim::rules::detail {
namespace {

struct ParseError {};

constexpr std::array<std::string_view, 16> top_keywords = {
    "document", "part",   "enum", "entity", "unit", "official", "benefit", "measure",
    "param",    "clause", "task", "step",   "duty", "record",   "example", "cost"};

constexpr std::array<std::string_view, 13> reserved = {"and",  "or",   "not",   "of",    "in",  "if", "then",
                                                       "else", "true", "false", "today", "min", "max"};

bool is_top_keyword(std::string_view s) {
    for (auto k : top_keywords)
        if (k == s)
            return true;
    return false;
}

class Parser {
public:
    Parser(const SourceManager& sm, uint32_t file, const LexResult& lexed, Diagnostics& diags)
        : m_sm(sm), m_toks(lexed.tokens), m_diags(diags) {
        m_out.file = file;
    }

    SyntaxFile run() {
        while (!at(Tok::End) && !m_diags.saturated()) {
            size_t start = m_pos;
            try {
                item();
            } catch (const ParseError&) {
                recover(start);
            }
        }
        return std::move(m_out);
    }

private:
    // ---- token helpers -------------------------------------------------
    const Token& cur() const { return m_toks[m_pos]; }
    const Token& peek_tok(size_t n = 1) const { return m_toks[std::min(m_pos + n, m_toks.size() - 1)]; }
    bool at(Tok k) const { return cur().kind == k; }
    bool at_word(std::string_view w) const { return cur().kind == Tok::Ident && cur().text == w; }
    const Token& advance() {
        const Token& t = m_toks[m_pos];
        if (t.kind == Tok::LBrace)
            ++m_depth;
        else if (t.kind == Tok::RBrace && m_depth > 0)
            --m_depth;
        if (m_pos + 1 < m_toks.size())
            ++m_pos;
        return t;
    }
    [[noreturn]] void fail(const Span& s, std::string msg) {
        m_diags.error(s, std::move(msg));
        throw ParseError{};
    }
    std::string describe(const Token& t) const {
        if (t.kind == Tok::End)
            return "end of file";
        return "'" + std::string(t.text) + "'";
    }
    [[noreturn]] void fail_expected(std::string_view what) {
        fail(cur().span, "expected " + std::string(what) + ", found " + describe(cur()));
    }
    const Token& expect(Tok k, std::string_view what) {
        if (!at(k))
            fail_expected(what);
        return advance();
    }
    void expect_word(std::string_view w) {
        if (!at_word(w))
            fail_expected("'" + std::string(w) + "'");
        advance();
    }
    bool accept(Tok k) {
        if (at(k)) {
            advance();
            return true;
        }
        return false;
    }
    bool accept_word(std::string_view w) {
        if (at_word(w)) {
            advance();
            return true;
        }
        return false;
    }
    Name ident(std::string_view what) {
        if (!at(Tok::Ident))
            fail_expected(what);
        for (auto r : reserved)
            if (cur().text == r)
                fail(cur().span, "'" + std::string(r) + "' is a reserved word and cannot be used as " +
                                     std::string(what));
        const Token& t = advance();
        return {std::string(t.text), t.span};
    }
    //! A possibly dotted name: doc.clause
    Name dotted(std::string_view what) {
        Name n = ident(what);
        while (at(Tok::Dot)) {
            advance();
            Name more = ident(what);
            n.text += '.';
            n.text += more.text;
            n.span.end = more.span.end;
        }
        return n;
    }
    std::string string(std::string_view what) {
        if (!at(Tok::String))
            fail_expected(what);
        return advance().value;
    }
    Name string_name(std::string_view what) {
        if (!at(Tok::String))
            fail_expected(what);
        const Token& t = advance();
        return {t.value, t.span};
    }
    std::optional<std::string> opt_string() {
        if (at(Tok::String))
            return advance().value;
        return std::nullopt;
    }
    int32_t date(std::string_view what = "a date (YYYY-MM-DD)") {
        if (!at(Tok::Date))
            fail_expected(what);
        return advance().date;
    }
    int64_t integer(std::string_view what) {
        if (!at(Tok::Number) || cur().frac_digits != 0)
            fail_expected(what);
        return advance().mantissa;
    }
    Span from(const Span& b) const {
        const Token& last = m_toks[m_pos > 0 ? m_pos - 1 : 0];
        return {b.file, b.begin, std::max(b.begin, last.span.end)};
    }

    void recover(size_t start) {
        if (m_pos == start)
            advance();
        while (!at(Tok::End)) {
            if (m_depth == 0 && cur().newline_before && cur().kind == Tok::Ident &&
                is_top_keyword(cur().text))
                return;
            advance();
        }
    }

    // ---- items -----------------------------------------------------------
    void item() {
        m_depth = 0;
        if (!at(Tok::Ident))
            fail(cur().span,
                 "expected a declaration (document, entity, clause, task, …), found " + describe(cur()));
        std::string_view k = cur().text;
        if (k == "document")
            return document();
        if (k == "part")
            return part();
        if (k == "enum")
            return enum_decl();
        if (k == "entity")
            return entity();
        if (k == "unit")
            return unit();
        if (k == "official") {
            advance();
            m_out.officials.push_back(string_name("the official's name as a string"));
            return;
        }
        if (k == "benefit") {
            advance();
            Name n = ident("a benefit name");
            std::string label = opt_string().value_or("");
            if (accept_word("compensates"))
                m_out.benefit_costs.emplace_back(n, name_list("a cost name", false));
            m_out.benefits.emplace_back(std::move(n), std::move(label));
            return;
        }
        if (k == "cost") {
            advance();
            Name n = ident("a cost name");
            m_out.costs.emplace_back(std::move(n), opt_string().value_or(""));
            return;
        }
        if (k == "measure")
            return measure();
        if (k == "param")
            return param();
        if (k == "clause")
            return clause();
        if (k == "task" || k == "step" || k == "duty")
            return task();
        if (k == "record")
            return record();
        if (k == "example")
            return example();
        fail(cur().span,
             "unknown declaration '" + std::string(k) +
                 "' (expected document, entity, enum, unit, official, benefit, cost, measure, param, "
                 "clause, task, step, duty, record or example)");
    }

    void document() {
        Span b = advance().span;
        RawDocument d;
        d.name = ident("a document id");
        expect(Tok::LBrace, "'{'");
        while (!accept(Tok::RBrace)) {
            if (at(Tok::End))
                fail(d.name.span, "unterminated document block: missing '}'");
            std::string_view f = cur().text;
            Span fs = cur().span;
            if (!at(Tok::Ident))
                fail_expected("a document field");
            advance();
            if (f == "number")
                d.number = string("the document number as a string");
            else if (f == "title")
                d.title = string("the title as a string");
            else if (f == "issued")
                d.issued = date();
            else if (f == "effective")
                d.effective = date();
            else if (f == "expires")
                d.expires = date();
            else if (f == "trial") {
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
            } else if (f == "repeals") {
                do {
                    d.repeals.push_back(ident("a document id"));
                } while (accept(Tok::Comma));
            } else if (f == "interpreter")
                d.interpreter = string("the interpreting body as a string");
            else if (f == "superseded_by_higher")
                d.superseded_by_higher = string("the wording as a string");
            else if (f == "note")
                d.note = string("a note as a string");
            else if (f == "external")
                d.external = true;
            else
                fail(
                    fs,
                    "unknown document field '" + std::string(f) +
                        "' (expected number, title, issued, effective, expires, trial, repeals, interpreter, "
                        "superseded_by_higher, external or note)");
        }
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

    void part() {
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

    std::vector<EnumMember> enum_members() {
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

    void enum_decl() {
        Span b = advance().span;
        RawEnum e;
        e.name = ident("an enum name");
        e.label = opt_string().value_or("");
        e.members = enum_members();
        e.span = from(b);
        m_out.enums.push_back(std::move(e));
    }

    SynType type() {
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

    void entity() {
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

    void unit() {
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

    void measure() {
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

    void param() {
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

    RawTarget target_stmt(Span b) {
        RawTarget t;
        t.measure = ident("a measure name");
        if (accept(Tok::Ge))
            t.op = TargetOp::AtLeast;
        else if (accept(Tok::Le))
            t.op = TargetOp::AtMost;
        else if (accept(Tok::EqEq))
            t.op = TargetOp::Equal;
        else if (accept(Tok::Gt))
            t.op = TargetOp::Above;
        else if (accept(Tok::Lt))
            t.op = TargetOp::Below;
        else if (accept_word("about"))
            t.op = TargetOp::About;
        else
            fail_expected("'>=', '<=', '>', '<', '==' or 'about'");
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
    RawReported reported_stmt(Span b) {
        RawReported r;
        r.measure = ident("a measure name");
        expect(Tok::Assign, "'=' and the reported value");
        r.value = expr();
        expect_word("at");
        r.at = date("the date the result refers to (YYYY-MM-DD)");
        r.span = from(b);
        return r;
    }

    std::vector<Name> name_list(std::string_view what, bool strings) {
        std::vector<Name> out;
        do {
            out.push_back(strings ? string_name(what) : dotted(what));
        } while (accept(Tok::Comma));
        return out;
    }

    void grant(RawClause& c, Span b) {
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
        while (true) {
            if (at_word("per")) {
                advance();
                expect_word("year");
                g.per_year = true;
            } else if (accept_word("for")) {
                Span s = cur().span;
                int64_t n = integer("a number of years");
                if (n <= 0 || n > 100)
                    fail(s, "the number of years must be between 1 and 100");
                if (!accept_word("years") && !accept_word("year"))
                    fail_expected("'years'");
                g.years = static_cast<int32_t>(n);
            } else if (accept_word("once")) {
                g.once = true;
            } else if (accept_word("mode")) {
                if (accept_word("post_subsidy"))
                    g.mode = PayMode::PostSubsidy;
                else if (accept_word("advance"))
                    g.mode = PayMode::Advance;
                else
                    fail_expected("'post_subsidy' (后补助) or 'advance' (事前直接补助)");
            } else if (accept_word("payer")) {
                g.payer = string_name("the paying unit as a string");
            } else if (accept_word("quota")) {
                Span s = cur().span;
                int64_t n = integer("a number of recipients");
                if (n <= 0 || n > 1'000'000)
                    fail(s, "a quota must be between 1 and 1000000");
                g.quota = static_cast<int32_t>(n);
                expect_word("per");
                expect_word("year");
            } else if (accept_word("pool")) {
                g.pool = primary_with_unit();
                expect_word("per");
                expect_word("year");
            } else if (accept_word("to")) {
                g.recipient = ident("the entity kind the grant is paid to");
            } else {
                break;
            }
        }
        g.span = from(b);
        c.grants.push_back(std::move(g));
    }

    void clause() {
        Span b = advance().span;
        RawClause c;
        c.name = ident("a clause id");
        expect(Tok::LBrace, "'{'");
        while (!accept(Tok::RBrace)) {
            if (at(Tok::End))
                fail(c.name.span, "unterminated clause block: missing '}'");
            Span fs = cur().span;
            if (!at(Tok::Ident))
                fail_expected("a clause field");
            std::string f(advance().text);
            if (f == "article")
                c.article = string("the article label as a string");
            else if (f == "text")
                c.text = string("the source text as a string");
            else if (f == "note")
                c.note = string("a note as a string");
            else if (f == "applies") {
                expect_word("to");
                c.entity = ident("an entity kind");
                if (accept_word("when"))
                    c.condition = expr();
            } else if (f == "from")
                c.from = date();
            else if (f == "until")
                c.until = date();
            else if (f == "grant")
                grant(c, fs);
            else if (f == "forbid" || f == "require") {
                RawConstraint k;
                k.forbid = f == "forbid";
                k.condition = expr();
                k.span = from(fs);
                c.constraints.push_back(k);
            } else if (f == "range") {
                RawRange r;
                r.measure = ident("a measure name");
                r.low = expr();
                expect(Tok::DotDot, "'..'");
                r.high = expr();
                r.span = from(fs);
                c.ranges.push_back(std::move(r));
            } else if (f == "target")
                c.targets.push_back(target_stmt(fs));
            else if (f == "reported")
                c.reported.push_back(reported_stmt(fs));
            else if (f == "excludes") {
                if (accept_word("document"))
                    c.excludes_document = true;
                else
                    for (auto& n : name_list("a clause id", false))
                        c.excludes.push_back(std::move(n));
            } else if (f == "exclusive") {
                expect_word("with");
                for (auto& n : name_list("a clause id", false))
                    c.exclusive_with.push_back(std::move(n));
            } else if (f == "refers") {
                for (auto& n : name_list("a document id", false))
                    c.refers.push_back(std::move(n));
            } else
                fail(fs, "unknown clause field '" + f +
                             "' (expected article, text, note, applies, from, until, grant, forbid, require, "
                             "range, "
                             "target, reported, excludes, exclusive, refers)");
        }
        c.span = from(b);
        m_out.clauses.push_back(std::move(c));
    }

    void task() {
        Span b = cur().span;
        RawTask t;
        std::string_view word = advance().text;
        t.kind = word == "step" ? TaskKind::Step : word == "duty" ? TaskKind::Duty : TaskKind::Task;
        t.name = ident(std::string("a ") + task_kind_name(t.kind) + " id");
        expect(Tok::LBrace, "'{'");
        while (!accept(Tok::RBrace)) {
            if (at(Tok::End))
                fail(t.name.span, "unterminated task block: missing '}'");
            Span fs = cur().span;
            if (!at(Tok::Ident))
                fail_expected("a task field");
            std::string f(advance().text);
            if (f == "article")
                t.article = string("the article label as a string");
            else if (f == "text")
                t.text = string("the source text as a string");
            else if (f == "group")
                t.group = string("the section heading as a string");
            else if (f == "note")
                t.note = string("a note as a string");
            else if (f == "leads")
                t.leads = name_list("an official's name as a string", true);
            else if (f == "owner")
                t.owners = name_list("a unit name as a string", true);
            else if (f == "responsible")
                t.responsible = name_list("a unit name as a string", true);
            else if (f == "co")
                t.co = name_list("a unit name as a string", true);
            else if (f == "after")
                t.after = name_list("a task or step id", false);
            else if (f == "start")
                t.start = date();
            else if (f == "duration") {
                t.duration_low = expr();
                if (accept(Tok::DotDot))
                    t.duration_high = expr();
            } else if (f == "target")
                t.targets.push_back(target_stmt(fs));
            else if (f == "reported")
                t.reported.push_back(reported_stmt(fs));
            else if (f == "deadline") {
                // A second deadline (an in-text or event one beside the table's) goes to more_deadlines.
                RawDeadline& d =
                    t.deadline.kind == DeadlineKind::Unset ? t.deadline : t.more_deadlines.emplace_back();
                if (accept_word("none")) {
                    d.kind = DeadlineKind::None;
                } else if (at(Tok::Date)) {
                    d.date = advance().date;
                    d.kind = DeadlineKind::Date;
                    if (accept(Tok::DotDot)) {
                        d.window_start = d.date;
                        d.date = date();
                        d.kind = DeadlineKind::Window;
                    }
                } else if (accept_word("before")) {
                    expect_word("event");
                    d.event = string("the event's name as a string");
                    d.before_event = true;
                    d.kind = DeadlineKind::Event;
                } else if (at(Tok::Number)) {
                    relative_deadline(d);
                } else if (at(Tok::Ident)) {
                    d.param = ident("a date parameter");
                    d.kind = DeadlineKind::Param;
                } else {
                    fail_expected("a date, 'none', a date parameter, a period 'after' a step or event, or "
                                  "'before event'");
                }
                d.wording = string("the deadline wording as printed, as a string (\"\" for a blank cell)");
                d.span = from(fs);
            } else
                fail(fs, "unknown task field '" + f +
                             "' (expected article, text, group, note, leads, owner, responsible, co, "
                             "deadline, start, "
                             "duration, after, target, reported)");
        }
        t.span = from(b);
        m_out.tasks.push_back(std::move(t));
    }

    std::vector<RawBinding> bindings() {
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

    //! `deadline 15 workdays after [start of | end of] STEP "…"` or `deadline 1 days after event "…" "…"`.
    void relative_deadline(RawDeadline& d) {
        d.amount = expr();
        expect_word("after");
        if (accept_word("event")) {
            d.event = string("the event's name as a string");
            d.kind = DeadlineKind::Event;
            return;
        }
        if (accept_word("start")) {
            expect_word("of");
            d.from_end = false;
        } else if (accept_word("end")) {
            expect_word("of");
        }
        d.anchor = dotted("a task or step id");
        d.kind = DeadlineKind::Relative;
    }

    void record() {
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

    void example() {
        Span b = advance().span;
        RawExample e;
        e.name = ident("an example id");
        e.label = opt_string().value_or("");
        expect(Tok::LBrace, "'{'");
        while (!accept(Tok::RBrace)) {
            if (at(Tok::End))
                fail(e.name.span, "unterminated example block: missing '}'");
            Span fs = cur().span;
            if (!at(Tok::Ident))
                fail_expected("an example field");
            std::string f(advance().text);
            if (f == "on") {
                e.on_span = cur().span;
                e.on = date();
            } else if (f == "given") {
                e.entity = ident("an entity kind");
                e.given = bindings();
            } else if (f == "params") {
                e.params = bindings();
            } else if (f == "expect") {
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
                e.expects.push_back(std::move(x));
            } else
                fail(fs, "unknown example field '" + f + "' (expected on, given, params, expect)");
        }
        e.span = from(b);
        m_out.examples.push_back(std::move(e));
    }

    // ---- expressions -------------------------------------------------------
    SynId add(SynExpr e) {
        // Every later pass (type inference, evaluation, the Z3 encoding) walks the tree recursively, so the
        // tree's height is bounded here: a long flat chain of `and` or `+` is as deep as its length.
        uint32_t height = 1;
        for (SynId a : e.args)
            height = std::max(height, m_heights[static_cast<size_t>(a)] + 1);
        if (height > max_expr_height)
            fail(e.span,
                 "expression too long: more than " + std::to_string(max_expr_height) +
                     " operators in a chain (or levels of nesting); split it into parameters or clauses");
        m_heights.push_back(height);
        m_out.exprs.push_back(std::move(e));
        return static_cast<SynId>(m_out.exprs.size() - 1);
    }
    SynExpr& ex(SynId id) { return m_out.exprs[static_cast<size_t>(id)]; }

    struct Depth {
        Parser& p;
        explicit Depth(Parser& pp, const Span& s) : p(pp) {
            if (++p.m_nesting > max_nesting) {
                --p.m_nesting;
                p.fail(s,
                       "expression nested too deeply (more than " + std::to_string(max_nesting) + " levels)");
            }
        }
        ~Depth() { --p.m_nesting; }
        Depth(const Depth&) = delete;
        Depth& operator=(const Depth&) = delete;
    };

    SynId binary(Tok op, std::string word, SynId l, SynId r) {
        SynExpr e;
        e.kind = SynKind::Binary;
        e.op = op;
        e.text = std::move(word);
        e.args = {l, r};
        e.span = {ex(l).span.file, ex(l).span.begin, ex(r).span.end};
        return add(std::move(e));
    }

    SynId expr() {
        Depth d(*this, cur().span);
        return or_expr();
    }
    SynId or_expr() {
        SynId l = and_expr();
        while (at_word("or")) {
            advance();
            l = binary(Tok::Ident, "or", l, and_expr());
        }
        return l;
    }
    SynId and_expr() {
        SynId l = not_expr();
        while (at_word("and")) {
            advance();
            l = binary(Tok::Ident, "and", l, not_expr());
        }
        return l;
    }
    SynId not_expr() {
        if (at_word("not")) {
            Span b = advance().span;
            Depth d(*this, b);
            SynId inner = not_expr();
            SynExpr e;
            e.kind = SynKind::Not;
            e.args = {inner};
            e.span = {b.file, b.begin, ex(inner).span.end};
            return add(std::move(e));
        }
        return comparison();
    }
    SynId comparison() {
        SynId l = additive();
        switch (cur().kind) {
        case Tok::EqEq:
        case Tok::NotEq:
        case Tok::Lt:
        case Tok::Le:
        case Tok::Gt:
        case Tok::Ge: {
            Tok op = advance().kind;
            return binary(op, "", l, additive());
        }
        default:
            break;
        }
        if (at_word("in") && peek_tok().kind == Tok::LBrace) {
            advance();
            advance();
            SynExpr e;
            e.kind = SynKind::In;
            e.args = {l};
            while (!accept(Tok::RBrace)) {
                Name m = ident("an enum member");
                e.members.push_back(m.text);
                e.member_spans.push_back(m.span);
                if (!accept(Tok::Comma)) {
                    expect(Tok::RBrace, "',' or '}'");
                    break;
                }
            }
            e.span = from(ex(l).span);
            return add(std::move(e));
        }
        return l;
    }
    SynId additive() {
        SynId l = multiplicative();
        while (at(Tok::Plus) || at(Tok::Minus)) {
            Tok op = advance().kind;
            l = binary(op, "", l, multiplicative());
        }
        return l;
    }
    SynId multiplicative() {
        SynId l = unary();
        while (at(Tok::Star) || at(Tok::Slash) || at_word("of")) {
            bool of = at_word("of");
            Tok op = advance().kind;
            l = binary(of ? Tok::Star : op, of ? "of" : "", l, unary());
        }
        return l;
    }
    SynId unary() {
        if (at(Tok::Minus)) {
            Span b = advance().span;
            Depth d(*this, b);
            SynId inner = unary();
            SynExpr e;
            e.kind = SynKind::Neg;
            e.args = {inner};
            e.span = {b.file, b.begin, ex(inner).span.end};
            return add(std::move(e));
        }
        return primary();
    }

    //! A number with its unit word: money, a duration, or a bare number.
    SynId primary_with_unit() {
        if (!at(Tok::Number))
            return primary();
        const Token& t = advance();
        SynExpr e;
        e.kind = SynKind::Number;
        e.mantissa = t.mantissa;
        e.frac_digits = t.frac_digits;
        e.span = t.span;
        if (at(Tok::Ident)) {
            std::string_view u = cur().text;
            int64_t fen_mult = currency_fen(u);
            if (fen_mult != 0) {
                Span us = advance().span;
                e.span.end = us.end;
                detail::i128 v = static_cast<detail::i128>(e.mantissa) * fen_mult;
                detail::i128 p = 1;
                for (int i = 0; i < e.frac_digits; ++i)
                    p *= 10;
                if (v % p != 0)
                    fail(e.span, "money is exact to the fen (0.01 yuan); '" +
                                     std::string(m_sm.slice(e.span)) + "' is finer");
                v /= p;
                if (v > INT64_MAX / 1000)
                    fail(e.span, "amount too large");
                e.kind = SynKind::Money;
                e.value = static_cast<int64_t>(v);
                return add(std::move(e));
            }
            DurationUnit du{};
            bool is_dur = true;
            if (u == "days" || u == "day")
                du = DurationUnit::Days;
            else if (u == "workdays" || u == "workday")
                du = DurationUnit::Workdays;
            else if (u == "months" || u == "month")
                du = DurationUnit::Months;
            else if (u == "years" || u == "year")
                du = DurationUnit::Years;
            else
                is_dur = false;
            if (is_dur) {
                Span us = advance().span;
                e.span.end = us.end;
                if (e.frac_digits != 0)
                    fail(e.span, "a duration is a whole number of " + std::string(u));
                if (e.mantissa > 1'000'000)
                    fail(e.span, "duration too long");
                e.kind = SynKind::Duration;
                e.unit = du;
                e.value = e.mantissa;
                return add(std::move(e));
            }
        }
        return add(std::move(e));
    }

    SynId primary() {
        const Token& t = cur();
        switch (t.kind) {
        case Tok::Number:
            return primary_with_unit();
        case Tok::Percent: {
            advance();
            SynExpr e;
            e.kind = SynKind::Percent;
            e.mantissa = t.mantissa;
            e.frac_digits = t.frac_digits;
            e.span = t.span;
            return add(std::move(e));
        }
        case Tok::Date: {
            advance();
            SynExpr e;
            e.kind = SynKind::Date;
            e.value = t.date;
            e.span = t.span;
            return add(std::move(e));
        }
        case Tok::String: {
            advance();
            SynExpr e;
            e.kind = SynKind::String;
            e.text = t.value;
            e.span = t.span;
            return add(std::move(e));
        }
        case Tok::LParen: {
            Span b = advance().span;
            Depth d(*this, b);
            SynId inner = or_expr();
            expect(Tok::RParen, "')'");
            ex(inner).span = from(b);
            return inner;
        }
        case Tok::Ident:
            break;
        default:
            fail_expected("an expression");
        }
        std::string_view w = t.text;
        if (w == "true" || w == "false") {
            advance();
            SynExpr e;
            e.kind = SynKind::Bool;
            e.value = w == "true" ? 1 : 0;
            e.span = t.span;
            return add(std::move(e));
        }
        if (w == "today") {
            advance();
            SynExpr e;
            e.kind = SynKind::Today;
            e.span = t.span;
            return add(std::move(e));
        }
        if (w == "if") {
            Span b = advance().span;
            Depth d(*this, b);
            SynExpr e;
            e.kind = SynKind::Ite;
            SynId c = or_expr();
            expect_word("then");
            SynId a = or_expr();
            expect_word("else");
            SynId z = or_expr();
            e.args = {c, a, z};
            e.span = from(b);
            return add(std::move(e));
        }
        if (w == "min" || w == "max") {
            Span b = advance().span;
            Depth d(*this, b);
            SynExpr e;
            e.kind = SynKind::Call;
            e.text = std::string(w);
            expect(Tok::LParen, "'(' after " + std::string(w));
            do {
                e.args.push_back(or_expr());
            } while (accept(Tok::Comma));
            expect(Tok::RParen, "')'");
            e.span = from(b);
            return add(std::move(e));
        }
        Name n = dotted("an expression");
        SynExpr e;
        e.kind = SynKind::Name;
        e.text = n.text;
        e.span = n.span;
        return add(std::move(e));
    }

    const SourceManager& m_sm;
    const std::vector<Token>& m_toks;
    Diagnostics& m_diags;
    SyntaxFile m_out;
    size_t m_pos = 0;
    int m_depth = 0;
    int m_nesting = 0;
    std::vector<uint32_t> m_heights; //!< height of each expression tree in m_out.exprs
};

} // namespace

SyntaxFile parse(const SourceManager& sm, uint32_t file, const LexResult& lexed, Diagnostics& diags) {
    return Parser(sm, file, lexed, diags).run();
}

} // namespace lexsim::rules::detail
