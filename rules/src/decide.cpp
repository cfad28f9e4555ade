#include "lexsim/rules/decide.hpp"

#include "lexsim/rules/exclusion.hpp"

#include <algorithm>

namespace lexsim::rules {

namespace {
bool quantified(const Grant& g) {
    return g.amount_kind == AmountKind::UpTo || g.amount_kind == AmountKind::Exact;
}
} // namespace

Decider::Decider(const RuleSet& rs, int32_t entity) : m_rs(rs), m_entity(entity) {
    m_grant_begin.push_back(0);
    for (ClauseId c : rs.clause_ids()) {
        if (rs.clause(c).entity != entity)
            continue;
        m_clauses.push_back(c);
        m_grant_begin.push_back(m_grant_begin.back() + static_cast<uint32_t>(rs.clause(c).grants.size()));
    }
    // Who excludes whom and `exclusive with` partners: the one index, renumbered for these clauses.
    ExclusionIndex::Local index = ExclusionIndex(rs).restrict(m_clauses);
    m_excluded_by = std::move(index.excluded_by);
    m_partners = std::move(index.partners);
}

Decider::Day Decider::day(int32_t date) const {
    Day d;
    d.date = date;
    d.in_force.assign(m_clauses.size(), 0);
    std::vector<int8_t> doc(m_rs.documents.size(), -1);
    for (size_t k = 0; k < m_clauses.size(); ++k) {
        const Clause& c = m_rs.clause(m_clauses[k]);
        size_t di = c.document.index();
        if (doc[di] < 0)
            doc[di] = document_in_force(m_rs, c.document, date) ? 1 : 0;
        d.in_force[k] = doc[di] == 1 && (!c.from || date >= *c.from) && (!c.until || date <= *c.until);
    }
    return d;
}

Decider::Scratch Decider::scratch() const {
    Scratch s;
    size_t n = m_clauses.size();
    s.status.assign(n, ClauseStatus::NotInForce);
    s.raw.assign(n, ClauseStatus::NotInForce);
    s.by.assign(n, -1);
    s.missing.assign(n, EvalValue{});
    s.amount.assign(n, 0);
    s.grant_amount.assign(grant_count(), 0);
    s.grant_value.assign(grant_count(), EvalValue{});
    return s;
}

void Decider::decide(const EvalInput& in, const Day& day, Scratch& s) const {
    size_t n = m_clauses.size();
    // 1–2: validity and conditions.
    for (size_t k = 0; k < n; ++k) {
        s.by[k] = -1;
        s.missing[k] = EvalValue{};
        if (!day.in_force[k]) {
            s.raw[k] = ClauseStatus::NotInForce;
            continue;
        }
        const Clause& c = m_rs.clause(m_clauses[k]);
        if (c.condition == no_expr) {
            s.raw[k] = ClauseStatus::Applied;
            continue;
        }
        EvalValue v = eval_expr(m_rs, c.condition, in);
        if (v.status == EvalStatus::Ok) {
            s.raw[k] = v.value ? ClauseStatus::Applied : ClauseStatus::NotApplicable;
        } else {
            s.raw[k] = ClauseStatus::Undetermined;
            s.missing[k] = v;
        }
    }
    // 3: exclusions, decided on the statuses before any exclusion (they do not chain).
    for (size_t k = 0; k < n; ++k) {
        s.status[k] = s.raw[k];
        if (s.raw[k] != ClauseStatus::Applied)
            continue;
        for (int32_t x : m_excluded_by[k]) {
            if (s.raw[static_cast<size_t>(x)] == ClauseStatus::Applied) {
                s.status[k] = ClauseStatus::Excluded;
                s.by[k] = x;
                break;
            }
        }
    }
    // 4: grant amounts of the clauses that still apply.
    for (size_t k = 0; k < n; ++k) {
        s.amount[k] = 0;
        const Clause& c = m_rs.clause(m_clauses[k]);
        for (size_t g = 0; g < c.grants.size(); ++g) {
            size_t gi = m_grant_begin[k] + g;
            s.grant_amount[gi] = 0;
            s.grant_value[gi] = EvalValue{};
            if (s.status[k] != ClauseStatus::Applied || !quantified(c.grants[g]) ||
                c.grants[g].amount == no_expr)
                continue;
            EvalValue v = eval_expr(m_rs, c.grants[g].amount, in);
            s.grant_value[gi] = v;
            if (v.status != EvalStatus::Ok)
                continue;
            s.grant_amount[gi] = std::max<int64_t>(v.value, 0);
            if (__builtin_add_overflow(s.amount[k], s.grant_amount[gi], &s.amount[k])) {
                s.amount[k] = INT64_MAX; // only compared for `exclusive with`; the trace reports the overflow
                s.grant_value[gi] = EvalValue{0, EvalStatus::Overflow, -1};
            }
        }
    }
    // 5: `exclusive with` (symmetric): among partners that apply, the higher amount takes precedence, the
    // earlier declared on a tie; decided on the statuses after exclusion, all at once.
    for (size_t k = 0; k < n; ++k)
        s.raw[k] = s.status[k]; // reuse `raw` as the pre-exclusivity statuses
    for (size_t k = 0; k < n; ++k) {
        if (s.raw[k] != ClauseStatus::Applied)
            continue;
        for (int32_t jj : m_partners[k]) {
            auto j = static_cast<size_t>(jj);
            if (s.raw[j] != ClauseStatus::Applied)
                continue;
            bool j_wins = j < k ? s.amount[j] >= s.amount[k] : s.amount[j] > s.amount[k];
            if (j_wins) {
                s.status[k] = ClauseStatus::Superseded;
                s.by[k] = jj;
                break;
            }
        }
    }
}

} // namespace lexsim::rules
