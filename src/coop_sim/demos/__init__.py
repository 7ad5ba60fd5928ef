"""Demonstrations of Axelrod's principles, each computed afresh by the engine.

Every demo is a function returning a :class:`DemoResult`: its data, a ``takeaway`` written
from this run's numbers, the settings (seed included) and ``figure()``.  They run in a
few seconds with their defaults and are reproducible (default ``seed=1``).

==================== =================================================================
name                 what it shows
==================== =================================================================
``envy``             Tit for Tat wins no match, yet ranks at or near the top
``nice``             rules that are never first to defect rank better
``reciprocate``      ecological run: defectors die out, forgiving reciprocators survive
``clever``           clear rules recover co-operation after a mistake; opaque ones don't
``shadow``           co-operation against the continuation probability, w* marked
``like_mindedness``  clusters keep co-operators alive on a lattice
``first_tournament`` Axelrod's first tournament (1980), reconstructed
==================== =================================================================

:mod:`coop_sim.demos.play` holds :class:`~coop_sim.demos.play.PlaySession`, a round-by-round
match against a strategy, and :func:`~coop_sim.demos.play.new_session`, which starts one the
same way for the terminal (``coop-sim play``), the web app and the notebooks.

Examples
--------
>>> from coop_sim.demos import DEMOS, run_demo
>>> sorted(DEMOS)[:3]
['clever', 'envy', 'first_tournament']
>>> result = run_demo("shadow", points=12)
>>> round(result.data["w_star"], 6)
0.666667
"""

from __future__ import annotations

from collections.abc import Callable

from coop_sim.demos import clever as _clever
from coop_sim.demos import envy as _envy
from coop_sim.demos import first_tournament as _first
from coop_sim.demos import like_mindedness as _like
from coop_sim.demos import nice as _nice
from coop_sim.demos import reciprocate as _reciprocate
from coop_sim.demos import shadow as _shadow
from coop_sim.demos._result import FILES, DemoResult
from coop_sim.demos.play import PlaySession, RoundRecord, new_session

__all__ = [
    "DEMOS",
    "FILES",
    "SHORT_TITLES",
    "TITLES",
    "DemoResult",
    "PlaySession",
    "RoundRecord",
    "new_session",
    "run_demo",
]

#: Demo name -> the function that runs it.
DEMOS: dict[str, Callable[..., DemoResult]] = {
    "envy": _envy.envy,
    "nice": _nice.nice,
    "reciprocate": _reciprocate.reciprocate,
    "clever": _clever.clever,
    "shadow": _shadow.shadow,
    "like_mindedness": _like.like_mindedness,
    "first_tournament": _first.first_tournament,
}
#: Demo name -> its title (without running it).
TITLES: dict[str, str] = {
    "envy": _envy.TITLE,
    "nice": _nice.TITLE,
    "reciprocate": _reciprocate.TITLE,
    "clever": _clever.TITLE,
    "shadow": _shadow.TITLE,
    "like_mindedness": _like.TITLE,
    "first_tournament": _first.TITLE,
}
#: Demo name -> a short title, numbered (for menus).
SHORT_TITLES: dict[str, str] = {
    "envy": "1. Don't be envious",
    "nice": "2. Don't be the first to defect",
    "reciprocate": "3. Reciprocate",
    "clever": "4. Don't be too clever",
    "shadow": "5. The shadow of the future",
    "like_mindedness": "6. Like-mindedness",
    "first_tournament": "7. Axelrod's first tournament (1980)",
}


def run_demo(name: str, **kwargs) -> DemoResult:
    """Run the demo called ``name`` (a key of :data:`DEMOS`) with keyword arguments.

    Raises
    ------
    ValueError
        For an unknown name (the message lists the names).

    Examples
    --------
    >>> run_demo("envy").data["focus_rank"]
    2
    >>> run_demo("tft")
    Traceback (most recent call last):
    ...
    ValueError: name must be one of envy, nice, reciprocate, ..., first_tournament; got 'tft'
    """
    if not isinstance(name, str) or name not in DEMOS:
        raise ValueError(f"name must be one of {', '.join(DEMOS)}; got {name!r}")
    return DEMOS[name](**kwargs)
