"""The Explore tab: node-type search (two pools, As-Is right-sizing, tuning), tornado and heatmap,
Monte Carlo bands, scenarios side by side. Thin: every figure comes from planner.search,
planner.sensitivity, planner.montecarlo, planner.compare, the charts from planner.explore_charts
and the tables and downloads from planner.report.explore.

Long runs show ``st.progress``; the Stop button ends a run (a click re-runs the page, which stops
the script at its next progress update). Every run is checked against the app's work budget for
sweeps (planner.sweep.APP_SWEEP_WORK_BUDGET) and each plan against APP_WORK_BUDGET.
"""

from __future__ import annotations

import streamlit as st

from planner import compare, montecarlo, search, sensitivity
from planner import explore_charts as ec
from planner.i18n import t
from planner.report import explore as rx
from planner.result import Plan
from planner.scenario import APP_WORK_BUDGET, ScenarioError
from planner.scenario_io import parse_scenario_file
from planner.sweep import check_sweep_work
from planner.ui import library
from planner.ui.session import ss

QUESTIONS = ("search", "sensitivity", "uncertainty", "compare")
MC_MAX_SAMPLES = 1000


def _progress(lang: str):
    bar = st.progress(0.0, text=t("sweep.progress", lang, done=0, total="…"))

    def update(done: int, total: int) -> None:
        bar.progress(min(1.0, done / max(1, total)), text=t("sweep.progress", lang, done=done, total=total))

    return update


def _table(table: rx.Table) -> None:
    head, rows, _ = table
    import pandas as pd

    st.dataframe(pd.DataFrame(rows, columns=head), hide_index=True, width="stretch")


def _show_blocks(blocks: list, key: str) -> None:
    for i, (kind, content) in enumerate(blocks):
        if kind == "h2":
            st.markdown(f"#### {content}")
        elif kind == "p":
            st.write(content)
        elif kind == "table":
            _table(content)
        elif kind == "figure":
            st.plotly_chart(content[1], width="stretch", key=f"{key}_{content[0]}_{i}")


def _downloads(render, stem: str, key: str, lang: str) -> None:
    cols = st.columns(3)
    for col, (fmt, mime) in zip(cols, (("html", "text/html"), ("md", "text/markdown"), (
            "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))):
        col.download_button(t("sweep.ui.download", lang, fmt=fmt.upper()), render(fmt), file_name=f"{stem}.{fmt}",
                            mime=mime, key=f"{key}_dl_{fmt}")


def _run(key: str, n_plans: int, plan: Plan, lang: str, fn):
    """Run ``fn(progress)`` unless over the budget; keep its result under ``key`` for this scenario."""
    try:
        check_sweep_work(plan.scenario, n_plans)
    except ScenarioError as exc:
        st.error(str(exc))
        return
    ss["ex_running"] = True
    st.button(t("sweep.ui.stop", lang), key=f"ex_stop_{key}")
    try:
        ss[f"ex_result_{key}"] = (_scenario_key(plan), fn(_progress(lang)))
    except ScenarioError as exc:
        st.error(str(exc))
    ss["ex_running"] = False


def _scenario_key(plan: Plan) -> str:
    import json

    from planner.scenario_io import scenario_to_dict

    return json.dumps(scenario_to_dict(plan.scenario), sort_keys=True)


def _result(key: str, plan: Plan):
    got = ss.get(f"ex_result_{key}")
    return got[1] if got and got[0] == _scenario_key(plan) else None


def _search(plan: Plan, lang: str) -> None:
    c = st.columns(4)
    c[0].number_input(t("sweep.ui.budget", lang), 0.0, 100.0, 0.1, 0.01, format="%.3f", key="ex_budget_pct")
    c[1].checkbox(t("sweep.ui.pools2", lang), key="ex_pools2")
    c[2].checkbox(t("sweep.ui.servers", lang), key="ex_servers")
    c[3].checkbox(t("sweep.ui.allow_arm", lang), key="ex_arm64")
    st.checkbox(t("sweep.ui.tune", lang), key="ex_tune")
    if st.button(t("sweep.ui.run", lang), key="ex_run_search", type="primary"):
        budget = search.RiskBudget(float(ss.get("ex_budget_pct", 0.1)) / 100.0)
        allow = ("arm64",) if ss.get("ex_arm64") else ()
        n = 40 * (1 + bool(ss.get("ex_servers"))) + (160 if ss.get("ex_pools2") else 0) + (
            64 if ss.get("ex_tune") else 0)

        def work(progress):
            ns = search.search_nodes(plan.scenario, budget=budget, allow=allow, progress=progress,
                                     plan_budget=APP_WORK_BUDGET)
            return rx.Explore(plan.scenario, plan, ns,
                              search.search_mixes(plan.scenario, search.mix_candidates(ns), ns, budget)
                              if ss.get("ex_pools2") else None,
                              search.search_servers(plan.scenario, budget=budget, allow=allow,
                                                    plan_budget=APP_WORK_BUDGET) if ss.get("ex_servers") else None,
                              search.tune(plan.scenario, budget, plan_budget=APP_WORK_BUDGET)
                              if ss.get("ex_tune") else None)
        _run("search", n, plan, lang, work)
    ex = _result("search", plan)
    if ex is not None:
        _show_blocks(rx.explore_blocks(ex, lang), "ex_search")
        _downloads(lambda f: rx.render_explore(ex, f, lang), "explore-search", "ex_search", lang)


def _sensitivity(plan: Plan, lang: str) -> None:
    c = st.columns(3)
    c[0].selectbox(t("sweep.ui.metric", lang), sensitivity.METRICS, key="ex_metric",
                   format_func=lambda m: ec.summary_label(m, lang))
    keys = sensitivity.ASSUMPTION_KEYS
    label = lambda k: t(f"sweep.assumption.{k}", lang)  # noqa: E731
    c[1].selectbox(t("sweep.ui.heat_x", lang), keys, index=keys.index("growth"), key="ex_heat_x", format_func=label)
    c[2].selectbox(t("sweep.ui.heat_y", lang), keys, index=keys.index("node_price"), key="ex_heat_y",
                   format_func=label)
    if st.button(t("sweep.ui.run", lang), key="ex_run_sensitivity", type="primary"):
        metric, x, y = ss.get("ex_metric", "savings_usd_per_month"), ss.get("ex_heat_x"), ss.get("ex_heat_y")
        sc = plan.scenario

        def work(progress):
            tr = sensitivity.tornado(sc, metric, progress=progress, budget=APP_WORK_BUDGET)
            hm = None
            if x != y and "[*]" not in sensitivity.assumption(x).path and "[*]" not in sensitivity.assumption(y).path:
                hm = sensitivity.heatmap(sc, x, sensitivity.heatmap_values(sc, x), y, sensitivity.heatmap_values(sc, y),
                                         metric, budget=APP_WORK_BUDGET)
            return rx.Explore(sc, plan, tornado=tr, heatmap=hm)
        _run("sensitivity", 2 * len(keys) + 26, plan, lang, work)
    ex = _result("sensitivity", plan)
    if ex is not None:
        _show_blocks(rx.explore_blocks(ex, lang), "ex_sens")
        _downloads(lambda f: rx.render_explore(ex, f, lang), "explore-sensitivity", "ex_sens", lang)


def _uncertainty(plan: Plan, lang: str) -> None:
    c = st.columns(4)
    c[0].number_input(t("sweep.ui.samples", lang), 10, MC_MAX_SAMPLES, 200, 10, key="ex_samples")
    c[1].number_input(t("sweep.ui.seed", lang), 0, 2**31 - 1, 0, 1, key="ex_seed")
    c[2].number_input(t("sweep.ui.noise", lang), 0.0, 100.0, 10.0, 1.0, key="ex_noise")
    g = plan.scenario.growth_frac * 100
    c[3].slider(t("sweep.ui.growth", lang), -99.0, 200.0, (max(-99.0, g - 10), g + 10), key="ex_growth")
    if st.button(t("sweep.ui.run", lang), key="ex_run_uncertainty", type="primary"):
        n = int(ss.get("ex_samples", 200))
        lo, hi = ss.get("ex_growth", (g - 10, g + 10))
        spec = montecarlo.Uncertainty(float(ss.get("ex_noise", 10.0)) / 100, lo / 100, hi / 100)

        def work(progress):
            mc = montecarlo.monte_carlo(plan.scenario, n, int(ss.get("ex_seed", 0)), spec, progress=progress,
                                        budget=APP_WORK_BUDGET)
            return rx.Explore(plan.scenario, plan, mc=mc)
        _run("uncertainty", n + 1, plan, lang, work)
    ex = _result("uncertainty", plan)
    if ex is not None:
        _show_blocks(rx.explore_blocks(ex, lang), "ex_mc")
        _downloads(lambda f: rx.render_explore(ex, f, lang), "explore-uncertainty", "ex_mc", lang)


def _compare_inputs(plan: Plan) -> list:
    """This scenario, its variants (one per line), the library's picks and the uploads."""
    from planner.cli_explore import parse_set

    overrides = []
    for line in (ss.get("ex_variants") or "").splitlines():
        if line.strip():
            ov = {}
            for item in line.split(";"):
                path, values = parse_set(item.strip())
                ov[path] = values[0]
            overrides.append(ov)
    scenarios = compare.variants_of(plan.scenario, overrides)
    scenarios += [library.load(name) for name in ss.get("ex_library") or []]
    scenarios += [parse_scenario_file(f.getvalue(), f.name) for f in ss.get("ex_uploads") or []]
    return scenarios


def _compare(plan: Plan, lang: str) -> None:
    st.multiselect(t("sweep.ui.library", lang), library.list_scenarios(), key="ex_library", max_selections=3)
    st.file_uploader(t("sweep.ui.upload", lang), type=["yaml", "yml", "json", "html"], accept_multiple_files=True,
                     key="ex_uploads")
    st.text_area(t("sweep.ui.variants", lang), key="ex_variants", height=90,
                 placeholder="cluster.node.instance_type=m5.2xlarge\ngrowth_frac=0.3")
    if st.button(t("sweep.ui.run", lang), key="ex_run_compare", type="primary"):
        try:
            scenarios = _compare_inputs(plan)
            if not compare.MIN_SCENARIOS <= len(scenarios) <= compare.MAX_SCENARIOS:
                st.warning(t("sweep.ui.need_two", lang))
            else:
                for s in scenarios:
                    from planner.scenario import check_scenario_work

                    check_scenario_work(s, None, APP_WORK_BUDGET)
                ss["ex_result_compare"] = (_scenario_key(plan), compare.compare(scenarios))
        except (ScenarioError, ValueError, OSError) as exc:
            st.error(str(exc))
    cmp = _result("compare", plan)
    if cmp is not None:
        _show_blocks(rx.compare_blocks(cmp, lang), "ex_cmp")
        _downloads(lambda f: rx.render_compare(cmp, f, lang), "compare", "ex_cmp", lang)


def render(plan: Plan, lang: str) -> None:
    st.caption(t("sweep.ui.caption", lang))
    if ss.get("ex_running"):
        st.info(t("sweep.ui.stopped", lang))
        ss["ex_running"] = False
    what = st.radio(t("sweep.ui.what", lang), QUESTIONS, key="ex_what", horizontal=True,
                    format_func=lambda q: t(f"sweep.ui.{q}", lang))
    {"search": _search, "sensitivity": _sensitivity, "uncertainty": _uncertainty, "compare": _compare}[what](plan, lang)
