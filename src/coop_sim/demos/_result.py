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

__all__ = ["FILES", "DemoResult", "format_cell"]

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


def format_cell(value: object, digits: int = 3) -> str:
    """A table cell, for the terminal and the web app alike: floats to ``digits`` decimals,
    ints as they are, booleans as yes / no, None and non-finite numbers as a dash.

    Examples
    --------
    >>> [format_cell(v) for v in (2.5, 3, 2.0, True, None, float("nan"), "TFT")]
    ['2.500', '3', '2.000', 'yes', '-', '-', 'TFT']
    """
    if value is None:
        return "-"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        x = float(value)
        return f"{x:.{digits}f}" if math.isfinite(x) else "-"
    return str(value)


def header(key: str) -> str:
    """The readable header of a table column: ``'mean_rank' -> 'mean rank'``."""
    return key.replace("_", " ")


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
    headers : dict
        Column key -> readable header, for the columns whose header is not simply the key
        with spaces for underscores (see :meth:`column_headers`).

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
    headers: dict = field(default_factory=dict)
    draw: Callable[[DemoResult], Figure] = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "data", _frozen(self.data))
        object.__setattr__(self, "table", tuple(dict(row) for row in self.table))
        object.__setattr__(self, "settings", dict(self.settings))
        object.__setattr__(self, "headers", dict(self.headers))

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

    def column_headers(self) -> dict[str, str]:
        """Every column of :attr:`table`: key -> the readable header that the terminal and
        the web app show (``table.csv`` keeps the keys).

        Examples
        --------
        >>> from coop_sim.demos import run_demo
        >>> run_demo("envy").column_headers()["score"]
        'score per round'
        """
        keys = list(self.table[0]) if self.table else []
        return {key: self.headers.get(key, header(key)) for key in keys}

    def table_text(self, max_rows: int = 30) -> str:
        """The table as aligned text, with readable headers.

        Every row when there are at most ``max_rows``; otherwise the first rows, a line
        ``... (K more rows: see table.csv)`` and the last rows, ``max_rows`` rows in all.
        """
        rows = list(self.table)
        if not rows:
            return ""
        if max_rows < 2:
            raise ValueError(f"max_rows must be an int >= 2, got {max_rows!r}")
        n = len(rows)
        tail = max(1, min(3, max_rows // 4))
        head = n if n <= max_rows else max_rows - tail
        keep = list(range(head)) + ([] if n <= max_rows else list(range(n - tail, n)))
        columns = self.column_headers()
        keys, heads = list(columns), list(columns.values())
        cells = [[format_cell(rows[k].get(key)) for key in keys] for k in keep]
        widths = [max(len(h), *(len(c[j]) for c in cells)) for j, h in enumerate(heads)]
        left = [all(isinstance(rows[k].get(key), str) for k in keep) for key in keys]

        def line(values: Sequence[str]) -> str:
            parts = (v.ljust(w) if lft else v.rjust(w)
                     for v, w, lft in zip(values, widths, left, strict=True))  # fmt: skip
            return "  ".join(parts).rstrip()

        text = [line(heads), *(line(c) for c in cells[:head])]
        if n > max_rows:
            text.append(f"... ({n - head - tail} more rows: see table.csv)")
            text += [line(c) for c in cells[head:]]
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


def fresh_seed() -> int:
    """A new random seed, short enough to type back in: an int in [0, 2**31).

    Pages and commands that draw a seed for an empty field show this one, so the run can be
    repeated.
    """
    return int(np.random.SeedSequence().entropy % 2**31)


def positions(ranking: Sequence[int]) -> np.ndarray:
    """Each player's place (1 = best) from a ranking (player indices, best first).

    Examples
    --------
    >>> positions([2, 0, 1]).tolist()
    [2, 3, 1]
    """
    ranking = np.asarray(ranking, dtype=np.int64)
    place = np.empty(ranking.size, dtype=np.int64)
    place[ranking] = np.arange(1, ranking.size + 1)
    return place


def recorded_seed(seed: SeedLike) -> int | None:
    """The int to record for ``seed`` (fresh entropy for None)."""
    return seed_key(seed)[1]


def percent(x: float) -> str:
    """``0.1234 -> '12%'`` (one decimal below 1% and above 99%)."""
    x = float(x)
    if 0 < x < 0.01 or 0.99 < x < 1:
        return f"{100 * x:.1f}%"
    return f"{100 * x:.0f}%"


def new_figure(size: tuple[float, float], ncols: int = 1, nrows: int = 1, **kwargs):
    """A pyplot-free constrained-layout Figure and its axes."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout="constrained")
    if ncols > 1 or nrows > 1:
        return fig, fig.subplots(nrows, ncols, **kwargs)
    return fig, fig.add_subplot()
