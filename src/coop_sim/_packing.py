"""Pack compiled strategies into the flat arrays the kernels take."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coop_sim.game import Game
from coop_sim.strategies.spec import Compiled, StrategySpec

_CACHE_SIZE = 4096
_compiled: dict[tuple[int, tuple], tuple[StrategySpec, Compiled]] = {}


def compile_spec(spec: StrategySpec, game: Game) -> Compiled:
    """``spec.compile(game)``, remembered: specs are frozen, so their arrays never change."""
    key = (id(spec), game.as_tuple())
    hit = _compiled.get(key)
    if hit is not None and hit[0] is spec:
        return hit[1]
    if len(_compiled) >= _CACHE_SIZE:
        _compiled.clear()
    compiled = spec.compile(game)
    _compiled[key] = (spec, compiled)
    return compiled


@dataclass(frozen=True)
class Packed:
    """Flat arrays for N compiled strategies (see :mod:`coop_sim.engine.match_kernel`)."""

    families: np.ndarray  # int64 (N,)
    offsets: np.ndarray  # int64 (N + 1,) into params
    params: np.ndarray  # float64
    state_sizes: np.ndarray  # int64 (N,)
    deterministic: np.ndarray  # bool (N,)
    auto_thr: np.ndarray  # int64 (total automaton states,): ceil(p_c * 2**32)
    auto_nxt: np.ndarray  # int64 (8 * total automaton states,), local state numbers
    auto_off: np.ndarray  # int64 (N + 1,) state offsets
    auto_start: np.ndarray  # int64 (N,)
    is_auto: np.ndarray  # bool (N,)
    is_m1: np.ndarray  # bool (N,): memory-one automaton in the standard layout

    def kernel_args(self) -> tuple:
        return (
            self.families, self.offsets, self.params, self.state_sizes, self.deterministic,
            self.auto_thr, self.auto_nxt, self.auto_off, self.auto_start, self.is_auto, self.is_m1,
        )  # fmt: skip


def pack(compiled: list[Compiled]) -> Packed:
    """Concatenate the strategies' parameters and automaton tables."""
    n = len(compiled)
    sizes = np.array([len(c.params) for c in compiled], dtype=np.int64)
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    autos = [c.automaton for c in compiled]
    n_states = np.array([0 if a is None else a.n_states for a in autos], dtype=np.int64)
    auto_off = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(n_states, out=auto_off[1:])
    present = [a for a in autos if a is not None]
    auto_p = np.concatenate([a.p_c for a in present]) if present else np.zeros(0)
    auto_nxt = (
        np.concatenate([a.nxt.reshape(-1) for a in present]).astype(np.int64)
        if present
        else np.zeros(0, dtype=np.int64)
    )
    return Packed(
        families=np.array([c.family for c in compiled], dtype=np.int64),
        offsets=offsets,
        params=np.concatenate([c.params for c in compiled]).astype(np.float64),
        state_sizes=np.array([c.state_size for c in compiled], dtype=np.int64),
        deterministic=np.array([c.deterministic for c in compiled], dtype=np.bool_),
        auto_thr=np.ceil(auto_p.astype(np.float64) * 2.0**32).astype(np.int64),
        auto_nxt=auto_nxt,
        auto_off=auto_off,
        auto_start=np.array([0 if a is None else a.start for a in autos], dtype=np.int64),
        is_auto=np.array([a is not None for a in autos], dtype=np.bool_),
        is_m1=np.array([_standard_memory_one(a) for a in autos], dtype=np.bool_),
    )


def _standard_memory_one(automaton) -> bool:
    """True if the automaton's state after a round is ``1 + 2 own + opp`` whatever came before."""
    if automaton is None or automaton.n_states != 5:
        return False
    expected = 1 + 2 * np.arange(2)[:, None] + np.arange(2)[None, :]
    return bool(np.all(automaton.nxt == expected[None, None, :, :]))
