// lexsim diff (two versions, one context, shared variables) and lexsim bounds (z3::optimize).
#include "lexsim/solver/compare.hpp"

#include "encoder.hpp"
#include "lexsim/rules/calendar.hpp"
#include "lexsim/rules/evaluator.hpp"
#include "optimum.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace lexsim::solver {

const char* diff_verdict_name(DiffVerdict v) {
    switch (v) {
    case DiffVerdict::Equivalent:
        return "equivalent";
    case DiffVerdict::MoreGenerous:
        return "more generous";
    case DiffVerdict::LessGenerous:
        return "less generous";
    case DiffVerdict::Incomparable:
        return "incomparable";
    case DiffVerdict::Unknown:
        return "unknown";
    }
    return "unknown";
}

namespace {

using detail::Encoder;
using detail::Situation;

bool quantified(const rules::Grant& g) {
    return g.amount_kind == rules::AmountKind::UpTo || g.amount_kind == rules::AmountKind::Exact;
}

//! Total of one benefit for a situation, as the evaluator sums it: for the evaluation year, or (`term`)
//! over the whole term of the grants that apply on the situation's date, where a yearly grant for N years
//! counts N times and any other (once, or a plain amount) once. Open-ended yearly grants have no finite
//! term; diff() compares the term only where none is.
z3::expr benefit_total(Encoder& enc, int32_t benefit, const Situation& s, bool term = false) {
    const rules::RuleSet& rs = enc.rules();
    z3::expr sum = enc.ctx().int_val(0);
    for (rules::ClauseId i : rs.clause_ids()) {
        const rules::Clause& c = rs.clause(i);
        if (c.entity != s.entity)
            continue;
        for (size_t g = 0; g < c.grants.size(); ++g) {
            const rules::Grant& gr = c.grants[g];
            if (gr.benefit != benefit || !quantified(gr))
                continue;
            int64_t times = term && gr.per_year && gr.years > 0 ? gr.years : 1;
            sum = sum + z3::ite(enc.applies(i, s), enc.grant_amount(i, g, s) * enc.ctx().int_val(times),
                                enc.ctx().int_val(0));
        }
    }
    return sum;
}

//! The longest term, in years, of the benefit's quantified grants that apply (0 when none does).
z3::expr benefit_years(Encoder& enc, int32_t benefit, const Situation& s) {
    const rules::RuleSet& rs = enc.rules();
    z3::expr most = enc.ctx().int_val(0);
    for (rules::ClauseId i : rs.clause_ids()) {
        const rules::Clause& c = rs.clause(i);
        if (c.entity != s.entity)
            continue;
        for (const auto& gr : c.grants) {
            if (gr.benefit != benefit || !quantified(gr))
                continue;
            z3::expr years = enc.ctx().int_val(gr.per_year && gr.years > 0 ? gr.years : 1);
            most = z3::ite(enc.applies(i, s) && years > most, years, most);
        }
    }
    return most;
}

//! 1 when an in-kind or unquantified grant of the benefit applies, else 0.
z3::expr benefit_granted(Encoder& enc, int32_t benefit, const Situation& s) {
    const rules::RuleSet& rs = enc.rules();
    z3::expr any = enc.ctx().bool_val(false);
    for (rules::ClauseId i : rs.clause_ids()) {
        const rules::Clause& c = rs.clause(i);
        if (c.entity != s.entity)
            continue;
        for (const auto& gr : c.grants)
            if (gr.benefit == benefit && !quantified(gr))
                any = any || enc.applies(i, s);
    }
    return z3::ite(any, enc.ctx().int_val(1), enc.ctx().int_val(0));
}

//! What the grants of one benefit for one entity kind look like, over both versions.
struct GrantShape {
    bool money = false;      //!< some grant is quantified
    bool multi_year = false; //!< some quantified grant is yearly for a stated number of years
    bool open_ended = false; //!< some quantified grant is yearly with no end
};

DiffVerdict verdict_of(z3::check_result more, z3::check_result less) {
    if (more == z3::unknown || less == z3::unknown)
        return DiffVerdict::Unknown;
    if (more == z3::sat && less == z3::sat)
        return DiffVerdict::Incomparable;
    if (more == z3::sat)
        return DiffVerdict::MoreGenerous;
    if (less == z3::sat)
        return DiffVerdict::LessGenerous;
    return DiffVerdict::Equivalent;
}

int64_t as_i64(const z3::model& m, const z3::expr& e) {
    z3::expr v = m.eval(e, true);
    if (v.is_bool())
        return v.is_true() ? 1 : 0;
    int64_t out = 0;
    v.is_numeral_i64(out);
    return out;
}

//! The entity row a model describes, for one rule set.
rules::EntityRow row_from(const rules::RuleSet& rs, int32_t entity, const z3::model& m, const Situation& s) {
    rules::EntityRow row = rules::make_row(rs, entity);
    for (size_t i = 0; i < s.attrs.size(); ++i)
        row.set(static_cast<int32_t>(i), as_i64(m, s.attrs[i]));
    return row;
}

rules::ParamRow params_from(Encoder& enc, int32_t date, const z3::model& m) {
    const rules::RuleSet& rs = enc.rules();
    rules::ParamRow p = rules::resolve_params(rs, date);
    for (size_t i = 0; i < rs.params.size(); ++i)
        if (enc.is_open(static_cast<int32_t>(i))) {
            p.values[i] = as_i64(m, enc.open_param(static_cast<int32_t>(i)));
            p.present[i] = 1;
        }
    return p;
}

std::optional<std::string> incompatible(const rules::RuleSet& a, int32_t ea, const rules::RuleSet& b,
                                        int32_t eb) {
    for (const auto& x : a.entities[static_cast<size_t>(ea)].attrs) {
        auto slot = b.find_attribute(eb, x.name);
        if (!slot)
            continue;
        const auto& y = b.entities[static_cast<size_t>(eb)].attrs[static_cast<size_t>(*slot)];
        if (x.type.kind != y.type.kind)
            return "attribute '" + x.name + "' has type " + rules::type_name(a, x.type) +
                   " in one version and " + rules::type_name(b, y.type) + " in the other";
        if (x.type.kind == rules::TypeKind::Enum) {
            const auto& ma = a.enums[static_cast<size_t>(x.type.enum_id)].members;
            const auto& mb = b.enums[static_cast<size_t>(y.type.enum_id)].members;
            bool same = ma.size() == mb.size();
            for (size_t i = 0; same && i < ma.size(); ++i)
                same = ma[i].name == mb[i].name;
            if (!same)
                return "the members of enum attribute '" + x.name + "' differ between the versions";
        }
    }
    return std::nullopt;
}

void set_limit(z3::solver& s, const CheckOptions& options) {
    s.set("rlimit", static_cast<unsigned>(options.rlimit));
    if (options.timeout_ms != 0)
        s.set("timeout", options.timeout_ms);
}

} // namespace

// Over 80 lines: the comparison of one benefit for one entity kind builds its Z3 terms, probes and witness
// re-runs in one scope (rendering is already in compare_report.cpp). Splitting it into query, probe and
// re-run parts is on the tracker; it must keep the order terms are created, which moves Z3's witnesses.
// NOLINTNEXTLINE(readability-function-size)
DiffReport diff(const rules::RuleSet& older, const rules::RuleSet& newer, const CheckOptions& options) {
    DiffReport out;
    try {
        auto ctx = std::make_shared<z3::context>();
        Encoder eo(older, ctx), en(newer, ctx);
        std::set<std::string> names;
        for (const auto& b : older.benefits)
            names.insert(b.name);
        for (const auto& b : newer.benefits)
            names.insert(b.name);
        for (const auto& bname : names) {
            auto bo = older.find_benefit(bname);
            auto bn = newer.find_benefit(bname);
            // The entity kinds that clauses of this benefit are about, by name, and their grants' shape.
            std::map<std::string, GrantShape> kinds;
            auto collect = [&](const rules::RuleSet& rs, std::optional<int32_t> b) {
                if (!b)
                    return;
                for (const auto& c : rs.clauses)
                    for (const auto& g : c.grants) {
                        if (g.benefit != *b || c.entity < 0)
                            continue;
                        GrantShape& shape = kinds[rs.entities[static_cast<size_t>(c.entity)].name];
                        if (!quantified(g))
                            continue;
                        shape.money = true;
                        shape.multi_year = shape.multi_year || (g.per_year && g.years > 0);
                        shape.open_ended = shape.open_ended || (g.per_year && g.years <= 0);
                    }
            };
            collect(older, bo);
            collect(newer, bn);
            for (const auto& entry : kinds) {
                const std::string& kind = entry.first;
                const GrantShape& shape = entry.second;
                auto io = older.find_entity(kind);
                auto in = newer.find_entity(kind);
                if (io && in) {
                    if (auto why = incompatible(older, *io, newer, *in)) {
                        out.errors.push_back("cannot compare " + bname + " for " + kind + ": " + *why);
                        continue;
                    }
                }
                BenefitDiff d;
                d.benefit = bname;
                d.entity = kind;
                d.in_kind = !shape.money;
                z3::solver s(*ctx);
                set_limit(s, options);
                std::optional<Situation> so, sn;
                // Per version: the total in the year of evaluation (or, in kind, whether it is granted),
                // the total over the grants' whole term, and the longest term that applies.
                z3::expr total_old = ctx->int_val(0), total_new = ctx->int_val(0);
                z3::expr term_old = ctx->int_val(0), term_new = ctx->int_val(0);
                z3::expr years_old = ctx->int_val(0), years_new = ctx->int_val(0);
                if (io) {
                    so = eo.situation(*io);
                    for (const auto& f : eo.domain(*so))
                        s.add(f);
                    if (bo) {
                        total_old = d.in_kind ? benefit_granted(eo, *bo, *so) : benefit_total(eo, *bo, *so);
                        term_old = benefit_total(eo, *bo, *so, true);
                        years_old = benefit_years(eo, *bo, *so);
                    }
                }
                if (in) {
                    sn = en.situation(*in);
                    for (const auto& f : en.domain(*sn))
                        s.add(f);
                    if (bn) {
                        total_new = d.in_kind ? benefit_granted(en, *bn, *sn) : benefit_total(en, *bn, *sn);
                        term_new = benefit_total(en, *bn, *sn, true);
                        years_new = benefit_years(en, *bn, *sn);
                    }
                }
                for (const auto& f : eo.param_domain())
                    s.add(f);
                for (const auto& f : en.param_domain())
                    s.add(f);
                const z3::expr& date = so ? so->date : sn->date;
                auto probe = [&](const z3::expr& q,
                                 bool term) -> std::pair<z3::check_result, std::optional<DiffWitness>> {
                    s.push();
                    s.add(q);
                    z3::check_result r = s.check();
                    std::optional<DiffWitness> w;
                    if (r == z3::sat) {
                        z3::model m = s.get_model();
                        DiffWitness dw;
                        dw.entity = kind;
                        dw.date = static_cast<int32_t>(as_i64(m, date));
                        dw.old_total = as_i64(m, total_old);
                        dw.new_total = as_i64(m, total_new);
                        if (term) {
                            dw.old_term = as_i64(m, term_old);
                            dw.new_term = as_i64(m, term_new);
                            dw.old_years = static_cast<int32_t>(as_i64(m, years_old));
                            dw.new_years = static_cast<int32_t>(as_i64(m, years_new));
                        }
                        bool ok = true;
                        std::vector<std::string> shown;
                        auto rerun = [&](const rules::RuleSet& rs, Encoder& enc, std::optional<int32_t> ent,
                                         const std::optional<Situation>& sit, std::optional<int32_t> b,
                                         int64_t want, int64_t want_term) {
                            if (!ent || !sit)
                                return want == 0 && want_term == 0;
                            rules::EntityRow row = row_from(rs, *ent, m, *sit);
                            rules::Evaluation ev =
                                rules::evaluate(rs, row, dw.date, params_from(enc, dw.date, m));
                            for (const auto& c : rs.clauses) {
                                if (c.entity != *ent)
                                    continue;
                                bool pays = false;
                                for (const auto& g : c.grants)
                                    pays = pays || (b && g.benefit == *b);
                                if (!pays)
                                    continue;
                                std::function<void(rules::ExprId)> walk = [&](rules::ExprId id) {
                                    if (id == rules::no_expr)
                                        return;
                                    const rules::Expr& e = rs.expr(id);
                                    if (e.op == rules::ExprOp::Attr) {
                                        const auto& a = rs.entities[static_cast<size_t>(*ent)]
                                                            .attrs[static_cast<size_t>(e.value)];
                                        if (std::find(shown.begin(), shown.end(), a.name) == shown.end()) {
                                            shown.push_back(a.name);
                                            dw.attributes.emplace_back(
                                                a.name,
                                                rules::format_value(
                                                    rs, a.type, row.values[static_cast<size_t>(e.value)]));
                                        }
                                    }
                                    walk(e.a);
                                    walk(e.b);
                                    walk(e.c);
                                    if (e.op == rules::ExprOp::Min || e.op == rules::ExprOp::Max)
                                        for (uint32_t k = 0; k < e.list_count; ++k)
                                            walk(static_cast<rules::ExprId>(rs.lists[e.list_begin + k]));
                                };
                                walk(c.condition);
                                for (const auto& g : c.grants)
                                    walk(g.amount);
                            }
                            if (!b)
                                return want == 0 && want_term == 0;
                            int64_t got = 0, got_term = 0;
                            for (const auto& g : ev.grants) {
                                if (g.benefit != *b)
                                    continue;
                                if (!g.quantified)
                                    got = d.in_kind ? 1 : got;
                                else if (g.last_year != INT32_MAX)
                                    got_term += g.amount * (int64_t{g.last_year} - g.first_year + 1);
                            }
                            if (!d.in_kind)
                                got = ev.total(*b, rules::civil_from_days(dw.date).year);
                            return got == want && (!term || got_term == want_term);
                        };
                        ok = rerun(older, eo, io, so, bo, dw.old_total, dw.old_term) &&
                             rerun(newer, en, in, sn, bn, dw.new_total, dw.new_term);
                        dw.verified = ok;
                        if (!ok)
                            out.errors.push_back("the evaluator disagrees with the solver's witness for " +
                                                 bname + " (" + kind + ")");
                        w = dw;
                    }
                    s.pop();
                    return {r, w};
                };
                auto [more, mw] = probe(total_new > total_old, false);
                auto [less, lw] = probe(total_new < total_old, false);
                d.more = mw;
                d.less = lw;
                d.verdict = verdict_of(more, less);
                if (d.verdict == DiffVerdict::Unknown)
                    d.reason = s.reason_unknown();
                if (shape.multi_year && !shape.open_ended) {
                    TermDiff t;
                    auto [tmore, tmw] = probe(term_new > term_old, true);
                    auto [tless, tlw] = probe(term_new < term_old, true);
                    t.more = tmw;
                    t.less = tlw;
                    t.verdict = verdict_of(tmore, tless);
                    if (t.verdict == DiffVerdict::Unknown && d.reason.empty())
                        d.reason = s.reason_unknown();
                    // The largest change of the term's total, where it is bounded.
                    auto facts_at = [&](int64_t scale) {
                        std::vector<z3::expr> f;
                        if (so)
                            for (const auto& x : eo.domain(*so, scale))
                                f.push_back(x);
                        if (sn)
                            for (const auto& x : en.domain(*sn, scale))
                                f.push_back(x);
                        for (const auto& x : eo.param_domain(scale))
                            f.push_back(x);
                        for (const auto& x : en.param_domain(scale))
                            f.push_back(x);
                        return f;
                    };
                    auto facts = facts_at(1), narrower = facts_at(10), narrowest = facts_at(100);
                    if (t.more)
                        t.most_more = detail::maximum(*ctx, facts, narrower, narrowest, term_new - term_old,
                                                      options.rlimit, options.timeout_ms, t.bound_unknown);
                    if (t.less)
                        t.most_less = detail::maximum(*ctx, facts, narrower, narrowest, term_old - term_new,
                                                      options.rlimit, options.timeout_ms, t.bound_unknown);
                    d.term = std::move(t);
                }
                out.benefits.push_back(std::move(d));
            }
        }
    } catch (const z3::exception& e) {
        out.errors.push_back(std::string("Z3: ") + e.msg());
    }
    return out;
}

BoundsReport bounds(const rules::RuleSet& rs, const CheckOptions& options) {
    BoundsReport out;
    Encoder enc(rs);
    std::map<int32_t, Situation> sits;
    auto facts_for = [&](int32_t entity, int64_t scale = 1) {
        if (!sits.count(entity))
            sits.emplace(entity, enc.situation(entity));
        std::vector<z3::expr> f = enc.domain(sits.at(entity), scale);
        for (const auto& p : enc.param_domain(scale))
            f.push_back(p);
        return f;
    };
    for (rules::ClauseId i : rs.clause_ids()) {
        const rules::Clause& c = rs.clause(i);
        if (c.entity < 0)
            continue;
        for (size_t g = 0; g < c.grants.size(); ++g) {
            const rules::Grant& gr = c.grants[g];
            if (!quantified(gr))
                continue;
            auto facts = facts_for(c.entity);
            auto narrower = facts_for(c.entity, 10), narrowest = facts_for(c.entity, 100);
            const Situation& s = sits.at(c.entity);
            detail::Term t = enc.grant_term(i, g, s);
            for (auto* f : {&facts, &narrower, &narrowest}) {
                f->push_back(enc.applies(i, s));
                f->push_back(t.def);
            }
            ClauseBound b;
            b.clause = i;
            b.grant = static_cast<int32_t>(g);
            b.per_entity = detail::maximum(enc.ctx(), facts, narrower, narrowest, t.v, options.rlimit,
                                           options.timeout_ms, b.unknown);
            int64_t product = 0;
            if (b.per_entity && gr.quota > 0) {
                if (__builtin_mul_overflow(*b.per_entity, static_cast<int64_t>(gr.quota), &product))
                    b.per_year_overflow = true; // never a wrapped, negative figure
                else
                    b.per_year = product;
            }
            if (gr.pool >= 0)
                b.per_year = b.per_year ? std::min(*b.per_year, gr.pool) : gr.pool;
            out.clauses.push_back(b);
        }
    }
    std::set<std::pair<int32_t, int32_t>> pairs;
    for (const auto& c : rs.clauses)
        for (const auto& g : c.grants)
            if (c.entity >= 0 && quantified(g))
                pairs.insert({g.benefit, c.entity});
    std::map<int32_t, z3::expr> overall;
    for (auto [benefit, entity] : pairs) {
        auto facts = facts_for(entity);
        const Situation& s = sits.at(entity);
        z3::expr total = benefit_total(enc, benefit, s);
        BenefitBound b;
        b.benefit = rs.benefits[static_cast<size_t>(benefit)].name;
        b.entity = rs.entities[static_cast<size_t>(entity)].name;
        b.per_entity = detail::maximum(enc.ctx(), facts, facts_for(entity, 10), facts_for(entity, 100), total,
                                       options.rlimit, options.timeout_ms, b.unknown);
        out.benefits.push_back(b);
        auto it = overall.find(entity);
        if (it == overall.end())
            overall.emplace(entity, total);
        else
            it->second = it->second + total;
    }
    for (auto& [entity, total] : overall) {
        bool unknown = false;
        out.entities.emplace_back(rs.entities[static_cast<size_t>(entity)].name,
                                  detail::maximum(enc.ctx(), facts_for(entity), facts_for(entity, 10),
                                                  facts_for(entity, 100), total, options.rlimit,
                                                  options.timeout_ms, unknown));
    }
    return out;
}

} // namespace lexsim::solver
