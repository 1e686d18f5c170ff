"""What a section of the page is, and what it is given (pure: no streamlit).

The page (:mod:`planner.ui.page`) computes the plan from the inputs *before* it draws anything, draws
the headline, then draws only the section the user has open (the others cost nothing). Each section
is a :class:`Section` in ``planner.ui.page.SECTIONS``; its ``render`` gets a :class:`PageState`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from planner.result import Plan
from planner.scenario import Scenario


@dataclass(frozen=True)
class PageState:
    """The page's inputs and plans for one run."""

    lang: str
    plan: Plan | None  #: the plan of the current inputs (None while they are invalid)
    shown: Plan | None  #: the plan on screen: ``plan``, else the last valid one (None: none yet)
    shown_json: str | None  #: canonical JSON of ``shown``'s scenario (cache key of figures and reports)
    scenario: Scenario | None  #: the current inputs as a scenario (None while they are invalid)
    scenario_json: str | None
    money: Callable[[float], str]  #: USD as shown (with KRW when the sidebar asks for it)
    cell_problems: list[str] = field(default_factory=list)  #: bad cells of the load tables
    problems: list[str] = field(default_factory=list)  #: why the current scenario cannot be planned

    @property
    def stale(self) -> bool:
        """True when the plan on screen is the last valid one, not the current inputs'."""
        return self.plan is None and self.shown is not None


@dataclass(frozen=True)
class Section:
    """One tab of the page. ``id`` is stable (the page address's ``view=``, session state);
    ``label_key`` is the :mod:`planner.i18n` message id of its label; ``render`` draws it;
    ``needs_steps``: its plan must carry the per-step frames (``plan.steps``; the other sections get a
    plan without them, which is quicker to compute on every edit)."""

    id: str
    label_key: str
    render: Callable[[PageState], None]
    needs_steps: bool = False
