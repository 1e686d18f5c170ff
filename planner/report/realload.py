"""The load-resolution and shortfall-band section of every report (and the CLI's lines): what
resolution the load was given at and, for hourly loads, the To-Be shortfall of the same load held
as steps, ramped linearly and with per-minute bursts (``planner.planning.shortfall_band``).

Pure builders: :func:`load_facts` (the numbers and sentences), :func:`markdown_lines`,
:func:`html_section`, :func:`text_lines`; the xlsx writer takes :func:`load_facts` directly. A plan
whose load is hourly and whose band was not computed has no section (:func:`has_section`).
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.i18n import fmt_pct, fmt_value, t, unit_label
from planner.planning import BAND_VARIANTS, band_scenario
from planner.report.blocks import md_table
from planner.report.escape import esc, md_escape
from planner.result import Plan
from planner.scenario import DEFAULT_BAND_BURST

#: Wording keys of the band table's columns (every format's).
BAND_HEAD_KEYS = ("realload.variant", "realload.unserved_requests", "realload.unserved_share")


def step_text(step_s: int, lang: str = "en") -> str:
    """A resolution for people: ``15 s``, ``1 min``, ``hourly``."""
    if step_s >= 3600:
        return t("realload.hourly", lang)
    if step_s % 60 == 0:
        return t("realload.minutes", lang, n=step_s // 60)
    return t("realload.seconds", lang, n=step_s)


def _burst_text(plan: Plan, lang: str) -> str:
    """Which burst the band's burst run used: the services' own, the scenario's band_burst, or the default."""
    sc = plan.scenario
    hourly = [s for s in sc.services if s.load is None]
    own = [s for s in hourly if s.burst is not None]
    if len(own) == 1 and len(hourly) == 1:
        b = own[0].burst
        return t("realload.burst_setting", lang, p=f"{b.peak_to_mean:g}", shape=t(f"realload.shape_{b.shape}", lang))
    b = sc.simulation.band_burst
    if b is None:
        text = t("realload.burst_default", lang, p=f"{DEFAULT_BAND_BURST['peak_to_mean']:g}")
    else:
        text = t("realload.burst_setting", lang, p=f"{b.peak_to_mean:g}", shape=t(f"realload.shape_{b.shape}", lang))
    if len(own) == len(hourly):
        return t("realload.burst_own", lang)
    return text + ("; " + t("realload.burst_own", lang) if own else "")


@dataclass(frozen=True)
class BandRow:
    """One run of the band."""

    variant: str  #: ``step``, ``linear`` or ``burst``
    label: str
    requests: float
    frac: float
    is_plan: bool  #: the plan's own run (its scenario reads the hours this way)


@dataclass(frozen=True)
class LoadFacts:
    """What the section says."""

    resolution: str  #: the finest load resolution, for people
    sentences: tuple[str, ...]  #: resolution sentence, then the band sentence (or why there is none)
    rows: tuple[BandRow, ...]  #: empty without a band
    band_text: str  #: ``0 % – 1.6 %``, or the reason there is no band


def has_section(plan: Plan) -> bool:
    s = plan.summary
    return s.tobe_shortfall_frac_band is not None or s.load_step_s < 3600


def load_facts(plan: Plan, lang: str = "en") -> LoadFacts:
    s, sc = plan.summary, plan.scenario
    fine = [x for x in sc.services if x.load is not None]
    res = step_text(s.load_step_s, lang)
    if not fine:
        first = t("realload.res_hourly", lang)
    elif len(fine) == len(sc.services):
        first = t("realload.res_fine", lang, step=res)
    else:
        first = t("realload.res_mixed", lang, fine=len(fine), hourly=len(sc.services) - len(fine), step=res)
    band = s.tobe_shortfall_frac_band
    if band is None:
        why = t("realload.no_band", lang) if len(fine) == len(sc.services) else t("realload.band_not_run", lang)
        return LoadFacts(res, (first, why), (), why)
    low, high = (fmt_pct(x, lang) for x in band)
    burst = _burst_text(plan, lang)
    rows = []
    for v in BAND_VARIANTS:
        label = t(f"realload.variant_{v}", lang, burst=burst) if v == "burst" else t(f"realload.variant_{v}", lang)
        rows.append(BandRow(v, label, getattr(s, f"tobe_shortfall_requests_{v}"), getattr(s, f"tobe_shortfall_frac_{v}"),
                            band_scenario(sc, v) == sc))
    sentence = t("realload.band", lang, low=low, high=high)
    return LoadFacts(res, (first, sentence), tuple(rows), t("realload.band_value", lang, low=low, high=high))


def _row_cells(r: BandRow, lang: str) -> tuple[str, str, str]:
    label = r.label + (f" ({t('realload.this_plan', lang)})" if r.is_plan else "")
    return label, fmt_value(r.requests, "requests", lang), fmt_pct(r.frac, lang)


def markdown_lines(plan: Plan, lang: str = "en") -> list[str]:
    """The section as Markdown lines (none when :func:`has_section` is false)."""
    if not has_section(plan):
        return []
    f = load_facts(plan, lang)
    out = [f"## {t('realload.heading', lang)}", "", md_escape(" ".join(f.sentences)), ""]
    if f.rows:
        out += md_table([t(k, lang) for k in BAND_HEAD_KEYS], [[md_escape(c) for c in _row_cells(r, lang)] for r in f.rows],
                        ["l", "r", "r"])
        out.append("")
    return out


def html_section(plan: Plan, lang: str = "en") -> str:
    """The section as HTML (empty when :func:`has_section` is false)."""
    if not has_section(plan):
        return ""
    f = load_facts(plan, lang)
    body = "".join(f"<p>{esc(x)}</p>" for x in f.sentences)
    if f.rows:
        num = ' class="num"'
        head = "".join(f'<th scope="col"{num if i else ""}>{esc(t(k, lang))}</th>' for i, k in enumerate(BAND_HEAD_KEYS))
        rows = []
        for r in f.rows:
            label, req, frac = _row_cells(r, lang)
            rows.append(f'<tr data-variant="{r.variant}"><th scope="row">{esc(label)}</th>'
                        f'<td class="num" data-field="tobe_shortfall_requests_{r.variant}">{esc(req)}</td>'
                        f'<td class="num" data-field="tobe_shortfall_frac_{r.variant}">{esc(frac)}</td></tr>')
        body += f'<table class="headline" id="band"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    return f'<section id="load-resolution">\n<h2>{esc(t("realload.heading", lang))}</h2>\n{body}\n</section>'


def text_lines(plan: Plan, lang: str = "en") -> list[str]:
    """Plain lines for the CLI summary: the resolution and each band run."""
    f = load_facts(plan, lang)
    out = [f"  {t('realload.resolution_label', lang):<32} {f.resolution:>16}"]
    if f.rows:
        out.append(f"  {t('realload.band_short', lang):<32} {f.band_text:>16}")
        for r in f.rows:
            label, req, frac = _row_cells(r, lang)
            out.append(f"    {frac:>10} {req:>14} {unit_label('requests', lang)}  {label}")
    else:
        out.append(f"  {f.sentences[-1]}")
    return out
