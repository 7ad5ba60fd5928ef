"""The result every demonstration returns, and helpers the demos share."""

from __future__ import annotations

import csv
import json
import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from coop_sim._seeding import SeedLike, seed_key

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.figure import Figure

__all__ = ["FILES", "DemoResult"]

#: The files :meth:`DemoResult.save` writes.
FILES = ("figure.png", "data.json", "table.csv")


def _frozen(value: object) -> object:
    """``value`` with numpy arrays made read-only and containers copied (recursively)."""
    if isinstance(value, np.ndarray):
        array = value.copy()
        array.setflags(write=False)
        return array
    if isinstance(value, Mapping):
        return {str(k): _frozen(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    return value


def jsonable(value: object) -> object:
    """``value`` as plain JSON types: arrays and tuples become lists, numpy scalars Python
    numbers, and non-finite floats ``None``.

    Examples
    --------
    >>> jsonable({"a": np.array([1.0, np.nan]), "b": (np.int64(2), True)})
    {'a': [1.0, None], 'b': [2, True]}
    """
    if isinstance(value, np.ndarray):
        return [jsonable(v) for v in value.tolist()]
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        x = float(value)
        return x if math.isfinite(x) else None
    if value is None or isinstance(value, str):
        return value
    return str(value)


def _cell(value: object) -> str:
    """A table cell for terminals."""
    if value is None:
        return "-"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        x = float(value)
        return f"{x:.3f}" if math.isfinite(x) else "-"
    return str(value)


@dataclass(frozen=True, eq=False)
class DemoResult:
    """What a demonstration computed: its data, a takeaway drawn from them, and a figure.

    Attributes
    ----------
    name : str
        The demo's id (a key of :data:`coop_sim.demos.DEMOS`).
    title : str
        A one-line title (the principle shown).
    takeaway : str
        Two or three sentences computed from this run's numbers.
    data : dict
        Everything the figure and the takeaway use (numpy arrays are read-only).
    table : tuple of dict
        The main table, one dict per row (what ``table.csv`` holds).
    settings : dict
        The parameters that made the run (seed included) and the library version.
    note : str
        Background that does not depend on the run (may be empty).

    Examples
    --------
    >>> from coop_sim.demos import run_demo
    >>> r = run_demo("envy")
    >>> r.name, int(r.data["wins"][r.data["names"].index("Tit For Tat")])
    ('envy', 0)
    """

    name: str
    title: str
    takeaway: str
    data: dict
    table: tuple
    settings: dict
    note: str = ""
    draw: Callable[[DemoResult], Figure] = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "data", _frozen(self.data))
        object.__setattr__(self, "table", tuple(dict(row) for row in self.table))
        object.__setattr__(self, "settings", dict(self.settings))

    def figure(self) -> Figure:
        """A new matplotlib Figure (made without pyplot) showing the demo."""
        if self.draw is None:  # pragma: no cover - every registered demo has one
            raise RuntimeError(f"demo {self.name!r} has no figure")
        return self.draw(self)

    def to_dict(self) -> dict:
        """Everything but the figure, as plain JSON types."""
        return jsonable(
            {
                "name": self.name,
                "title": self.title,
                "takeaway": self.takeaway,
                "note": self.note,
                "settings": self.settings,
                "data": self.data,
                "table": list(self.table),
            }
        )

    def table_text(self, max_rows: int = 25) -> str:
        """The table as aligned text; longer tables show every k-th row (and the last)."""
        rows = list(self.table)
        if not rows:
            return ""
        keep = list(range(len(rows)))
        if len(rows) > max_rows:
            step = math.ceil(len(rows) / (max_rows - 1))
            keep = sorted(set(range(0, len(rows), step)) | {len(rows) - 1})
        heads = list(rows[0])
        cells = [[_cell(rows[k].get(h)) for h in heads] for k in keep]
        widths = [max(len(h), *(len(c[j]) for c in cells)) for j, h in enumerate(heads)]
        left = [all(isinstance(rows[k].get(h), str) for k in keep) for h in heads]

        def line(values: Sequence[str]) -> str:
            parts = (v.ljust(w) if lft else v.rjust(w)
                     for v, w, lft in zip(values, widths, left, strict=True))  # fmt: skip
            return "  ".join(parts).rstrip()

        text = [line(heads), *(line(c) for c in cells)]
        if len(keep) < len(rows):
            text.append(f"({len(keep)} of {len(rows)} rows shown; all of them in table.csv)")
        return "\n".join(text)

    def save(self, directory: str | Path, dpi: int = 120) -> list[Path]:
        """Write ``figure.png``, ``data.json`` and ``table.csv`` into an existing directory.

        Returns
        -------
        list of Path
            The files written, in the order of :data:`FILES`.
        """
        directory = Path(directory)
        paths = [directory / name for name in FILES]
        self.figure().savefig(paths[0], dpi=dpi)
        paths[1].write_text(json.dumps(self.to_dict(), indent=1, allow_nan=False) + "\n")
        rows = jsonable(list(self.table))
        with paths[2].open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else [])
            writer.writeheader()
            for row in rows:
                writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
        return paths


# ----------------------------------------------------------------------------- helpers


def generator(seed: SeedLike) -> tuple[np.random.Generator, int | None]:
    """A numpy Generator for ``seed`` and the int that reproduces it (None for a Generator
    or SeedSequence passed in)."""
    key, recorded = seed_key(seed)
    return np.random.default_rng(key), recorded


def recorded_seed(seed: SeedLike) -> int | None:
    """The int to record for ``seed`` (fresh entropy for None)."""
    return seed_key(seed)[1]


def percent(x: float) -> str:
    """``0.1234 -> '12%'`` (one decimal below 1% and above 99%)."""
    x = float(x)
    if 0 < x < 0.01 or 0.99 < x < 1:
        return f"{100 * x:.1f}%"
    return f"{100 * x:.0f}%"


def new_figure(size: tuple[float, float], ncols: int = 1, **kwargs):
    """A pyplot-free constrained-layout Figure and its axes."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout="constrained")
    axes = fig.subplots(1, ncols, **kwargs) if ncols > 1 else fig.add_subplot()
    return fig, axes
