// The columnar program: the Decider's five steps (validity, conditions, exclusions, grant amounts,
// `exclusive with`), each done for a whole chunk of rows before the next.
#include "lexsim/rules/columnar.hpp"

#include "columnar_expr.hpp"

#include <algorithm>
#include <cassert>

namespace lexsim::rules {

namespace {

bool quantified(const Grant& g) {
    return (g.amount_kind == AmountKind::UpTo || g.amount_kind == AmountKind::Exact) && g.amount != no_expr;
}

} // namespace

ColumnarProgram::ColumnarProgram(const RuleSet& rs, int32_t entity) : m_rs(rs), m_entity(entity) {
    // The same index as the Decider's: local clause numbering, flat grants, who excludes whom, partners.
    m_grant_begin.push_back(0);
    for (size_t i = 0; i < rs.clauses.size(); ++i) {
        const Clause& c = rs.clauses[i];
        if (c.entity != entity)
            continue;
        m_clauses.push_back(static_cast<int32_t>(i));
        m_grant_begin.push_back(m_grant_begin.back() + static_cast<uint32_t>(c.grants.size()));
        m_slots = std::max(m_slots, detail::slots_needed(rs, c.condition));
        for (const Grant& g : c.grants)
            if (quantified(g))
                m_slots = std::max(m_slots, detail::slots_needed(rs, g.amount));
    }
    size_t n = m_clauses.size();
    m_excluded_by.resize(n);
    m_partners.resize(n);
    for (size_t k = 0; k < n; ++k) {
        const Clause& x = rs.clauses[static_cast<size_t>(m_clauses[k])];
        for (size_t j = 0; j < n; ++j) {
            if (j == k)
                continue;
            const Clause& y = rs.clauses[static_cast<size_t>(m_clauses[j])];
            bool hits = (x.excludes_document && y.document == x.document && !y.excludes_document) ||
                        std::find(x.excludes.begin(), x.excludes.end(), m_clauses[j]) != x.excludes.end();
            if (hits)
                m_excluded_by[j].push_back(static_cast<int32_t>(k));
            bool partner = std::find(x.exclusive_with.begin(), x.exclusive_with.end(), m_clauses[j]) !=
                               x.exclusive_with.end() ||
                           std::find(y.exclusive_with.begin(), y.exclusive_with.end(), m_clauses[k]) !=
                               y.exclusive_with.end();
            if (partner)
                m_partners[k].push_back(static_cast<int32_t>(j));
        }
    }
}

ColumnarDay ColumnarProgram::day(int32_t date, const ParamRow& params) const {
    ColumnarDay d;
    d.date = date;
    d.in_force.assign(m_clauses.size(), 0);
    std::vector<int8_t> doc(m_rs.documents.size(), -1);
    for (size_t k = 0; k < m_clauses.size(); ++k) {
        const Clause& c = m_rs.clauses[static_cast<size_t>(m_clauses[k])];
        auto di = static_cast<size_t>(c.document);
        if (doc[di] < 0)
            doc[di] = document_in_force(m_rs, c.document, date) ? 1 : 0;
        d.in_force[k] = doc[di] == 1 && (!c.from || date >= *c.from) && (!c.until || date <= *c.until);
    }
    d.params = params.values;
    d.param_present = params.present;
    return d;
}

ColumnarScratch ColumnarProgram::scratch() const {
    ColumnarScratch s;
    size_t cap = m_chunk, n = m_clauses.size(), g = grant_count();
    s.m_cap = cap;
    s.m_status.assign(n * cap, ClauseStatus::NotInForce);
    s.m_raw.assign(n * cap, ClauseStatus::NotInForce);
    s.m_pre.assign(n * cap, ClauseStatus::NotInForce);
    s.m_missing.assign(n * cap, EvalStatus::Ok);
    s.m_amount.assign(n * cap, 0);
    s.m_grant_amount.assign(g * cap, 0);
    s.m_grant_status.assign(g * cap, EvalStatus::Ok);
    // Zeroed, because kernels may read (and ignore) rows outside their selection.
    s.m_values.assign(static_cast<size_t>(m_slots) * cap, 0);
    s.m_statuses.assign(static_cast<size_t>(m_slots) * cap, 0);
    s.m_sel.assign((static_cast<size_t>(m_slots) * 2 + 1) * cap, 0);
    s.m_mask.assign(cap, 0);
    return s;
}

void ColumnarProgram::run(const ColumnarInput& in, size_t row_begin, size_t row_end, const ColumnarDay& day,
                          ColumnarScratch& s) const {
    assert(row_end >= row_begin && row_end - row_begin <= s.m_cap && s.m_cap == m_chunk);
    const size_t cap = s.m_cap;
    const auto rows = static_cast<uint32_t>(row_end - row_begin);
    s.m_rows = rows;
    detail::ExprContext cx{m_rs,          in, row_begin, day, cap, s.m_values.data(), s.m_statuses.data(),
                           s.m_sel.data()};
    const size_t n = m_clauses.size();
    const detail::Sel all{nullptr, rows};

    // 1–2: validity and conditions.
    for (size_t k = 0; k < n; ++k) {
        ClauseStatus* raw = s.m_raw.data() + k * cap;
        EvalStatus* missing = s.m_missing.data() + k * cap;
        const Clause& c = m_rs.clauses[static_cast<size_t>(m_clauses[k])];
        if (!day.in_force[k] || c.condition == no_expr) {
            std::fill(raw, raw + rows, day.in_force[k] ? ClauseStatus::Applied : ClauseStatus::NotInForce);
            std::fill(missing, missing + rows, EvalStatus::Ok);
            continue;
        }
        detail::Operand v = detail::eval_columns(cx, c.condition, all, 0);
        for (uint32_t r = 0; r < rows; ++r) {
            uint8_t st = v.status(r);
            raw[r] = st           ? ClauseStatus::Undetermined
                     : v.value(r) ? ClauseStatus::Applied
                                  : ClauseStatus::NotApplicable;
            missing[r] = static_cast<EvalStatus>(st);
        }
    }
    // 3: exclusions, on the statuses before any exclusion.
    for (size_t k = 0; k < n; ++k) {
        ClauseStatus* st = s.m_status.data() + k * cap;
        const ClauseStatus* raw = s.m_raw.data() + k * cap;
        std::copy(raw, raw + rows, st);
        for (int32_t x : m_excluded_by[k]) {
            const ClauseStatus* other = s.m_raw.data() + static_cast<size_t>(x) * cap;
            for (uint32_t r = 0; r < rows; ++r)
                st[r] = st[r] == ClauseStatus::Applied && other[r] == ClauseStatus::Applied
                            ? ClauseStatus::Excluded
                            : st[r];
        }
    }
    // 4: grant amounts, for the rows where the clause still applies.
    uint16_t* applied = s.m_sel.data() + static_cast<size_t>(m_slots) * 2 * cap;
    for (size_t k = 0; k < n; ++k) {
        int64_t* amount = s.m_amount.data() + k * cap;
        std::fill(amount, amount + rows, 0);
        const Clause& c = m_rs.clauses[static_cast<size_t>(m_clauses[k])];
        const ClauseStatus* st = s.m_status.data() + k * cap;
        uint32_t count = 0;
        for (uint32_t r = 0; r < rows; ++r) {
            applied[count] = static_cast<uint16_t>(r);
            count += st[r] == ClauseStatus::Applied;
        }
        detail::Sel sel{count == rows ? nullptr : applied, count};
        for (size_t g = 0; g < c.grants.size(); ++g) {
            size_t gi = m_grant_begin[k] + g;
            int64_t* out = s.m_grant_amount.data() + gi * cap;
            EvalStatus* gst = s.m_grant_status.data() + gi * cap;
            std::fill(out, out + rows, 0);
            std::fill(gst, gst + rows, EvalStatus::Ok);
            if (count == 0 || !quantified(c.grants[g]))
                continue;
            detail::Operand v = detail::eval_columns(cx, c.grants[g].amount, sel, 0);
            auto body = [&](uint32_t r) {
                uint8_t e = v.status(r);
                int64_t a = e ? 0 : std::max<int64_t>(v.value(r), 0);
                gst[r] = static_cast<EvalStatus>(e);
                out[r] = a;
                amount[r] += a;
            };
            if (sel.idx == nullptr)
                for (uint32_t r = 0; r < rows; ++r)
                    body(r);
            else
                for (uint32_t i = 0; i < count; ++i)
                    body(applied[i]);
        }
    }
    // 5: `exclusive with`: among partners that apply, the higher amount wins, the earlier declared on a tie.
    for (size_t k = 0; k < n; ++k)
        if (!m_partners[k].empty())
            std::copy_n(s.m_status.data() + k * cap, rows, s.m_pre.data() + k * cap);
    uint8_t* beaten = s.m_mask.data();
    for (size_t k = 0; k < n; ++k) {
        if (m_partners[k].empty())
            continue;
        const ClauseStatus* pre_k = s.m_pre.data() + k * cap;
        const int64_t* amt_k = s.m_amount.data() + k * cap;
        std::fill(beaten, beaten + rows, 0);
        for (int32_t jj : m_partners[k]) {
            auto j = static_cast<size_t>(jj);
            const ClauseStatus* pre_j = s.m_pre.data() + j * cap;
            const int64_t* amt_j = s.m_amount.data() + j * cap;
            bool earlier = j < k;
            for (uint32_t r = 0; r < rows; ++r)
                beaten[r] |= pre_j[r] == ClauseStatus::Applied &&
                             (earlier ? amt_j[r] >= amt_k[r] : amt_j[r] > amt_k[r]);
        }
        ClauseStatus* st = s.m_status.data() + k * cap;
        for (uint32_t r = 0; r < rows; ++r)
            st[r] = pre_k[r] == ClauseStatus::Applied && beaten[r] ? ClauseStatus::Superseded : st[r];
    }
}

} // namespace lexsim::rules
