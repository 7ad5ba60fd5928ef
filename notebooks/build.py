"""Build the tutorial notebooks from the cells below (the .ipynb files are generated).

Edit the cells here, then run ``python notebooks/build.py``: it writes ``researcher.ipynb``,
``trainer.ipynb`` and ``analyst.ipynb`` next to this file, without outputs and with stable
cell ids, so the diffs of both this script and the notebooks stay readable.
``tests/test_notebooks.py`` checks that the committed notebooks equal what this script
builds, and runs each of them top to bottom.

Cells are written at column 0, so that they are ruff-clean (line length 100) both here and
in the notebooks, which ``ruff check .`` and ``ruff format --check .`` lint too.  Cells tagged
``check-...`` print numbers the tests read back.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

SETUP = """\
%matplotlib inline
import coop_sim

print("coop_sim", coop_sim.__version__)
"""
SETUP_NUMPY = """\
%matplotlib inline
import numpy as np

import coop_sim

print("coop_sim", coop_sim.__version__)
"""

COMPILE_NOTE = """\
The first run in a new environment spends 30-60 s compiling the library's numba kernels;
they are cached (under `~/.cache/coop_sim`, or `$NUMBA_CACHE_DIR`), so later runs start at
once. Every random step takes a `seed`: run the notebook again and you get the same numbers.
"""


def md(text: str) -> tuple[str, str, tuple[str, ...]]:
    """A Markdown cell."""
    return ("markdown", textwrap.dedent(text).strip("\n"), ())


def code(text: str, *tags: str) -> tuple[str, str, tuple[str, ...]]:
    """A code cell (``tags``: cell tags, e.g. ``'check-export'`` for the tests)."""
    return ("code", textwrap.dedent(text).strip("\n"), tags)


# ----------------------------------------------------------------------------- researcher

RESEARCHER = [
    md(
        """\
# coop_sim for researchers: tournaments, exact analysis, evolution

This tutorial runs the main research workflows of `coop_sim` on small examples:

1. a round-robin **tournament** under a continuation probability and noise: the
   ranking, a figure, export to pandas and CSV, exact save and load;
2. **exact expected pay-offs** (a Markov chain over the players' joint state) against
   sampled matches;
3. **invasion analysis** and the exact **critical continuation probability**;
4. a finite population under the **Moran process**: exact fixation probabilities
   against simulation;
5. a small **lattice** (Nowak & May) as a Mesa model.
"""
    ),
    md(COMPILE_NOTE),
    code(SETUP_NUMPY),
    md(
        """\
## 1. A tournament

Players are named strategies of the registry (`coop-sim strategies` lists them) or
strategies you define as data. Here Generous Tit for Tat is written as a memory-one
vector: the probabilities of co-operating after CC, CD, DC and DD (own move first);
the first move is C.

Each match goes on after every round with probability `continuation` w = 0.95 (the
*shadow of the future*: 20 rounds on average, the end unknown to the players), and
each intended move is flipped with probability `noise` = 0.01. Every pair meets
`repetitions` times; each match draws from its own random stream keyed by the seed,
the pair and the repetition.
"""
    ),
    code(
        """\
from coop_sim import MemoryOne, run_tournament

gtft = MemoryOne(1, 1 / 3, 1, 1 / 3, name="Generous TFT")
players = [
    "tit_for_tat",
    "defector",
    "cooperator",
    "grudger",
    "win_stay_lose_shift",
    "alternator",
    "suspicious_tit_for_tat",
    "random",
    gtft,
]
result = run_tournament(players, turns=None, continuation=0.95, noise=0.01, repetitions=30, seed=7)
print(result.summary_table())
"""
    ),
    md(
        """\
`score` is the median over repetitions of a player's pay-off per round against all
the others (self-play excluded), the ranking criterion of Axelrod-Python. `coop` is
the share of rounds in which the player co-operated, `wins` the median number of
matches it won, and CC ... DD the shares of each outcome (own move first).

The figures of `coop_sim.plot` take a result and return a matplotlib `Figure`.
"""
    ),
    code(
        """\
from coop_sim import plot

plot.score_distribution(result)
"""
    ),
    code(
        """\
plot.payoff_heatmap(result)
"""
    ),
    md(
        """\
### Export, save and load

`to_frame()` gives the summary as a pandas DataFrame, `to_csv()` writes it, and
`save()` writes everything (all the arrays and the settings that made them) to
`.npz` or `.json`; `TournamentResult.load()` restores the result exactly.
"""
    ),
    code(
        """\
frame = result.to_frame()
frame[["name", "median_score", "cooperation_rating", "wins"]]
"""
    ),
    code(
        """\
import pandas as pd

from coop_sim.results import TournamentResult

result.to_csv("tournament.csv")
path = result.save("tournament.npz")
loaded = TournamentResult.load(path)
print("CSV rows:", len(pd.read_csv("tournament.csv")))
print("reloaded result equals the original:", loaded == result)
print("settings:", loaded.settings)
""",
        "check-export",
    ),
    md(
        """\
## 2. Exact expected pay-offs against sampled matches

Memory-one, lookup-table and finite-state strategies are finite automata, so the
expected pay-off of a match is the solution of a linear system over the players'
joint state: discounted by the continuation probability, over a fixed number of
rounds, or in the long run. `expected_payoffs` solves it for one pair;
`run_tournament(..., method="exact")` for every pair.

Sampled tournaments pool pay-offs per round (total pay-off / rounds played), so
under a continuation probability they converge to the exact figures (expected total /
expected length), with an error that shrinks like one over the square root of the
number of repetitions. Here the exact pay-off matrix is compared with the sampled one
above, and with one from 1000 repetitions:
"""
    ),
    code(
        """\
from coop_sim import expected_payoffs

exact = run_tournament(players, turns=None, continuation=0.95, noise=0.01, method="exact")
more = run_tournament(players, turns=None, continuation=0.95, noise=0.01, repetitions=1000, seed=8)
for sampled in (result, more):
    gap = np.abs(sampled.payoff_matrix - exact.payoff_matrix)
    print(
        f"{sampled.settings['repetitions']:4d} repetitions: "
        f"mean |sampled - exact| = {gap.mean():.4f}, largest {gap.max():.4f}"
    )
print("exact ranking:           ", exact.ranked_names[:4])
print("ranking, 30 repetitions: ", result.ranked_names[:4])
print("ranking, 1000 repetitions:", more.ranked_names[:4])
""",
        "check-exact",
    ),
    md(
        """\
For a single pair, compare the exact pay-offs with the mean of many sampled matches
(pooled: total pay-off over total rounds). Tit for Tat and Win-Stay Lose-Shift under
5% noise:
"""
    ),
    code(
        """\
pair = ["tit_for_tat", "win_stay_lose_shift"]
exact_pair = expected_payoffs(*pair, continuation=0.95, noise=0.05)
sampled = run_tournament(pair, turns=None, continuation=0.95, noise=0.05, repetitions=2000, seed=3)
print("exact   (TFT, WSLS):", tuple(round(x, 4) for x in exact_pair))
print(
    "sampled (TFT, WSLS):", tuple(round(float(x), 4) for x in sampled.payoff_matrix[[0, 1], [1, 0]])
)
"""
    ),
    md(
        """\
## 3. Invasion analysis and the critical continuation probability

A resident strategy R resists a rare mutant M when E(M, R) < E(R, R), or they are
equal and E(M, M) < E(R, M) (Maynard Smith's conditions, on exact pay-offs per
round). Below, Tit for Tat at w = 0.6 against four mutants:
"""
    ),
    code(
        """\
from coop_sim.evolution import critical_continuation, invasion_table

table = invasion_table(
    "tit_for_tat",
    ["defector", "alternator", "win_stay_lose_shift", "suspicious_tit_for_tat"],
    continuation=0.6,
)
print(table.summary())
"""
    ),
    md(
        """\
From what continuation probability on does Tit for Tat resist both Always Defect and
the Alternator? Axelrod (1984) gives w* = max((T - R) / (T - P), (T - R) / (R - S)).
`critical_continuation` finds it numerically from the exact pay-offs, for any game:
"""
    ),
    code(
        """\
from coop_sim import Game

for game in (Game(), Game(R=3, S=0, T=4, P=1), Game(R=4, S=0, T=5, P=2)):
    R, S, T, P = game.as_tuple()
    formula = max((T - R) / (T - P), (T - R) / (R - S))
    found = critical_continuation("tit_for_tat", ["defector", "alternator"], game=game)
    print(
        f"R, S, T, P = {R:g}, {S:g}, {T:g}, {P:g}: critical w = {found:.6f}, "
        f"Axelrod's formula {formula:.6f}"
    )
""",
        "check-critical",
    ),
    md(
        """\
## 4. A Moran process: exact fixation against simulation

`population_game` turns match settings into the pay-off matrix of a population game
(exact expected pay-offs where the strategies allow). A `FiniteProcess` adds a
population size N, the update process (`'moran'` birth-death, `'moran-db'`
death-birth, `'fermi'` pairwise comparison), the intensity of selection and
mutation. `fixation_probability` solves the birth-death chain exactly;
`simulate` runs the same process in numba, each run from its own random stream.

One Tit for Tat among 19 defectors, matches lasting 10 rounds on average (w = 0.9),
weak selection:
"""
    ),
    code(
        """\
from coop_sim.evolution import (
    FiniteProcess,
    fixation_probability,
    fixation_vs_population,
    population_game,
    simulate,
)

pop_game = population_game(["tit_for_tat", "defector"], turns=None, continuation=0.9)
print("pay-off per round, row against column:", ", ".join(pop_game.names))
print(pop_game.matrix)
process = FiniteProcess(pop_game, population=20, process="moran", intensity=0.1)
exact_fix = fixation_probability(process, 0, 1)  # mutant 0 (TFT) in resident 1
runs = simulate(process, [1, 19], runs=4000, seed=1)
low, high = runs.fixation_interval()[0]
print(f"exact fixation probability of one TFT: {exact_fix:.4f} (neutral: 1/N = {1 / 20:.4f})")
print(
    f"simulated: {runs.fixation_probability[0]:.4f}, 95% CI [{low:.4f}, {high:.4f}]"
    f" over {runs.runs} runs"
)
""",
        "check-moran",
    ),
    md(
        """\
How does the advantage of a single reciprocator change with the size of the
population? Compared with the neutral 1/N:
"""
    ),
    code(
        """\
from coop_sim import plot_evolution

sizes = [4, 8, 16, 32, 64, 128]
probabilities = fixation_vs_population(process, 0, 1, sizes)
plot_evolution.fixation_vs_population(sizes, {"one TFT among defectors": probabilities})
"""
    ),
    md(
        """\
## 5. A small lattice (Nowak & May 1992)

Players on a 50 x 50 torus play their eight neighbours and themselves one round
(R = 1, T = b, S = P = 0), then copy the best-scoring player of their neighbourhood.
`LatticeModel` is a Mesa model: `step()` advances one generation (arrays stepped by
numba) and the `DataCollector` records shares and clusters.
"""
    ),
    code(
        """\
from coop_sim import plot_spatial
from coop_sim.spatial import LatticeModel

model = LatticeModel(50, b=1.85, shares=[0.9, 0.1], seed=1)
for _ in range(60):
    model.step()
history = model.datacollector.get_model_vars_dataframe()
print(f"co-operators after 60 generations: {history['share Cooperator'].iloc[-1]:.3f}")
print(f"mean over generations 31-60: {history['share Cooperator'].iloc[31:].mean():.3f}")
""",
        "check-lattice",
    ),
    code(
        """\
plot_spatial.lattice_snapshot(model)
"""
    ),
    code(
        """\
plot_spatial.spatial_shares(model)
"""
    ),
    md(
        """\
## Where next

* `docs/howto/` (tournaments and export, strategies as data, evolutionary dynamics,
  spatial models) and `docs/concepts/matches.md` (what a match is, exactly);
* `experiments/` reproduces published results: Axelrod's first tournament, Nowak &
  May, Huberman & Glance, Santos & Pacheco;
* the same runs from the shell: `coop-sim tournament`, `coop-sim evolve`,
  `coop-sim spatial`.
"""
    ),
]

# ----------------------------------------------------------------------------- trainer

TRAINER = [
    md(
        """\
# Teaching co-operation: Axelrod's four principles, live

A workshop kit. Each demonstration runs the simulation afresh (no canned numbers),
returns its data, draws one figure and writes a short *takeaway* from this run's
numbers. The same demonstrations run from the shell (`coop-sim demo NAME`) and in the
web app (`coop-sim app`).

The game: two players choose at the same time to co-operate (C) or defect (D), again
and again. Each round pays

| me \\ you | C | D |
|---|---|---|
| C | R = 3 (reward) | S = 0 (sucker) |
| D | T = 5 (temptation) | P = 1 (punishment) |

In a single round, defecting is better whatever the other does; repeated, co-operation
can pay. Robert Axelrod's tournaments (1980) showed which rules do well, and why.
"""
    ),
    md(COMPILE_NOTE),
    code(SETUP),
    code(
        """\
from coop_sim.demos import DEMOS, TITLES, run_demo

for name in DEMOS:
    print(f"{name:17} {TITLES[name]}")
"""
    ),
    md(
        """\
Before the principles, one match: Tit for Tat (co-operate first, then copy the other
player's last move) against Always Defect, ten rounds.
"""
    ),
    code(
        """\
match = coop_sim.play_match("tit_for_tat", "defector", turns=10)
tft_moves, alld_moves = match.move_strings()
print("Tit For Tat  ", tft_moves, " total", match.scores[0])
print("Always Defect", alld_moves, " total", match.scores[1])
"""
    ),
    md(
        """\
## Principle 1: Don't be envious

Tit for Tat can never score more than the player it meets: it only defects after the
other did. So it wins no match, and yet it does well in the tournament. Success is
the total you earn, not beating the person in front of you.
"""
    ),
    code(
        """\
envy = run_demo("envy")
print(envy.takeaway)
envy.figure()
"""
    ),
    code(
        """\
i = envy.data["names"].index("Tit For Tat")
print(
    f"Tit For Tat: {int(envy.data['wins'][i])} wins, "
    f"rank {envy.data['focus_rank']} of {len(envy.data['names'])}"
)
print(envy.table_text())
""",
        "check-envy",
    ),
    md(
        """\
## Principle 2: Don't be the first to defect

A rule is *nice* if it is never the first to defect. Over many random tournaments
drawn from a pool of classic rules, nice and not-nice rules are compared by their
average rank.
"""
    ),
    code(
        """\
nice = run_demo("nice")
print(nice.takeaway)
print(
    f"mean rank, nice rules: {nice.data['mean_rank_nice']:.2f}; "
    f"others: {nice.data['mean_rank_not_nice']:.2f} (1 = best)"
)
nice.figure()
""",
        "check-nice",
    ),
    md(
        """\
## Principle 3: Reciprocate, both co-operation and defection

An *ecological* tournament: the share of each rule in the next generation grows with
its score against the current population. Unconditional co-operators feed the
defectors; the defectors then run out of victims as the reciprocators grow. With
mistakes (5% noise), forgiving reciprocators recover from feuds that Tit for Tat
keeps alive.
"""
    ),
    code(
        """\
reciprocate = run_demo("reciprocate")
print(reciprocate.takeaway)
reciprocate.figure()
"""
    ),
    md(
        """\
## Principle 4: Don't be too clever

Clear rules let the other side learn that co-operation will be returned. Under noise,
clear rules (Tit for Tat, Generous Tit for Tat, Win-Stay Lose-Shift) are compared
with complex or opaque ones (Random, Joss's sneaky rule, evolved machines): how often
co-operation comes back after a single mistake that broke established co-operation, and
how fast.
"""
    ),
    code(
        """\
clever = run_demo("clever")
print(clever.takeaway)
clever.figure()
"""
    ),
    md(
        """\
## The shadow of the future

After each round the relationship goes on with probability w. Tit for Tat resists
Always Defect and the Alternator once w >= w* = max((T - R) / (T - P),
(T - R) / (R - S)), which is 2/3 for these pay-offs: relationships must be expected
to last 3 rounds or more. The demonstration finds the thresholds from exact pay-offs
and runs a population at every w.
"""
    ),
    code(
        """\
shadow = run_demo("shadow")
print(shadow.takeaway)
R, S, T, P = 3, 0, 5, 1
print(
    f"w* from the run: {shadow.data['w_star']:.4f}; "
    f"formula: {max((T - R) / (T - P), (T - R) / (R - S)):.4f}"
)
shadow.figure()
""",
        "check-shadow",
    ),
    md(
        """\
## Like-mindedness

Players on a grid meet only their neighbours and copy the most successful one. Clusters
of co-operators earn more among themselves than the defectors at their edges, so
co-operation survives; the same players re-seated at random every generation lose it.
"""
    ),
    code(
        """\
like = run_demo("like_mindedness")
print(like.takeaway)
like.figure()
"""
    ),
    md(
        """\
## Axelrod's first tournament (1980), reconstructed

The 15 entries (14 submitted rules and Random), 200 rounds each, five repetitions as
in 1980. The rules are Axelrod-Python's reconstructions; the note explains why the
ranking need not match the 1980 report, and the table adds Axelrod's own score (mean
points a game against all 15 entries, the twin included: 504 for Tit for Tat in 1980).
"""
    ),
    code(
        """\
first = run_demo("first_tournament")
print(first.takeaway)
print()
print(first.table_text(max_rows=15))
print()
print(first.note)
"""
    ),
    code(
        """\
first.figure()
"""
    ),
    md(
        """\
## Play against a strategy

Participants can play in the terminal (`coop-sim play tit_for_tat --rounds 10`) or in
the web app. In a notebook, `PlaySession` is the same game loop: one `move()` per
round, the opponent's move computed by the engine from the earlier rounds only. Here a
scripted participant tests Tit for Tat: co-operate, defect once, then make amends.
"""
    ),
    code(
        """\
from coop_sim.demos import PlaySession

session = PlaySession("tit_for_tat", rounds=8, seed=1)
for my_move in "CCDCCCCC":
    r = session.move(my_move)
    print(
        f"round {r.round}: you {r.you}, opponent {r.opponent}   "
        f"score {r.score_you:g} : {r.score_opponent:g}"
    )
print("the opponent was", session.opponent, "- final score", session.scores)
""",
        "check-play",
    ),
    md(
        """\
A hidden opponent, drawn at random from a few classics, with 5% noise: who is it?
`new_session` starts the game as `coop-sim play` and the web app do, so seed 5 meets the
same opponent there (`coop-sim play --rounds 10 --noise 0.05 --seed 5`).
(`RoundRecord.mistake` tells you when noise flipped your move.)
"""
    ),
    code(
        """\
from coop_sim.demos import new_session

hidden = new_session(None, rounds=10, noise=0.05, seed=5)
for my_move in "CCCDCCCCCC":
    r = hidden.move(my_move)
    flag = "  (your move was flipped)" if r.mistake else ""
    print(f"round {r.round}: you {r.you}, opponent {r.opponent}{flag}")
print("it was:", hidden.opponent)
"""
    ),
    md(
        """\
## For the workshop

* `result.save("folder")` writes a demonstration's `figure.png`, `data.json` and
  `table.csv`; `coop-sim demo envy --out envy/` does the same from the shell.
* Every demo takes keyword arguments (`run_demo("shadow", points=40)`, a different
  `seed`, other strategies); `help(DEMOS["envy"])` lists them.
* `coop-sim app` opens the web app: tournaments, the demonstrations, a game against a
  strategy and the lattice, live.
* The principles and the rule-maker's levers, in words: `docs/concepts/`.
"""
    ),
    code(
        """\
from pathlib import Path

folder = Path("workshop") / "envy"
folder.mkdir(parents=True, exist_ok=True)
print([p.name for p in envy.save(folder)])
"""
    ),
]

# ----------------------------------------------------------------------------- analyst

ANALYST = [
    md(
        """\
# Designing for co-operation: the rule-maker's levers

A town's traders deal with visitors and with each other. Cheating an honest partner
pays best (T = 5), a deal where both cheat still pays a little (P = 2), an honest deal
pays R = 3, and being cheated pays nothing (S = 0). Relationships end at random (10% a
round) and partners are re-drawn; 2% of moves go wrong. Today 10% of the traders
reciprocate (Tit for Tat), the rest cheat.

*If the tourist office pays a bonus for every honest deal, does honesty take over, and
from what bonus on? Would a fine, a public list of honest traders or longer
relationships do as well?*

This notebook answers with `coop_sim.design`:

1. a **scenario** with **interventions**, evaluated over replicates;
2. **thresholds**: in closed form (Axelrod's conditions) and by simulation;
3. a **sweep** over two levers, with a heatmap and the threshold contour, written to
   disk so that it can be resumed;
4. the same design as a **TOML scenario file**, for the command line.
"""
    ),
    md(COMPILE_NOTE),
    code(SETUP_NUMPY),
    md(
        """\
## 1. The scenario

A `Scenario` is a population (strategies and initial shares), a game, a list of
interventions (at most one of each type) and the dynamics by which strategies spread.
Here a Moran process in a population of 200: with a `Turnover`, it runs the agent-based
*re-matching* model (players paired, relationships ending at the turnover rate,
partners re-drawn), 20 rounds of play per generation.
"""
    ),
    code(
        """\
from coop_sim.design import (
    CooperationBonus,
    DefectionFine,
    Dynamics,
    Listing,
    Noise,
    Scenario,
    Turnover,
    evaluate_replicates,
)

base = Scenario(
    {"tit_for_tat": 0.1, "defector": 0.9},
    population=200,
    game=(3, 0, 5, 2),  # R, S, T, P
    interventions=[Turnover(0.1), Noise(0.02)],
    dynamics=Dynamics("moran", generations=60, rounds=20),
    name="Traders",
)
print(base.describe())
print("agent-based re-matching model:", base.rematching)
"""
    ),
    md(
        """\
Each design is the base with interventions added (`apply`) or levers set
(`with_levers`). Every design runs 12 replicates with the same seed; an outcome
records the shares after each generation, the co-operation rate and the welfare (mean
pay-off per round). Co-operators *take over* when they reach 90% of the population.
"""
    ),
    code(
        """\
import pandas as pd

designs = {
    "no intervention": base,
    "bonus 1 for honest deals": base.apply(CooperationBonus(1.0)),
    "fine 1 on cheating": base.apply(DefectionFine(1.0)),
    "listing: bonus 1 to good records": base.apply(Listing(bonus=1.0)),
    "longer relationships (2% end)": base.apply(Turnover(0.02)),
}
runs = {name: evaluate_replicates(s, 12, seed=1) for name, s in designs.items()}
summary = pd.DataFrame(
    {
        name: {
            "takeover (share of runs)": np.mean([o.takeover for o in out]),
            "final co-operation": np.mean([o.final_cooperation for o in out]),
            "final welfare": np.mean([o.final_welfare for o in out]),
        }
        for name, out in runs.items()
    }
).T
print(summary.to_string())
""",
        "check-designs",
    ),
    code(
        """\
from coop_sim import plot_design

plot_design.plot_designs(list(runs.items()), columns=2)
"""
    ),
    md(
        """\
## 2. Thresholds

`threshold(scenario, lever, target)` finds the smallest level of a lever at which a
target holds. The method follows from the question.

**Closed form.** In a well-mixed population playing matches with continuation
probability w, a bonus b for mutual co-operation makes Tit for Tat resist Always
Defect when R + b >= (1 - w) T + w P (Axelrod's condition, with R + b for R). The
library knows such closed forms, and a scan of the exact pay-off matrix finds the same
value:
"""
    ),
    code(
        """\
from coop_sim.design import Shadow, threshold

well_mixed = Scenario(
    {"tit_for_tat": 0.1, "defector": 0.9},
    game=(3, 0, 5, 2),
    interventions=[Shadow(continuation=0.6)],
    dynamics=Dynamics("replicator", generations=300),
)
target = "tit_for_tat resists defector"
closed = threshold(well_mixed, "bonus_cooperation", target)
exact = threshold(well_mixed, "bonus_cooperation", target, method="exact")
R, S, T, P, w = 3, 0, 5, 2, 0.6
print(f"closed form: {closed.value:.6f} ({closed.method})")
print(f"exact scan:  {exact.value:.6f} ({exact.method})")
print(f"by hand: (1 - w) T + w P - R = {(1 - w) * T + w * P - R:.6f}")
""",
        "check-closed",
    ),
    md(
        """\
Resisting a rare invader is not the same as spreading from 10%. In the replicator
dynamics, the bonus from which co-operators reach 90% of the population is found by a
deterministic scan refined by bisection:
"""
    ),
    code(
        """\
spread = threshold(well_mixed, "bonus_cooperation", "takeover", low=0, high=10)
print(spread.statement)
""",
        "check-spread",
    ),
    md(
        """\
**Simulation.** For the traders (finite population, partner turnover, noise) there is
no closed form; their relationships also last longer, 1 / 0.1 = 10 rounds on average
against 2.5 in the example above. At each bonus level the scenario runs `replicates`
times with common random numbers; the target *holds* at a level when co-operators take
over in at least half of the runs. The statement gives the bracket and the Wilson 95%
intervals at its ends.
"""
    ),
    code(
        """\
simulated = threshold(
    base, "bonus_cooperation", "takeover", low=0, high=3, replicates=20, tolerance=0.1, seed=1
)
print(simulated.statement)
plot_design.plot_threshold(simulated)
""",
        "check-simulated",
    ),
    md(
        """\
## 3. A sweep: bonus against relationship turnover

`sweep(scenario, grid, replicates=, seed=)` runs every combination of the lever values
and returns a tidy table: one row per cell and replicate. Each cell's seed derives
from the sweep's seed and the cell's own parameters, so the table does not depend on
how (or where) the cells ran. With `out=` the sweep is written to a folder as it runs,
and the same call resumes it after an interruption.
"""
    ),
    code(
        """\
from coop_sim.sweep import sweep

grid = {"bonus_cooperation": [0.0, 0.5, 1.0, 1.5, 2.0, 3.0], "turnover": [0.02, 0.05, 0.1, 0.2]}
table = sweep(base, grid, replicates=10, seed=1, out="traders_sweep")
print(table.shape[0], "rows; columns:", ", ".join(table.columns))
print("share of runs in which co-operators take over:")
print(table.groupby(["turnover", "bonus_cooperation"])["takeover"].mean().unstack())
""",
        "check-sweep",
    ),
    code(
        """\
plot_design.plot_sweep_heatmap(table, "bonus_cooperation", "turnover", "takeover", threshold=0.5)
"""
    ),
    md(
        """\
The contour marks where co-operators take over in half of the runs. Running the same
call again reads the finished cells back from `traders_sweep/` instead of computing
them — which is also how an interrupted sweep resumes:
"""
    ),
    code(
        """\
import time

start = time.perf_counter()
again = sweep(base, grid, replicates=10, seed=1, out="traders_sweep")
print(f"read back in {time.perf_counter() - start:.2f} s; identical table: {again.equals(table)}")
""",
        "check-resume",
    ),
    md(
        """\
On a cluster, the same call with `backend="dask"` (and `address="tcp://..."` for a
running scheduler) spreads the cells over Dask workers; `backend="processes"` uses
local processes. The table is the same.

## 4. The design as a scenario file

A TOML file holds the base scenario, the designs to compare, a threshold and a sweep:
the unit an analyst shares, and what `coop-sim sweep`, `coop-sim threshold` and
`coop-sim design report` read.
"""
    ),
    code(
        '''\
from pathlib import Path

path = Path("traders.toml")
path.write_text("""
name = "Traders"
description = "From what bonus on does honesty take over?"
seed = 1

[population]
strategies = { tit_for_tat = 0.1, defector = 0.9 }
size = 200

[game]
R = 3
S = 0
T = 5
P = 2

[dynamics]
kind = "moran"
generations = 60
rounds = 20

[interventions.turnover]
rate = 0.1

[interventions.noise]
rate = 0.02

[[designs]]
name = "bonus 1"
[designs.bonus_cooperation]
amount = 1.0

[[designs]]
name = "fine 1"
[designs.fine_on_defection]
amount = 1.0

[threshold]
lever = "bonus_cooperation"
target = "takeover"
low = 0.0
high = 3.0
replicates = 20
tolerance = 0.1

[sweep]
replicates = 10
metric = "takeover"
level = 0.5

[sweep.grid]
bonus_cooperation = [0.0, 0.5, 1.0, 1.5, 2.0, 3.0]
turnover = [0.02, 0.05, 0.1, 0.2]
""")
print(f"wrote {path}")
'''
    ),
    code(
        """\
from coop_sim.design.scenario_file import load_scenario

spec = load_scenario("traders.toml")
print("designs:", [name for name, _ in spec.all_designs])
print("sweep grid:", spec.sweep.grid)
from_file = sweep(spec.scenario, spec.sweep.grid, replicates=spec.sweep.replicates, seed=spec.seed)
print("same scenario as above:", spec.scenario.to_dict() == base.to_dict())
print("same sweep table:", from_file.equals(table))
""",
        "check-toml",
    ),
    md(
        """\
The command line reads the same file (`coop-sim` in a shell; here through
`coop_sim.cli.main`, which takes the same arguments):

```
coop-sim design check traders.toml
coop-sim threshold traders.toml
coop-sim sweep traders.toml --out traders_cli --backend dask --workers 2
coop-sim design report traders.toml --out traders_report --format html
```
"""
    ),
    code(
        """\
from coop_sim.cli import main

status = main(["design", "check", "traders.toml"])
"""
    ),
    md(
        """\
## Where next

* `docs/concepts/levers.md`: every lever, the intervention that models it and the
  models it runs in (well-mixed, re-matching, spatial);
* `docs/howto/design.md`: scenarios, thresholds, sweeps on Dask, scenario files;
* `experiments/scenarios/`: worked scenario files, among them the tourist office.
"""
    ),
]

NOTEBOOKS = {"researcher": RESEARCHER, "trainer": TRAINER, "analyst": ANALYST}


def build(name: str) -> nbformat.NotebookNode:
    """The notebook ``name`` (no outputs, stable cell ids)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
    }
    for k, (kind, source, tags) in enumerate(NOTEBOOKS[name]):
        if kind == "markdown":
            cell = nbformat.v4.new_markdown_cell(source)
        else:
            cell = nbformat.v4.new_code_cell(source)
        cell.id = f"{name}-{k:02d}"
        if tags:
            cell.metadata["tags"] = list(tags)
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nb


def render(name: str) -> str:
    """The text of ``<name>.ipynb``."""
    return nbformat.writes(build(name)) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the notebooks (``--check``: only report which differ; exit 1 if any)."""
    argv = sys.argv[1:] if argv is None else argv
    stale = []
    for name in NOTEBOOKS:
        path = HERE / f"{name}.ipynb"
        text = render(name)
        if path.exists() and path.read_text() == text:
            continue
        stale.append(path.name)
        if "--check" not in argv:
            path.write_text(text)
    if stale:
        print(("out of date: " if "--check" in argv else "wrote ") + ", ".join(stale))
    return 1 if stale and "--check" in argv else 0


if __name__ == "__main__":
    raise SystemExit(main())
