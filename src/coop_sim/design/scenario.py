"""Scenarios: a population, a game, the rule-maker's interventions and the dynamics.

A :class:`Scenario` is plain, validated data.  :func:`~coop_sim.design.evaluate.evaluate`
runs it; :func:`~coop_sim.design.threshold.threshold` and :func:`~coop_sim.sweep.sweep`
vary its *levers* (:data:`~coop_sim.design.interventions.LEVERS`) through
:meth:`Scenario.with_levers`.

Which model runs (see :mod:`coop_sim.design.evaluate` for the details):

* ``'ecological'`` / ``'replicator'``: an infinite well-mixed population, one discrete
  generation at a time, on the exact (or simulated) pay-off matrix of the match settings.
* ``'moran'`` / ``'fermi'``: a finite well-mixed population of ``population`` individuals
  (one generation = ``population`` steps of :class:`~coop_sim.evolution.FiniteProcess`);
  with a :class:`Turnover`, :class:`Reputation` or :class:`Listing`, the agent-based
  re-matching model of :mod:`coop_sim.design.rematching` instead (partners re-drawn
  during play, public records).
* ``'spatial'``: a ``side x side`` lattice (``population`` must be a square), or a network
  of ``population`` nodes (``network``), with the update rule ``rule``
  (:class:`~coop_sim.spatial.SpatialPopulation`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace

from coop_sim import _validate
from coop_sim.design.interventions import (
    INTERVENTIONS,
    LEVERS,
    Intervention,
    Shadow,
    transform_game,
)
from coop_sim.game import Game, resolve_game
from coop_sim.spatial import graphs as _graphs

__all__ = ["DYNAMICS", "SPATIAL_RULES", "Dynamics", "Scenario", "resolve_player"]

#: The dynamics a scenario can run.
DYNAMICS = ("ecological", "replicator", "moran", "fermi", "spatial")
#: Update rules of the spatial dynamics (:class:`coop_sim.spatial.UpdateRule`).
SPATIAL_RULES = ("imitate-best", "fermi", "proportional", "death-birth")
NEIGHBOURHOODS = ("moore", "von-neumann")
#: Structures of the spatial dynamics: a lattice, or a network from
#: :func:`coop_sim.spatial.graphs.network` (Barabási–Albert, random regular, Watts–Strogatz).
NETWORKS = ("lattice", *_graphs.NETWORKS)


def resolve_player(name: object):
    """``(spec, reads_record)`` for a scenario's strategy name.

    ``'discriminator'`` is Nowak & Sigmund's (1998) discriminator: it co-operates with
    partners in good standing and defects against the others (base strategy: Cooperator);
    ``'discriminator:<name>'`` plays the registered strategy ``<name>`` with partners in good
    standing and defects against the others (see
    :func:`~coop_sim.design.rematching.resolve_rematching_strategy`).  Every other name is
    looked up in the strategy registry.

    Examples
    --------
    >>> spec, reads = resolve_player("discriminator:tit_for_tat")
    >>> spec.name, reads
    ('Tit For Tat', True)
    """
    from coop_sim.design.rematching import resolve_rematching_strategy

    if not isinstance(name, str):
        raise TypeError(f"strategy names must be strings, got {name!r}")
    return resolve_rematching_strategy(name)


@dataclass(frozen=True)
class Dynamics:
    """How strategies spread: the evolutionary process and its horizon.

    Parameters
    ----------
    kind : {'ecological', 'replicator', 'moran', 'fermi', 'spatial'}
        The process (see the module notes).
    generations : int
        Horizon in generations (>= 1).
    intensity : float
        Selection intensity (>= 0): the linear fitness ``1 - s + s * payoff`` of the
        replicator and Moran processes, the Fermi rule's ``beta`` (the spatial Fermi rule's
        temperature is ``1 / intensity``); the ecological dynamics ignore it.
    mutation : float
        Probability that an offspring (or revising individual) takes one of the other
        strategies at random, in [0, 1].
    rounds : int
        Rounds of play per generation in the re-matching model (>= 1).
    rule : {'imitate-best', 'fermi', 'proportional', 'death-birth'}
        Update rule of the spatial dynamics.
    neighbourhood : {'moore', 'von-neumann'}
        Lattice neighbourhood of the spatial dynamics.
    torus : bool
        Wrap the lattice's edges.
    network : {'lattice', 'ba', 'regular', 'ws'}
        Structure of the spatial dynamics: a ``side x side`` lattice, or a network of
        ``population`` nodes drawn afresh for each replicate -- Barabási–Albert (``m =
        degree // 2``), random regular (``degree``) or Watts–Strogatz (``k = degree``,
        rewiring ``rewiring``).
    degree : int
        Mean degree of the network (even for 'ba' and 'ws'; >= 2).
    rewiring : float
        Rewiring probability of the Watts–Strogatz network, in [0, 1].
    fitness : {'exponential', 'linear'}
        Fitness map of the Moran processes (finite and re-matching): ``exp(intensity *
        payoff)`` (the default: positive whatever fines do to the pay-offs) or
        ``1 - intensity + intensity * payoff`` (must stay >= 0).

    Examples
    --------
    >>> Dynamics("replicator", generations=500).kind
    'replicator'
    """

    kind: str = "moran"
    generations: int = 200
    intensity: float = 1.0
    mutation: float = 0.0
    rounds: int = 50
    rule: str = "fermi"
    neighbourhood: str = "moore"
    torus: bool = True
    fitness: str = "exponential"
    network: str = "lattice"
    degree: int = _graphs.DEFAULT_DEGREE
    rewiring: float = _graphs.DEFAULT_REWIRING

    def __post_init__(self) -> None:
        if self.kind not in DYNAMICS:
            raise ValueError(f"dynamics must be one of {', '.join(DYNAMICS)}, got {self.kind!r}")
        object.__setattr__(
            self, "generations", _validate.positive_int(self.generations, "generations")
        )
        intensity = _validate.positive_real(self.intensity, "intensity", zero=True)
        object.__setattr__(self, "intensity", intensity)
        object.__setattr__(self, "mutation", _validate.probability(self.mutation, "mutation"))
        object.__setattr__(self, "rounds", _validate.positive_int(self.rounds, "rounds"))
        if self.rule not in SPATIAL_RULES:
            raise ValueError(f"rule must be one of {', '.join(SPATIAL_RULES)}, got {self.rule!r}")
        if self.neighbourhood not in NEIGHBOURHOODS:
            raise ValueError(
                f"neighbourhood must be one of {', '.join(NEIGHBOURHOODS)}, "
                f"got {self.neighbourhood!r}"
            )
        object.__setattr__(self, "torus", _validate.flag(self.torus, "torus"))
        if self.network not in NETWORKS:
            raise ValueError(f"network must be one of {', '.join(NETWORKS)}, got {self.network!r}")
        object.__setattr__(self, "degree", _validate.positive_int(self.degree, "degree", 2))
        if self.network in ("ba", "ws") and self.degree % 2:
            raise ValueError(
                f"degree must be even for network {self.network!r} (2 m or k), got {self.degree}"
            )
        object.__setattr__(self, "rewiring", _validate.probability(self.rewiring, "rewiring"))
        if self.network != "lattice" and self.kind != "spatial":
            raise ValueError(
                f"network={self.network!r} needs the spatial dynamics, got {self.kind!r}"
            )
        self._check_unused()
        if self.fitness not in ("exponential", "linear"):
            raise ValueError(f"fitness must be 'exponential' or 'linear', got {self.fitness!r}")
        if self.kind == "spatial" and self.rule == "fermi" and intensity == 0:
            raise ValueError("intensity must be > 0 for the spatial Fermi rule, got 0")

    def _check_unused(self) -> None:
        """Settings the chosen structure does not use must stay at their defaults."""
        unused = []
        if self.network == "lattice":
            unused += [("degree", _graphs.DEFAULT_DEGREE), ("rewiring", _graphs.DEFAULT_REWIRING)]
        else:
            unused += [("neighbourhood", "moore"), ("torus", True)]
            if self.network != "ws":
                unused.append(("rewiring", _graphs.DEFAULT_REWIRING))
        for name, default in unused:
            if getattr(self, name) != default:
                raise ValueError(
                    f"{name}={getattr(self, name)!r} does nothing with network={self.network!r}; "
                    f"leave it at its default ({default!r})"
                )

    @property
    def stochastic(self) -> bool:
        """True when runs differ from seed to seed (finite and spatial populations)."""
        return self.kind not in ("ecological", "replicator")

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _shares(strategies: object, initial: object) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Names and initial shares from a ``{name: share}`` mapping or a list of names."""
    if isinstance(strategies, Mapping):
        if initial not in (None, ()):
            raise ValueError("give initial shares either in the strategies mapping or as initial")
        names, initial = tuple(strategies), tuple(strategies.values())
    elif isinstance(strategies, str) or not isinstance(strategies, Sequence):
        raise TypeError(
            f"strategies must be a list of names or a mapping name -> share, got {strategies!r}"
        )
    else:
        names = tuple(strategies)
    if len(names) < 2:
        raise ValueError(f"a scenario needs at least 2 strategies, got {len(names)}")
    for name in names:
        resolve_player(name)
    if len(set(names)) != len(names):
        dup = sorted({x for x in names if names.count(x) > 1})
        raise ValueError(f"strategies must be distinct, got {', '.join(dup)} more than once")
    if initial in (None, ()):
        return names, tuple(1.0 / len(names) for _ in names)
    if isinstance(initial, str) or not isinstance(initial, Sequence):
        raise TypeError(f"initial must be a list of shares, got {initial!r}")
    if len(initial) != len(names):
        raise ValueError(
            f"initial must have one share per strategy ({len(names)}), got {len(initial)}"
        )
    values = []
    for name, x in zip(names, initial, strict=True):
        share = _validate.probability(x, f"initial share of {name}")
        values.append(share)
    if not math.isclose(sum(values), 1.0, abs_tol=1e-9):
        raise ValueError(f"initial shares must sum to 1, got {sum(values):g} ({values})")
    return names, tuple(values)


@dataclass(frozen=True)
class Scenario:
    """A population, its game, the interventions in force and how strategies spread.

    Parameters
    ----------
    strategies : mapping name -> initial share, or list of names
        At least two distinct strategies (registry names, ``'discriminator'`` or
        ``'discriminator:<name>'``); a list starts with equal shares.
    initial : sequence of float, optional
        Initial shares (with a list of names), summing to 1.
    population : int
        Size of a finite population (>= 2; even for the re-matching model; a square for the
        spatial dynamics).  The ecological and replicator dynamics ignore it.
    game : Game or (R, S, T, P)
        The game before any pay-off intervention (default 3, 0, 5, 1).
    interventions : sequence of Intervention
        At most one of each type; the match settings come from :class:`Shadow` (default 200
        rounds, an unknown end) and :class:`Noise` (default none).
    dynamics : Dynamics
        The process and its horizon (default: Moran, 200 generations).
    takeover : float
        Co-operators *take over* when strategies that co-operate with their own kind (a
        self-play co-operation rate >= 1/2 under the scenario's settings) hold at least this
        share, in (0, 1].
    name : str
        A label for reports.

    Examples
    --------
    >>> from coop_sim.design import DefectionFine, Shadow
    >>> s = Scenario({"tit_for_tat": 0.1, "defector": 0.9}, population=50,
    ...              interventions=[Shadow(continuation=0.9), DefectionFine(1.0)])
    >>> s.game_after().as_tuple()
    (3.0, 0.0, 4.0, 0.0)
    >>> s.with_levers(fine_on_defection=2.0, continuation=0.5).lever("continuation")
    0.5
    >>> s.with_levers(**{"initial:tit_for_tat": 0.3}).initial
    (0.3, 0.7)
    """

    strategies: tuple[str, ...] | Mapping | Sequence
    initial: tuple[float, ...] | Sequence | None = None
    population: int = 100
    game: Game | tuple | None = None
    interventions: tuple[Intervention, ...] | Sequence = ()
    dynamics: Dynamics = field(default_factory=Dynamics)
    takeover: float = 0.9
    name: str = ""

    def __post_init__(self) -> None:
        names, shares = _shares(self.strategies, self.initial)
        object.__setattr__(self, "strategies", names)
        object.__setattr__(self, "initial", shares)
        object.__setattr__(
            self, "population", _validate.positive_int(self.population, "population", 2)
        )
        object.__setattr__(self, "game", resolve_game(self.game))
        if not isinstance(self.dynamics, Dynamics):
            raise TypeError(f"dynamics must be a Dynamics, got {type(self.dynamics).__name__}")
        ivs = self.interventions
        if isinstance(ivs, Intervention) or not isinstance(ivs, Sequence):
            raise TypeError(f"interventions must be a list of interventions, got {ivs!r}")
        keys = []
        for iv in ivs:
            if not isinstance(iv, Intervention):
                raise TypeError(f"interventions must be Intervention objects, got {iv!r}")
            if iv.key in keys:
                raise ValueError(
                    f"interventions may hold one {type(iv).__name__} only, got two; "
                    "use Scenario.apply to replace one"
                )
            keys.append(iv.key)
        object.__setattr__(self, "interventions", tuple(ivs))
        takeover = _validate.probability(self.takeover, "takeover")
        if takeover == 0:
            raise ValueError("takeover must be a share in (0, 1], got 0")
        object.__setattr__(self, "takeover", takeover)
        if not isinstance(self.name, str):
            raise TypeError(f"name must be a string, got {self.name!r}")
        self._check_compatible()

    # ------------------------------------------------------------------ structure

    def intervention(self, key: str) -> Intervention | None:
        """The intervention kept under ``key`` (e.g. ``'turnover'``), or None."""
        for iv in self.interventions:
            if iv.key == key:
                return iv
        return None

    @property
    def shadow(self) -> Shadow:
        """The match length settings (default: 200 rounds, unknown end)."""
        return self.intervention("shadow") or Shadow()

    @property
    def noise(self) -> float:
        """Probability that a move is mis-executed."""
        iv = self.intervention("noise")
        return iv.rate if iv is not None else 0.0

    @property
    def record(self) -> str | None:
        """The public record kept ('image' / 'standing'), or None."""
        rep, listing = self.intervention("reputation"), self.intervention("listing")
        if rep is not None:
            return rep.record
        return listing.record if listing is not None else None

    @property
    def readers(self) -> tuple[bool, ...]:
        """Per strategy: does it read the public record?"""
        return tuple(resolve_player(nm)[1] for nm in self.strategies)

    @property
    def rematching(self) -> bool:
        """True when the agent-based re-matching model runs (see the module notes)."""
        agents = any(
            self.intervention(k) is not None for k in ("turnover", "reputation", "listing")
        )
        return self.dynamics.kind in ("moran", "fermi") and (agents or any(self.readers))

    def game_after(self) -> Game:
        """The game with the pay-off interventions applied."""
        return transform_game(self.game, self.interventions)

    def _check_compatible(self) -> None:
        kind = self.dynamics.kind
        teaching = self.intervention("teaching")
        if teaching is not None and teaching.strategy not in self.strategies:
            raise ValueError(
                f"teaching strategy must be one of the scenario's strategies "
                f"({', '.join(self.strategies)}), got {teaching.strategy!r}"
            )
        agent_only = [k for k in ("reputation", "listing") if self.intervention(k) is not None]
        if any(self.readers) and self.record is None:
            raise ValueError(
                "discriminators read a public record: add Reputation('image'|'standing') "
                "or a Listing to the interventions"
            )
        if (agent_only or any(self.readers)) and kind not in ("moran", "fermi"):
            what = ", ".join(agent_only) or "discriminators"
            raise ValueError(
                f"{what} need the agent-based re-matching model: use dynamics 'moran' or "
                f"'fermi', got {kind!r}"
            )
        if kind == "spatial":
            for key in ("turnover", "assortment"):
                if self.intervention(key) is not None:
                    raise ValueError(
                        f"{key} is not modelled on a lattice (the lattice's neighbourhoods are "
                        "its own like-mindedness and partners); use a well-mixed dynamics"
                    )
            if self.dynamics.network == "lattice":
                side = math.isqrt(self.population)
                if side * side != self.population or side < 3:
                    raise ValueError(
                        f"population must be a square >= 9 for the spatial dynamics on a "
                        f"lattice (side x side), got {self.population}"
                    )
            else:
                degree = self.dynamics.degree
                if self.population <= degree:
                    raise ValueError(
                        f"population must exceed the network's degree ({degree}), got "
                        f"{self.population}"
                    )
                if self.dynamics.network == "regular" and (self.population * degree) % 2:
                    raise ValueError(
                        f"population x degree must be even for a random regular network, got "
                        f"{self.population} x {degree}"
                    )
        if self.rematching:
            game = self.game_after()
            programs = [
                nm for nm in self.strategies if resolve_player(nm)[0].automaton(game) is None
            ]
            if programs:
                raise ValueError(
                    f"strategies {', '.join(programs)} have no finite-state form, which the "
                    "re-matching model (turnover, reputation, listing under 'moran'/'fermi') "
                    "needs; use finite-state strategies or a deterministic dynamics"
                )
            if self.population % 2:
                raise ValueError(
                    f"population must be even in the re-matching model (players are paired), "
                    f"got {self.population}"
                )
            if self.intervention("assortment") is not None:
                raise ValueError(
                    "assortment is not modelled with partner re-matching; use the ecological "
                    "or replicator dynamics, or drop the turnover/reputation/listing"
                )
            if self.shadow.known_end:
                raise ValueError(
                    "known_end is not modelled with partner re-matching (relationships end at "
                    "random); use Shadow(continuation=...) or turns without known_end"
                )
        if self.shadow.known_end and self.intervention("turnover") is not None:
            raise ValueError("known_end cannot be combined with turnover (the end is random)")

    # ------------------------------------------------------------------ levers

    def apply(self, *interventions: Intervention) -> Scenario:
        """A copy with ``interventions`` added, replacing any of the same type.

        Examples
        --------
        >>> from coop_sim.design import Noise
        >>> s = Scenario(["tit_for_tat", "defector"]).apply(Noise(0.01)).apply(Noise(0.05))
        >>> s.noise
        0.05
        """
        keys = {iv.key for iv in interventions}
        kept = [iv for iv in self.interventions if iv.key not in keys]
        return replace(self, interventions=tuple(kept) + tuple(interventions))

    def without(self, *keys: str) -> Scenario:
        """A copy without the interventions kept under ``keys``."""
        for key in keys:
            if key not in INTERVENTIONS:
                raise ValueError(
                    f"intervention must be one of {', '.join(INTERVENTIONS)}, got {key!r}"
                )
        return replace(
            self, interventions=tuple(iv for iv in self.interventions if iv.key not in keys)
        )

    def lever(self, name: str) -> object:
        """The current value of lever ``name`` (defaults for absent interventions)."""
        if name.startswith("initial:"):
            strategy = name.split(":", 1)[1]
            return self.initial[self._index(strategy, name)]
        spec = _lever(name)
        if spec.target == "scenario":
            return getattr(self, spec.field)
        if spec.target == "dynamics":
            return getattr(self.dynamics, spec.field)
        iv = self.intervention(spec.owner)
        if iv is None:
            iv = self.shadow if spec.owner == "shadow" else INTERVENTIONS[spec.owner]()
        return getattr(iv, spec.field)

    def with_levers(self, **values: object) -> Scenario:
        """A copy with levers set, e.g. ``with_levers(fine_on_defection=1.5, turnover=0.1)``.

        An absent intervention is added with its other fields at their defaults.  Levers
        ``'initial:<strategy>'`` set those strategies' initial shares exactly (jointly, in any
        order) and rescale the other strategies' shares proportionally to fill the rest
        (equally if they were all 0).  Names and values are validated.
        """
        out = self
        shares = {
            k: v for k, v in values.items() if isinstance(k, str) and k.startswith("initial:")
        }
        for name, value in values.items():
            if name not in shares:
                out = out._with_lever(name, value)
        return out._with_shares(shares) if shares else out

    def _with_shares(self, levers: dict) -> Scenario:
        fixed = {}
        for name, value in levers.items():
            fixed[self._index(name.split(":", 1)[1], name)] = _validate.probability(value, name)
        total = sum(fixed.values())
        if total > 1 + 1e-12:
            raise ValueError(
                f"initial shares set by levers must sum to at most 1, got {total:g} "
                f"({', '.join(levers)})"
            )
        free = [j for j in range(len(self.initial)) if j not in fixed]
        if not free and abs(total - 1) > 1e-9:
            raise ValueError(f"initial shares set for every strategy must sum to 1, got {total:g}")
        rest = sum(self.initial[j] for j in free)
        shares = [
            fixed[j] if j in fixed
            else ((1 - total) * self.initial[j] / rest if rest > 0 else (1 - total) / len(free))
            for j in range(len(self.initial))
        ]  # fmt: skip
        return replace(self, initial=tuple(shares))

    def _index(self, strategy: str, lever: str) -> int:
        if strategy not in self.strategies:
            raise ValueError(
                f"lever {lever!r} names no strategy of the scenario ({', '.join(self.strategies)})"
            )
        return self.strategies.index(strategy)

    def _with_lever(self, name: str, value: object) -> Scenario:
        if not isinstance(name, str):
            raise TypeError(f"lever names must be strings, got {name!r}")
        spec = _lever(name)
        value = spec.check(value)
        if spec.target == "scenario":
            return replace(self, **{spec.field: value})
        if spec.target == "dynamics":
            return replace(self, dynamics=replace(self.dynamics, **{spec.field: value}))
        current = self.intervention(spec.owner)
        if spec.owner == "shadow":
            current = self.shadow
            if spec.field == "continuation":
                # fixed-length matches become an unknown end; a cap on a continuation stays
                changes = {"continuation": value, "known_end": False}
                if current.continuation is None:
                    changes["turns"] = None
                return self.apply(replace(current, **changes))
        if current is None:
            current = INTERVENTIONS[spec.owner]()
        return self.apply(replace(current, **{spec.field: value}))

    # ------------------------------------------------------------------ data

    def to_dict(self) -> dict:
        """Plain data (JSON/TOML-able) that :meth:`from_dict` turns back into the scenario."""
        return {
            "name": self.name,
            "strategies": dict(zip(self.strategies, self.initial, strict=True)),
            "population": self.population,
            "game": dict(zip("RSTP", self.game.as_tuple(), strict=True)),
            "interventions": {iv.key: iv.to_dict() for iv in self.interventions},
            "dynamics": self.dynamics.to_dict(),
            "takeover": self.takeover,
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> Scenario:
        """The scenario :meth:`to_dict` described (keys checked by the scenario-file layer)."""
        game = data.get("game")
        if isinstance(game, Mapping):
            game = tuple(game[k] for k in "RSTP")
        ivs = [
            INTERVENTIONS[key](**fields_) for key, fields_ in data.get("interventions", {}).items()
        ]
        return cls(
            data["strategies"],
            population=data.get("population", 100),
            game=game,
            interventions=ivs,
            dynamics=Dynamics(**data.get("dynamics", {})),
            takeover=data.get("takeover", 0.9),
            name=data.get("name", ""),
        )

    def describe(self) -> str:
        """A few lines for reports and the CLI."""
        game, dyn = self.game_after(), self.dynamics
        pop = ", ".join(
            f"{nm} {x:.3g}" for nm, x in zip(self.strategies, self.initial, strict=True)
        )
        size = "" if dyn.kind in ("ecological", "replicator") else f" (N = {self.population})"
        values = ", ".join(f"{v:g}" for v in self.game.as_tuple())
        after = ", ".join(f"{v:g}" for v in game.as_tuple())
        designed = f"; after the interventions {after}" if after != values else ""
        model = f"{dyn.kind}, {dyn.generations} generations"
        if dyn.kind in ("replicator", "moran", "fermi") or dyn.kind == "spatial":
            model += f", intensity {dyn.intensity:g}"
        if dyn.mutation:
            model += f", mutation {dyn.mutation:g}"
        if self.rematching:
            model += f"; agent-based re-matching, {dyn.rounds} rounds per generation"
        if dyn.kind == "spatial" and dyn.network == "lattice":
            side = math.isqrt(self.population)
            model += f"; {side} x {side} lattice, {dyn.rule}, {dyn.neighbourhood}"
        elif dyn.kind == "spatial":
            model += f"; {dyn.network} network of mean degree {dyn.degree}, {dyn.rule}"
        lines = [
            f"scenario {self.name!r}" if self.name else "scenario",
            f"  population: {pop}{size}",
            f"  game: R, S, T, P = {values}{designed} ({game.classify().replace('_', ' ')})",
            f"  matches: {self.shadow.describe()}, noise {self.noise:g}",
            f"  dynamics: {model}",
        ]
        lines += [f"  intervention: {iv.describe()}" for iv in self.interventions
                  if iv.key not in ("shadow", "noise")]  # fmt: skip
        return "\n".join(lines)


def _lever(name: str):
    if name not in LEVERS:
        known = ", ".join(sorted(LEVERS)) + ", initial:<strategy>"
        raise ValueError(f"lever must be one of {known}; got {name!r}")
    return LEVERS[name]
