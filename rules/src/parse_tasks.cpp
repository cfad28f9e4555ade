// Parser: tasks, steps and duties, and their deadlines (a date, a window, a parameter, 'none', a period
// after a step or an event, 'before event').
#include "parser.hpp"

namespace lexsim::rules::detail {

void Parser::task() {
    Span b = cur().span;
    RawTask t;
    std::string_view word = advance().text;
    t.kind = word == "step" ? TaskKind::Step : word == "duty" ? TaskKind::Duty : TaskKind::Task;
    t.name = ident(std::string("a ") + task_kind_name(t.kind) + " id");
    fields(task_fields, "task", t.name, [&](TaskField f, Span fs) { task_field(t, f, fs); });
    t.span = from(b);
    m_out.tasks.push_back(std::move(t));
}

void Parser::task_field(RawTask& t, TaskField f, Span fs) {
    switch (f) {
    case TaskField::Article:
        t.article = string("the article label as a string");
        break;
    case TaskField::Text:
        t.text = string("the source text as a string");
        break;
    case TaskField::Group:
        t.group = string("the section heading as a string");
        break;
    case TaskField::Note:
        t.note = string("a note as a string");
        break;
    case TaskField::Leads:
        t.leads = name_list("an official's name as a string", true);
        break;
    case TaskField::Owner:
        t.owners = name_list("a unit name as a string", true);
        break;
    case TaskField::Responsible:
        t.responsible = name_list("a unit name as a string", true);
        break;
    case TaskField::Co:
        t.co = name_list("a unit name as a string", true);
        break;
    case TaskField::Deadline:
        deadline(t, fs);
        break;
    case TaskField::Start:
        t.start = date();
        break;
    case TaskField::Duration:
        t.duration_low = expr();
        if (accept(Tok::DotDot))
            t.duration_high = expr();
        break;
    case TaskField::After:
        t.after = name_list("a task or step id", false);
        break;
    case TaskField::Target:
        t.targets.push_back(target_stmt(fs));
        break;
    case TaskField::Reported:
        t.reported.push_back(reported_stmt(fs));
        break;
    }
}

void Parser::deadline(RawTask& t, Span fs) {
    // A second deadline (an in-text or event one beside the table's) goes to more_deadlines.
    RawDeadline& d = t.deadline.kind == DeadlineKind::Unset ? t.deadline : t.more_deadlines.emplace_back();
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
        fail_expected(
            "a date, 'none', a date parameter, a period 'after' a step or event, or 'before event'");
    }
    d.wording = string("the deadline wording as printed, as a string (\"\" for a blank cell)");
    d.span = from(fs);
}

//! `deadline 15 workdays after [start of | end of] STEP "…"` or `deadline 1 days after event "…" "…"`.
void Parser::relative_deadline(RawDeadline& d) {
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

} // namespace lexsim::rules::detail
