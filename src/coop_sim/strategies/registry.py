"""The registry of named strategies: ids, display names and aliases -> specs."""

from __future__ import annotations

import difflib
import re

from coop_sim.strategies.spec import StrategySpec

_SPECS: dict[str, StrategySpec] = {}
_LOOKUP: dict[str, str] = {}
_SETS: dict[str, list[str]] = {}
_loaded = False


def _fold(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def register(spec: StrategySpec, *, sets: tuple[str, ...] = ()) -> StrategySpec:
    """Add a named spec (its ``id`` must be new) and put it in the named ``sets``."""
    if not spec.id or not re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*", spec.id):
        raise ValueError(f"a registered strategy needs a snake_case id, got {spec.id!r}")
    if spec.id in _SPECS:
        raise ValueError(f"strategy id {spec.id!r} is registered twice")
    _SPECS[spec.id] = spec
    for key in (spec.id, spec.name, *spec.aliases):
        if key:
            _LOOKUP.setdefault(_fold(key), spec.id)
    for name in (*sets, "all"):
        _SETS.setdefault(name, []).append(spec.id)
    return spec


def order_set(name: str, ids: tuple[str, ...] | list[str]) -> None:
    """Put the members of set ``name`` in the order of ``ids`` (which must be exactly them)."""
    members = _SETS.get(name, [])
    if sorted(members) != sorted(ids):
        raise ValueError(f"order_set({name!r}) needs exactly the set's ids {sorted(members)}")
    members[:] = list(ids)


def _load() -> None:
    global _loaded
    if _loaded:
        return
    # catalogue modules register their strategies on import
    from coop_sim.strategies import (  # noqa: F401
        catalog_basic,
        catalog_classic,
        catalog_finite,
        catalog_first,
    )

    _loaded = True


def names() -> list[str]:
    """All registered strategy ids, sorted.

    Examples
    --------
    >>> from coop_sim import strategies
    >>> "tit_for_tat" in strategies.names()
    True
    """
    _load()
    return sorted(_SPECS)


def get(name: str) -> StrategySpec:
    """The spec registered under an id, a display name or an alias (case-insensitive).

    Raises
    ------
    ValueError
        For an unknown name, suggesting the closest ids.

    Examples
    --------
    >>> from coop_sim import strategies
    >>> strategies.get("Tit For Tat").id
    'tit_for_tat'
    """
    _load()
    if not isinstance(name, str):
        raise TypeError(f"a strategy name must be a str, got {name!r}")
    key = _fold(name)
    if key in _LOOKUP:
        return _SPECS[_LOOKUP[key]]
    close = difflib.get_close_matches(key, list(_LOOKUP), n=3, cutoff=0.6)
    ids = list(dict.fromkeys(_LOOKUP[c] for c in close))
    hint = (
        f"; did you mean {', '.join(ids)}?"
        if ids
        else "; list them with coop_sim.strategies.names() or `coop-sim strategies`"
    )
    raise ValueError(f"unknown strategy {name!r}{hint}")


def resolve(strategy: str | StrategySpec) -> StrategySpec:
    """Accept a registered name or a spec; return the spec."""
    if isinstance(strategy, StrategySpec):
        return strategy
    if isinstance(strategy, str):
        return get(strategy)
    raise TypeError(
        f"a strategy must be a registered name (str) or a strategy spec, got {strategy!r}"
    )


def strategy_set(name: str) -> list[str]:
    """Ids in a named set: 'basic', 'demo', 'first' (Axelrod's first tournament) or 'all'."""
    _load()
    if name not in _SETS:
        raise ValueError(f"set must be one of {sorted(_SETS)}, got {name!r}")
    return list(_SETS[name])


def set_names() -> list[str]:
    """The names of the strategy sets."""
    _load()
    return sorted(_SETS)
