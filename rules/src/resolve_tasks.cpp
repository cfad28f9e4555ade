// Resolver pass 2, tasks and steps: who leads and does them, what they come after, their deadlines
// (dates, parameters, windows, counted from another task or an event) and their durations.
#include "resolver.hpp"

namespace lexsim::rules::detail {

void Resolver::resolve_task(SyntaxFile& f, RawTask& t, Task& tk, DocumentId d) {
    tk.article = t.article;
    tk.text = t.text;
    tk.group = t.group;
    tk.note = t.note;
    tk.start = t.start;
    if (t.text.empty())
        error(t.name.span, std::string(task_kind_name(t.kind)) + " '" + t.name.text + "' has no 'text'");
    for (auto& n : t.leads)
        if (int32_t o = lookup(SymbolKind::Official, n); o >= 0)
            tk.leads.push_back(o);
    auto units = [&](std::vector<Name>& names, std::vector<int32_t>& out) {
        for (auto& n : names)
            if (int32_t u = lookup(SymbolKind::Unit, n); u >= 0)
                out.push_back(u);
    };
    units(t.owners, tk.owners);
    units(t.responsible, tk.responsible);
    units(t.co, tk.co);
    int32_t self = m_symbols.find(SymbolKind::Task, tk.id)->index;
    for (auto& n : t.after) {
        int32_t x = lookup(SymbolKind::Task, n, d);
        if (x >= 0 && x == self)
            error(n.span, "a task cannot come after itself");
        else if (x >= 0)
            tk.after.push_back(x);
    }
    resolve_deadline(f, t.deadline, tk.deadline, self, d);
    for (auto& raw : t.more_deadlines)
        resolve_deadline(f, raw, tk.more_deadlines.emplace_back(), self, d);
    resolve_durations(f, t, tk);
    if (tk.start && tk.deadline.kind == DeadlineKind::Date && tk.deadline.date < *tk.start)
        error(t.deadline.span, "the deadline is before the start");
    for (auto& x : t.targets)
        tk.targets.push_back(resolve_target(f, x));
    for (auto& x : t.reported)
        tk.reported.push_back(resolve_reported(f, x));
}

void Resolver::resolve_deadline(SyntaxFile& f, RawDeadline& raw, Deadline& out, int32_t task, DocumentId d) {
    out.kind = raw.kind;
    out.date = raw.date;
    out.window_start = raw.window_start;
    out.wording = raw.wording;
    out.span = raw.span;
    if (raw.kind == DeadlineKind::Window && raw.window_start > raw.date)
        error(raw.span, "the deadline window ends before it starts");
    if (raw.param) {
        int32_t p = lookup(SymbolKind::Param, *raw.param);
        if (p >= 0 && m_rs.params[static_cast<size_t>(p)].type.kind != TypeKind::Date)
            error(raw.param->span, "a deadline parameter must be a date");
        else if (p >= 0)
            out.param = p;
    }
    // Relative and event deadlines ("收到…之日起 15 个工作日内", "雨后 24 小时内", "汛前").
    out.from_end = raw.from_end;
    out.event = raw.event;
    out.before_event = raw.before_event;
    if (raw.amount != no_syn)
        out.amount = duration(f, raw.amount);
    if (raw.anchor) {
        int32_t x = lookup(SymbolKind::Task, *raw.anchor, d);
        if (x >= 0 && x == task)
            error(raw.anchor->span, "a deadline cannot be counted from its own task");
        else if (x >= 0)
            out.anchor = x;
    }
}

void Resolver::resolve_durations(SyntaxFile& f, RawTask& t, Task& tk) {
    if (t.duration_low != no_syn)
        tk.duration_low = duration(f, t.duration_low);
    if (t.duration_high != no_syn) {
        tk.duration_high = duration(f, t.duration_high);
        if (tk.duration_low != no_expr && tk.duration_high != no_expr &&
            type_of(tk.duration_low).kind != type_of(tk.duration_high).kind)
            error(node(tk.duration_high).span, "both ends of a duration range must be in the same unit");
    }
    for (ExprId x : {tk.duration_low, tk.duration_high})
        if (x != no_expr && node(x).op == ExprOp::Literal && node(x).value < 0)
            m_diags.warning(node(x).span, "a negative duration");
    if (tk.duration_low != no_expr && tk.duration_high != no_expr &&
        node(tk.duration_low).op == ExprOp::Literal && node(tk.duration_high).op == ExprOp::Literal &&
        node(tk.duration_low).value > node(tk.duration_high).value)
        error(node(tk.duration_low).span, "the duration's low end exceeds its high end");
}

ExprId Resolver::duration(SyntaxFile& f, SynId s) {
    ExprContext c{&f, -1, false};
    ExprId e = m_types.check(c, s, std::nullopt);
    if (e == no_expr)
        return e;
    TypeKind k = type_of(e).kind;
    if (k != TypeKind::Days && k != TypeKind::Workdays) {
        error(node(e).span,
              "expected a duration in days or workdays, found " + m_types.type_name(type_of(e)));
        return no_expr;
    }
    return e;
}

} // namespace lexsim::rules::detail
