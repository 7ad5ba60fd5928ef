"""The coop_sim web app: tournaments, the demonstrations, a game to play and the lattice.

``coop-sim app`` serves it on localhost with Solara (needs the ``viz`` extra:
``pip install 'coop_sim[viz]'``); ``coop-sim app PAGE`` serves one page of :data:`PAGES`
alone (``tournament``, ``demos``, ``play`` or ``lattice``; ``spatial`` is another name for
``lattice``).  The pages:

* **Tournament** (:mod:`coop_sim.app.tournament`): pick strategies, pay-offs, the match
  length (fixed turns or a continuation probability w), noise, repetitions and a seed; run a
  round robin; see the ranking table and the figures of :mod:`coop_sim.plot`.
* **Demos** (:mod:`coop_sim.app.demos`): run one of the seven demonstrations of Axelrod's
  principles (:mod:`coop_sim.demos`): its takeaway, figure and table.
* **Play** (:mod:`coop_sim.app.play`): play a match against a strategy, C or D each round,
  with running scores; a hidden opponent is revealed at the end.
* **Lattice** (:mod:`coop_sim.spatial.app`): the spatial Prisoner's Dilemma, live.

:mod:`coop_sim.app.main` (:data:`FULL_APP`) holds the ``routes`` of the full app.  The logic
behind the forms (reading and validating the fields, running, the tables) is in
:mod:`coop_sim.app.forms`, plain functions that need neither Solara nor a browser; importing
this package imports neither Solara nor any page.

Each page keeps its form, its last result and (on the play page) the game in progress in
Solara reactive variables at module level, which Solara keeps per browser session: switching
tabs and coming back finds them as they were.
"""

from __future__ import annotations

__all__ = ["ALIASES", "FULL_APP", "PAGES"]

#: The module of the full app, every page behind tabs (``solara run MODULE``).
FULL_APP = "coop_sim.app.main"
#: Page name -> the module that serves it alone (``solara run MODULE``); the one list of
#: pages, which ``coop-sim app PAGE`` uses too.
PAGES = {
    "tournament": "coop_sim.app.tournament",
    "demos": "coop_sim.app.demos",
    "play": "coop_sim.app.play",
    "lattice": "coop_sim.spatial.app",
}
#: Other names of pages: alias -> page name.
ALIASES = {"spatial": "lattice"}
