#!/usr/bin/env python3
"""The 51 firm clauses of 通政发〔2024〕8号 and 14号 in numpy, vectorised over firms.

This is the reference bench/run times lexsim against: what a competent numpy user
writes when computing entitlements the way OpenFisca does (one array per variable,
one vectorised formula per clause, no Python loop over firms). It reads a population
written by lexsim_bench_rules (PREFIX.bin: int64 columns in attribute order;
PREFIX.json: names, enum members, parameter values and lexsim's per-clause totals),
checks that every clause's recipients and outlay equal lexsim's to the fen, then
times the evaluation (best of REPEATS; wall-clock and CPU seconds) and prints one JSON line.

Money is in fen, rates in millionths, as in lexsim; products round down (numpy's //
on int64 floors, as lexsim does). Usage: firm_clauses.py PREFIX [REPEATS]
"""
import json
import sys
import time

import numpy as np

MICRO = 1_000_000
WAN = 1_000_000  # fen per 万元


def pct(p, x):
    """p% of x, rounded down to a fen (p may be fractional)."""
    return (int(round(p * 10_000)) * x) // MICRO


def load(prefix):
    with open(prefix + ".json", encoding="utf-8") as f:
        meta = json.load(f)
    names = meta["attributes"]
    raw = np.fromfile(prefix + ".bin", dtype=np.int64).reshape(len(names), meta["rows"])
    cols = {}
    for i, name in enumerate(names):
        if name in meta["bools"]:
            cols[name] = raw[i] != 0
        elif name in meta["members"]:
            cols[name] = raw[i].astype(np.int8)
        else:
            cols[name] = raw[i].copy()
    return meta, cols


def evaluate(c, code, p):
    """Per clause: (applies, amount or None). `code(attr, member)` gives an enum member's index."""
    def is_(attr, *members):
        col = c[attr]
        out = col == code(attr, members[0])
        for m in members[1:]:
            out |= col == code(attr, m)
        return out

    def not_(attr, member):
        return c[attr] != code(attr, member)

    es = p["established_standard"]
    rc = c["regional_contribution"]
    sme = is_("firm_size", "medium", "small", "micro")
    platforms = ("existing", "new")
    recognisers = ("development_reform", "science_tech", "housing_construction")
    n = len(rc)
    everyone = np.ones(n, dtype=bool)
    r = {}
    # 通政发〔2024〕8号
    r["m01_new"] = (is_("chain_head", "new_head"), pct(70, rc))
    r["m01_existing"] = (is_("chain_head", "existing_head"), pct(70, c["regional_contribution_increment"]))
    r["m02"] = (is_("introduced_by", "chain_master", "building_park_operator") & c["introduction_recognised"]
                & (rc >= es), pct(70, rc - es))
    r["m03_fund"] = (is_("incubation_platform", *platforms), 1000 * WAN)
    r["m03_space"] = (r["m03_fund"][0], None)
    r["m04"] = (is_("common_tech_platform", *platforms), 1000 * WAN)
    r["m05"] = (c["high_contribution_high_growth"] & sme, None)
    r["m06_fund"] = (is_("introduced_by", "fund") & (c["cumulative_regional_contribution"] >= es),
                     pct(70, np.maximum(rc - es, 0)))
    r["m06_platform"] = (c["promotion_platform"] & c["introduced_firms_reach_scale"],
                         pct(15, c["introduced_regional_contribution"]))
    r["m07_rd"] = (is_("org_kind", "enterprise") & (c["rd_spend"] > 0), 300 * WAN)
    r["m07_consortium"] = (c["innovation_consortium"], 500 * WAN)
    r["m08"] = (not_("smart_mfg_title", "no_smart_title"), 300 * WAN)
    r["m09"] = (is_("platform_level", "national", "municipal") & c["platform_first_recognition"], 500 * WAN)
    r["m10"] = (not_("specialized_title", "no_specialized_title") & c["specialized_new"], 300 * WAN)
    r["m11"] = (not_("green_action", "no_green_action"), 300 * WAN)
    r["m12"] = (everyone, None)
    r["m13"] = (not_("professional_service", "no_professional_service") & c["professional_service_qualified"],
                200 * WAN)
    r["m14"] = (c["scenario_project"] & c["scenario_key_recognised"], 300 * WAN)
    r["m16"] = (c["land_demand"], None)
    fai = c["fixed_asset_investment"]
    r["m17"] = (c["old_factory_renovation"] & c["renovation_qualified"] & (fai > 0),
                np.minimum(pct(30, fai), 1000 * WAN))
    r["m18"] = (c["land_demand"], None)
    r["m19"] = (c["industrial_project"], None)
    for k in ("m20_hukou", "m20_permit", "m20_graduates"):
        r[k] = (c["key_enterprise"], None)
    loan = c["first_loan_principal"]
    r["m22_interest"] = (c["loan_qualified"] & sme & (loan > 0), pct(1, loan))
    r["m22_guarantee"] = (c["loan_qualified"] & c["first_loan_guaranteed"] & sme & (loan > 0), pct(1, loan))
    loss = c["credit_loan_principal_loss"]
    r["m22_risk"] = (is_("org_kind", "financial_institution") & (loss > 0), pct(30, loss))
    r["m23"] = (c["fund_reinvestment_ratio"] >= 2 * MICRO, pct(60, c["district_fund_excess_return"]))
    r["m24"] = (c["newly_listed"], 1000 * WAN)
    r["m25"] = (c["private_fund_manager"] & ((c["fund_actual_investment"] > 0) | (c["prior_year_exit_gain"] > 0)),
                2000 * WAN)
    r["m26"] = (is_("org_kind", "financial_institution") & c["green_loan"], 600 * WAN)
    # （二十六）后: 享受“一事一议”的企业不适用本措施 — scope (any 一事一议) and scope_14 (14号's, in force
    # from 2024-07-01, before the benchmark's 2024-08-15) each exclude the other clauses of 8号 (not
    # each other: both say the same thing).
    scope = c["case_by_case_deal"]
    scope_14 = (c["major_project"] | (is_("incubation_platform", "new") & c["incubation_platform_major"])
                | (is_("common_tech_platform", "new") & c["common_tech_platform_major"]))
    in_scope = ~scope & ~scope_14
    for k in list(r):
        r[k] = (r[k][0] & in_scope, r[k][1])
    r["scope"] = (scope, None)
    r["scope_14"] = (scope_14, None)
    # 通政发〔2024〕14号
    recognised = c["platform_first_recognition"] & is_("platform_recognizer", *recognisers)
    r["a3_1"] = (is_("org_kind", "enterprise", "research_institution") & (c["rd_spend"] > 0), 300 * WAN)
    r["a3_2_hightech"] = (c["hightech_pool"] & c["hightech_first_recognition"], 10 * WAN)
    r["a3_2_scale_up"] = (c["scale_up_list_first"], 20 * WAN)
    r["a3_3_national"] = (is_("platform_level", "national") & recognised, 500 * WAN)
    r["a3_3_municipal"] = (is_("platform_level", "municipal") & recognised, 200 * WAN)
    major = c["major_project"]
    # 第四条: 特别重大项目 一事一议 excludes (一)(二)(三).
    not_major = ~major
    r["a4_1"] = (is_("rd_project", "key_industry_project", "urban_livelihood_project") & not_major, 300 * WAN)
    scenario = c["scenario_project"] & not_major
    r["a4_2_innovation"] = (scenario, 300 * WAN)
    r["a4_2_promotion"] = (scenario, None)
    r["a4_3"] = (c["innovation_consortium"] & not_major, 500 * WAN)
    rank = c["tech_contract_rank"]
    r["a4_4"] = ((rank >= 1) & (rank <= 10), 100 * WAN)
    r["a4_major"] = (major, None)
    r["a5_1"] = (is_("incubation_platform", "existing"), 1000 * WAN)
    r["a5_1_major"] = (is_("incubation_platform", "new") & c["incubation_platform_major"], None)
    new_major = is_("common_tech_platform", "new") & c["common_tech_platform_major"]
    r["a5_2"] = (is_("common_tech_platform", *platforms) & ~new_major, 1000 * WAN)
    r["a5_2_major"] = (new_major, None)
    r["a5_3_growth"] = (c["above_scale"] & (c["revenue_increment"] > 0)
                        & (c["revenue_growth_rate"] >= p["revenue_growth_threshold"]), 500 * WAN)
    r["a5_3_new"] = (c["newly_above_scale"] & c["sr_tech_service_industry"], 20 * WAN)
    r["a8"] = (everyone, None)
    return r


def totals(r):
    """Per clause: [recipients, outlay in fen] (grants are never negative)."""
    out = {}
    for k, (applies, amount) in r.items():
        count = int(np.count_nonzero(applies))
        if amount is None:
            out[k] = [count, 0]
        elif np.ndim(amount) == 0:
            out[k] = [count, count * max(int(amount), 0)]
        else:
            out[k] = [count, int(np.maximum(amount, 0)[applies].sum())]
    return out


def main():
    prefix = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    meta, cols = load(prefix)
    members = meta["members"]

    def code(attr, member):
        return members[attr].index(member)

    params = meta["params"]
    got = totals(evaluate(cols, code, params))
    want = meta["clauses"]
    diff = sorted(k for k in set(got) | set(want) if got.get(k) != want.get(k))
    if diff:
        for k in diff:
            print(f"numpy and lexsim differ on {k}: numpy {got.get(k)}, lexsim {want.get(k)}", file=sys.stderr)
        sys.exit(1)
    wall = cpu = float("inf")
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        totals(evaluate(cols, code, params))
        cpu = min(cpu, time.process_time() - c)
        wall = min(wall, time.perf_counter() - t)
    print(json.dumps({"rows": meta["rows"], "clauses": len(got), "wall": wall, "cpu": cpu,
                      "total_fen": sum(v[1] for v in got.values())}))


if __name__ == "__main__":
    main()
