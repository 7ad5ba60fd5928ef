"""Axelrod's first tournament (``catalog_first``) against golden play of Axelrod-Python 4.14.

Source of the golden data below: generated once with Axelrod-Python 4.14.0 by scratch scripts
(not part of the suite; the suite does not import axelrod):

* ``DETERMINISTIC``: player A's moves in ``axl.Match((Entry(), Opponent()), turns=n).play()``.
  Axelrod's ``Match`` tells the players the length (key suffix ``|1``, our
  ``known_length=True``); suffix ``|0`` is ``match_attributes={"length": inf}``, Axelrod's
  encoding of an unknown length (our ``known_length=False``).  Opponents ``cycler:NAME``
  are ``axl.Cycler(PATTERNS[NAME])``.
* ``OTHER_GAMES``: the same with ``game=axl.game.Game(r, s, t, p)``, 200 turns.
* ``GRAASKAMP_NO_DRAWS``: First by Graaskamp's moves (200 turns) where it makes no random draw.
* ``NOISY``: 150-round matches with 10% noise, played move by move; ``own``/``opp`` are the
  actual (flipped) moves and ``intended`` what the Axelrod player chose before the flip.
* ``AXELROD_COUNTS``: per-round numbers of co-operations of the entry over 4000 matches
  ``axl.Match(..., seed=k)``, k = 0..3999.
* ``CHI_SQUARED``: ``scipy.stats.chisquare([c, d]).pvalue`` (scipy 1.17), including the
  splits nearest to the 5% level.

Move strings are run-length encoded: ``"C198D2"`` is 198 C followed by 2 D.
"""

from __future__ import annotations

import itertools
import math
import re

import numpy as np
import pytest

import coop_sim
from coop_sim import Cycler, Game, play_match, strategies
from coop_sim.engine import programs_first as pf
from coop_sim.engine.rng import uniform
from coop_sim.strategies.catalog_first import FIRST_TOURNAMENT_ORDER
from tests import reference

# --------------------------------------------------------------------------------------
# Golden data (Axelrod-Python 4.14.0; see the module docstring)
# --------------------------------------------------------------------------------------

PATTERNS = {
    "CCD": "CCD",
    "DDC": "DDC",
    "CCCCD": "CCCCD",
    "CDDCD": "CDDCD",
    "r20": "CCCCCDDDCDCCDCDCCCCCCCCCCCCCCDCCCCCCC",
    "r50": "CCDDDCCDCDCDDCDDDDCDDDCCDDCDDCCDDDDDDCDCDCDCDDCDDDCDD",
}

DETERMINISTIC = {
    "first_by_tideman_and_chieruzzi|cooperator|200|1": "C198D2",
    "first_by_tideman_and_chieruzzi|cooperator|200|0": "C200",
    "first_by_tideman_and_chieruzzi|defector|200|1": "CD199",
    "first_by_tideman_and_chieruzzi|defector|200|0": "CD199",
    "first_by_tideman_and_chieruzzi|alternator|200|1": "C2DCD5CD9CD13CD17CD21CD25CD29CD33CD36",
    "first_by_tideman_and_chieruzzi|alternator|200|0": "C2DCD5CD9CD13CD17CD21CD25CD29CD33CD36",
    "first_by_tideman_and_chieruzzi|tit_for_tat|200|1": "C198D2",
    "first_by_tideman_and_chieruzzi|tit_for_tat|200|0": "C200",
    "first_by_tideman_and_chieruzzi|cycler:CCD|200|1": (
        "C3DC2D2CD7C2D5CD13C2D8CD19C2D5C4DC2D2CD7C2DC2DC2D2CD7C2D4C2DC2D2CD7C2D4C2DC2D2CD7C2D"
        "4C2DC2D2CD7C2D4C2DC2D2CD7C2D5"
    ),
    "first_by_tideman_and_chieruzzi|cycler:CCD|200|0": (
        "C3DC2D2CD7C2D5CD13C2D8CD19C2D5C4DC2D2CD7C2DC2DC2D2CD7C2D4C2DC2D2CD7C2D4C2DC2D2CD7C2D"
        "4C2DC2D2CD7C2D4C2DC2D2CD7C2D4C"
    ),
    "first_by_tideman_and_chieruzzi|cycler:DDC|200|1": (
        "CD80C2DCD2CD14C2DCD2CD14C2DCD2CD14C2DCD2CD14C2DCD2CD14C2DCD2CD7"
    ),
    "first_by_tideman_and_chieruzzi|cycler:DDC|200|0": (
        "CD80C2DCD2CD14C2DCD2CD14C2DCD2CD14C2DCD2CD14C2DCD2CD14C2DCD2CD7"
    ),
    "first_by_tideman_and_chieruzzi|cycler:CCCCD|200|1": (
        "C5DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3"
        "D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D5"
    ),
    "first_by_tideman_and_chieruzzi|cycler:CCCCD|200|0": (
        "C5DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3"
        "D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2"
    ),
    "first_by_tideman_and_chieruzzi|cycler:CDDCD|200|1": "C2D198",
    "first_by_tideman_and_chieruzzi|cycler:CDDCD|200|0": "C2D198",
    "first_by_tideman_and_chieruzzi|cycler:r20|200|1": (
        "C6D3CD7C13DC12D5C2DCD2C13DC12D3CD4C16DC12D3CD7C13DC12D3CD7C13DC12D3CD5"
    ),
    "first_by_tideman_and_chieruzzi|cycler:r20|200|0": (
        "C6D3CD7C13DC12D5C2DCD2C13DC12D3CD4C16DC12D3CD7C13DC12D3CD7C13DC12D3CD5"
    ),
    "first_by_tideman_and_chieruzzi|cycler:r50|200|1": (
        "C3D3C2D3CD15CD34CD50CD15C2D6CD12C2DCD14CDC2DCD9CD5C2D6CD2"
    ),
    "first_by_tideman_and_chieruzzi|cycler:r50|200|0": (
        "C3D3C2D3CD15CD34CD50CD15C2D6CD12C2DCD14CDC2DCD9CD5C3D8"
    ),
    "first_by_tideman_and_chieruzzi|grudger|200|1": "C198D2",
    "first_by_tideman_and_chieruzzi|grudger|200|0": "C200",
    "first_by_tideman_and_chieruzzi|first_by_tideman_and_chieruzzi|200|1": "C198D2",
    "first_by_tideman_and_chieruzzi|first_by_tideman_and_chieruzzi|200|0": "C200",
    "first_by_tideman_and_chieruzzi|first_by_nydegger|200|1": "C198D2",
    "first_by_tideman_and_chieruzzi|first_by_nydegger|200|0": "C200",
    "first_by_tideman_and_chieruzzi|first_by_shubik|200|1": "C198D2",
    "first_by_tideman_and_chieruzzi|first_by_shubik|200|0": "C200",
    "first_by_tideman_and_chieruzzi|first_by_stein_and_rapoport|200|1": "C198D2",
    "first_by_tideman_and_chieruzzi|first_by_stein_and_rapoport|200|0": "C200",
    "first_by_tideman_and_chieruzzi|first_by_davis|200|1": "C198D2",
    "first_by_tideman_and_chieruzzi|first_by_davis|200|0": "C200",
    "first_by_tideman_and_chieruzzi|first_by_downing|200|1": "CD3CD3CD191",
    "first_by_tideman_and_chieruzzi|first_by_downing|200|0": "CD3CD3CD191",
    "first_by_nydegger|cooperator|200|1": "C200",
    "first_by_nydegger|defector|200|1": "CD2C197",
    "first_by_nydegger|alternator|200|1": (
        "C2DCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDC"
        "DCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDC"
        "DCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDC"
    ),
    "first_by_nydegger|tit_for_tat|200|1": "C200",
    "first_by_nydegger|cycler:CCD|200|1": "C200",
    "first_by_nydegger|cycler:DDC|200|1": "CD199",
    "first_by_nydegger|cycler:CCCCD|200|1": "C200",
    "first_by_nydegger|cycler:CDDCD|200|1": "C2DC197",
    "first_by_nydegger|cycler:r20|200|1": "C200",
    "first_by_nydegger|cycler:r50|200|1": "C200",
    "first_by_nydegger|grudger|200|1": "C200",
    "first_by_nydegger|first_by_tideman_and_chieruzzi|200|1": "C200",
    "first_by_nydegger|first_by_nydegger|200|1": "C200",
    "first_by_nydegger|first_by_shubik|200|1": "C200",
    "first_by_nydegger|first_by_stein_and_rapoport|200|1": "C200",
    "first_by_nydegger|first_by_davis|200|1": "C200",
    "first_by_nydegger|first_by_downing|200|1": "CD4C195",
    "first_by_shubik|cooperator|200|1": "C200",
    "first_by_shubik|defector|200|1": (
        "CDCD2CD3CD4CD5CD6CD7CD8CD9CD10CD11CD12CD13CD14CD15CD16CD17CD18CD10"
    ),
    "first_by_shubik|alternator|200|1": (
        "C2DCD2C2D3CD4C2D5CD6C2D7CD8C2D9CD10C2D11CD12C2D13CD14C2D15CD16C2D17CD18C2"
    ),
    "first_by_shubik|tit_for_tat|200|1": "C200",
    "first_by_shubik|cycler:CCD|200|1": (
        "C3DC2D2CD3C3D4C2D5CD6C3D7C2D8CD9C3D10C2D11CD12C3D13C2D14CD15C3D16C2D17CD11"
    ),
    "first_by_shubik|cycler:DDC|200|1": (
        "CDC2D2CD3CD4CD5CD6CD7CD8CD9CD10CD11CD12CD13CD14CD15CD16CD17CD18CD9"
    ),
    "first_by_shubik|cycler:CCCCD|200|1": (
        "C5DC4D2C3D3C2D4CD5C5D6C4D7C3D8C2D9CD10C5D11C4D12C3D13C2D14CD15C5D16C4D10"
    ),
    "first_by_shubik|cycler:CDDCD|200|1": (
        "C2DC2D2CD3CD4CD5CD6CD7CD8CD9CD10CD11CD12CD13CD14CD15CD16CD17CD18CD8"
    ),
    "first_by_shubik|cycler:r20|200|1": (
        "C6DCD2C3D3C14D4C9D5C2D6C11D7C6D8CD9C6D10C3D11C13D12CD13C11D14CD7"
    ),
    "first_by_shubik|cycler:r50|200|1": (
        "C3DCD2CD3CD4CD5C3D6CD7C2D8CD9C2D10C2D11CD12CD13C3D14C3D15CD16CD17C3D16"
    ),
    "first_by_shubik|grudger|200|1": "C200",
    "first_by_shubik|first_by_tideman_and_chieruzzi|200|1": "C199D",
    "first_by_shubik|first_by_nydegger|200|1": "C200",
    "first_by_shubik|first_by_shubik|200|1": "C200",
    "first_by_shubik|first_by_stein_and_rapoport|200|1": "C199D",
    "first_by_shubik|first_by_davis|200|1": "C200",
    "first_by_shubik|first_by_downing|200|1": (
        "CDC2D2C2D3CD4CD5CD6C2D7C2D8C2D9CD10CD11CD12CD13CD14CD15CD16C2D17CD18CD4"
    ),
    "first_by_stein_and_rapoport|cooperator|200|1": "C198D2",
    "first_by_stein_and_rapoport|cooperator|200|0": "C200",
    "first_by_stein_and_rapoport|defector|200|1": "C4D196",
    "first_by_stein_and_rapoport|defector|200|0": "C4D196",
    "first_by_stein_and_rapoport|alternator|200|1": "C4DCDCDCDCDCD186",
    "first_by_stein_and_rapoport|alternator|200|0": "C4DCDCDCDCDCD186",
    "first_by_stein_and_rapoport|tit_for_tat|200|1": "C198D2",
    "first_by_stein_and_rapoport|tit_for_tat|200|0": "C200",
    "first_by_stein_and_rapoport|cycler:CCD|200|1": (
        "C6DC2DC2DCD15CDC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2D"
        "C2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2D"
        "C2DC2DC2DC2DC2D2"
    ),
    "first_by_stein_and_rapoport|cycler:CCD|200|0": (
        "C6DC2DC2DCD15CDC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2D"
        "C2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2DC2D"
        "C2DC2DC2DC2DC2DC"
    ),
    "first_by_stein_and_rapoport|cycler:DDC|200|1": (
        "C4D2CD2CD2CD17CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2C"
        "D2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2C"
        "D2CD2CD2CD2CD4"
    ),
    "first_by_stein_and_rapoport|cycler:DDC|200|0": (
        "C4D2CD2CD2CD17CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2C"
        "D2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2CD2C"
        "D2CD2CD2CD2CD2CD"
    ),
    "first_by_stein_and_rapoport|cycler:CCCCD|200|1": (
        "C5DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4D"
        "C4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC2D2"
    ),
    "first_by_stein_and_rapoport|cycler:CCCCD|200|0": (
        "C5DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4D"
        "C4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4DC4"
    ),
    "first_by_stein_and_rapoport|cycler:CDDCD|200|1": (
        "C5DCD2CDCD92CDCD2CDCD2CDCD2CDCD2CDCD2CDCD2CDCD2CDCD2CDCD2CDCD2CDCD2CDCD2CDCD2CDCD2CD"
        "CD2CDCD2CDCD2CDCD2CDCD3"
    ),
    "first_by_stein_and_rapoport|cycler:CDDCD|200|0": (
        "C5DCD2CDCD92CDCD2CDCD2CDCD2CDCD2CDCD2CDCD2CDCD2CDCD2CDCD2CDCD2CDCD2CDCD2CDCD2CDCD2CD"
        "CD2CDCD2CDCD2CDCD2CDCD2C"
    ),
    "first_by_stein_and_rapoport|cycler:r20|200|1": (
        "C6D3CDC2D16CDC12D3CDC2DCDC14DC12D3CDC2DCDC14DC12D3CDC2DCDC14DC12D3CDC2DCDC14DC12D3CDC2D2"
    ),
    "first_by_stein_and_rapoport|cycler:r20|200|0": (
        "C6D3CDC2D16CDC12D3CDC2DCDC14DC12D3CDC2DCDC14DC12D3CDC2DCDC14DC12D3CDC2DCDC14DC12D3CDC2DC"
    ),
    "first_by_stein_and_rapoport|cycler:r50|200|1": (
        "C4D2C2DCDCD64C2D2CD2C2D6CDCDCDCD2CD3CD2C2D3C2DCDCD2CD4CD3C2D2CD2C2D6CDCDCDCD2CD3CD2C"
        "2D3C2DCDCD2CD4CD3C2D2CD2C2D6CD2"
    ),
    "first_by_stein_and_rapoport|cycler:r50|200|0": (
        "C4D2C2DCDCD64C2D2CD2C2D6CDCDCDCD2CD3CD2C2D3C2DCDCD2CD4CD3C2D2CD2C2D6CDCDCDCD2CD3CD2C"
        "2D3C2DCDCD2CD4CD3C2D2CD2C2D6CDC"
    ),
    "first_by_stein_and_rapoport|grudger|200|1": "C198D2",
    "first_by_stein_and_rapoport|grudger|200|0": "C200",
    "first_by_stein_and_rapoport|first_by_tideman_and_chieruzzi|200|1": "C198D2",
    "first_by_stein_and_rapoport|first_by_tideman_and_chieruzzi|200|0": "C200",
    "first_by_stein_and_rapoport|first_by_nydegger|200|1": "C198D2",
    "first_by_stein_and_rapoport|first_by_nydegger|200|0": "C200",
    "first_by_stein_and_rapoport|first_by_shubik|200|1": "C198D2",
    "first_by_stein_and_rapoport|first_by_shubik|200|0": "C200",
    "first_by_stein_and_rapoport|first_by_stein_and_rapoport|200|1": "C198D2",
    "first_by_stein_and_rapoport|first_by_stein_and_rapoport|200|0": "C200",
    "first_by_stein_and_rapoport|first_by_davis|200|1": "C198D2",
    "first_by_stein_and_rapoport|first_by_davis|200|0": "C200",
    "first_by_stein_and_rapoport|first_by_downing|200|1": "C4D2CDCDC4D46CDC12D77CDC11D36",
    "first_by_stein_and_rapoport|first_by_downing|200|0": "C4D2CDCDC4D46CDC12D77CDC11D36",
    "first_by_davis|cooperator|200|1": "C200",
    "first_by_davis|defector|200|1": "C10D190",
    "first_by_davis|alternator|200|1": "C10D190",
    "first_by_davis|tit_for_tat|200|1": "C200",
    "first_by_davis|cycler:CCD|200|1": "C10D190",
    "first_by_davis|cycler:DDC|200|1": "C10D190",
    "first_by_davis|cycler:CCCCD|200|1": "C10D190",
    "first_by_davis|cycler:CDDCD|200|1": "C10D190",
    "first_by_davis|cycler:r20|200|1": "C10D190",
    "first_by_davis|cycler:r50|200|1": "C10D190",
    "first_by_davis|grudger|200|1": "C200",
    "first_by_davis|first_by_tideman_and_chieruzzi|200|1": "C199D",
    "first_by_davis|first_by_nydegger|200|1": "C200",
    "first_by_davis|first_by_shubik|200|1": "C200",
    "first_by_davis|first_by_stein_and_rapoport|200|1": "C199D",
    "first_by_davis|first_by_davis|200|1": "C200",
    "first_by_davis|first_by_downing|200|1": "C10D190",
    "first_by_downing|cooperator|200|1": "D2CD197",
    "first_by_downing|defector|200|1": "D200",
    "first_by_downing|alternator|200|1": "D2CD197",
    "first_by_downing|tit_for_tat|200|1": "D2C198",
    "first_by_downing|cycler:CCD|200|1": "D2CDCD195",
    "first_by_downing|cycler:DDC|200|1": "D200",
    "first_by_downing|cycler:CCCCD|200|1": "D2CD2CD194",
    "first_by_downing|cycler:CDDCD|200|1": "D2C198",
    "first_by_downing|cycler:r20|200|1": "D2CD4CDCDCD188",
    "first_by_downing|cycler:r50|200|1": "D2CD197",
    "first_by_downing|grudger|200|1": "D2C2DCD194",
    "first_by_downing|first_by_tideman_and_chieruzzi|200|1": "D2C2DC3DC3DCD186",
    "first_by_downing|first_by_nydegger|200|1": "D2C2DCD194",
    "first_by_downing|first_by_shubik|200|1": (
        "D2CDCDCD3CDCDCD14CDCD6CDCD7CDCD7CDC2D17CD43CDC2D30CDCD5CD34"
    ),
    "first_by_downing|first_by_stein_and_rapoport|200|1": (
        "D2CD2CDCDC7DCDCD2CD2CD2CD2CD4CD4CD7CD9CDC32D2CD5CD7CD9CD13CD16CDC33D12CD2"
    ),
    "first_by_downing|first_by_davis|200|1": "D2CD14CD16CD32CD96CD35",
    "first_by_downing|first_by_downing|200|1": "D200",
    "first_by_tideman_and_chieruzzi|cooperator|1|1": "D",
    "first_by_tideman_and_chieruzzi|cooperator|2|1": "D2",
    "first_by_tideman_and_chieruzzi|cooperator|3|1": "CD2",
    "first_by_tideman_and_chieruzzi|cooperator|5|1": "C3D2",
    "first_by_tideman_and_chieruzzi|cooperator|17|1": "C15D2",
    "first_by_tideman_and_chieruzzi|defector|1|1": "D",
    "first_by_tideman_and_chieruzzi|defector|2|1": "D2",
    "first_by_tideman_and_chieruzzi|defector|3|1": "CD2",
    "first_by_tideman_and_chieruzzi|defector|5|1": "CD4",
    "first_by_tideman_and_chieruzzi|defector|17|1": "CD16",
    "first_by_tideman_and_chieruzzi|alternator|1|1": "D",
    "first_by_tideman_and_chieruzzi|alternator|2|1": "D2",
    "first_by_tideman_and_chieruzzi|alternator|3|1": "CD2",
    "first_by_tideman_and_chieruzzi|alternator|5|1": "C2D3",
    "first_by_tideman_and_chieruzzi|alternator|17|1": "C2DCD5CD7",
    "first_by_tideman_and_chieruzzi|tit_for_tat|1|1": "D",
    "first_by_tideman_and_chieruzzi|tit_for_tat|2|1": "D2",
    "first_by_tideman_and_chieruzzi|tit_for_tat|3|1": "CD2",
    "first_by_tideman_and_chieruzzi|tit_for_tat|5|1": "C3D2",
    "first_by_tideman_and_chieruzzi|tit_for_tat|17|1": "C15D2",
    "first_by_tideman_and_chieruzzi|cycler:r50|1|1": "D",
    "first_by_tideman_and_chieruzzi|cycler:r50|2|1": "D2",
    "first_by_tideman_and_chieruzzi|cycler:r50|3|1": "CD2",
    "first_by_tideman_and_chieruzzi|cycler:r50|5|1": "C3D2",
    "first_by_tideman_and_chieruzzi|cycler:r50|17|1": "C3D3C2D3CD5",
    "first_by_stein_and_rapoport|cooperator|1|1": "D",
    "first_by_stein_and_rapoport|cooperator|2|1": "D2",
    "first_by_stein_and_rapoport|cooperator|3|1": "CD2",
    "first_by_stein_and_rapoport|cooperator|5|1": "C3D2",
    "first_by_stein_and_rapoport|cooperator|17|1": "C15D2",
    "first_by_stein_and_rapoport|defector|1|1": "D",
    "first_by_stein_and_rapoport|defector|2|1": "D2",
    "first_by_stein_and_rapoport|defector|3|1": "CD2",
    "first_by_stein_and_rapoport|defector|5|1": "C3D2",
    "first_by_stein_and_rapoport|defector|17|1": "C4D13",
    "first_by_stein_and_rapoport|alternator|1|1": "D",
    "first_by_stein_and_rapoport|alternator|2|1": "D2",
    "first_by_stein_and_rapoport|alternator|3|1": "CD2",
    "first_by_stein_and_rapoport|alternator|5|1": "C3D2",
    "first_by_stein_and_rapoport|alternator|17|1": "C4DCDCDCDCDCD3",
    "first_by_stein_and_rapoport|tit_for_tat|1|1": "D",
    "first_by_stein_and_rapoport|tit_for_tat|2|1": "D2",
    "first_by_stein_and_rapoport|tit_for_tat|3|1": "CD2",
    "first_by_stein_and_rapoport|tit_for_tat|5|1": "C3D2",
    "first_by_stein_and_rapoport|tit_for_tat|17|1": "C15D2",
    "first_by_stein_and_rapoport|cycler:r50|1|1": "D",
    "first_by_stein_and_rapoport|cycler:r50|2|1": "D2",
    "first_by_stein_and_rapoport|cycler:r50|3|1": "CD2",
    "first_by_stein_and_rapoport|cycler:r50|5|1": "C3D2",
    "first_by_stein_and_rapoport|cycler:r50|17|1": "C4D2C2DCDCD5",
    "first_by_tideman_and_chieruzzi|cycler:r20|1000|1": (
        "C6D3CD7C13DC12D5C2DCD2C13DC12D3CD4C16DC12D3CD7C13DC12D3CD7C13DC12D3CD7C13DC12D3C4DCD"
        "2C26D3CD2C3DC14D2C11D3CD6C14DC12D3CD7C13DC12D3CD7C13DC13D10C13DC12D3C4DCD2C26D3CD2C3"
        "DC14D2C11D3CD6C14DC12D3CD7C13DC12D3CD7C13DC13D10C13DC12D3C4DCD2C26D3CD2C3DC14D2C11D3"
        "CD6C14DC12D3CD7C13DC12D3CD7C13DC13D10C13DC12D3C4DCD2C26D3CD2C3DC14D2C11D3CD6C14DC5D2"
    ),
    "first_by_tideman_and_chieruzzi|cycler:CCCCD|1000|0": (
        "C5DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3"
        "D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2D"
        "C4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C"
        "2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D"
        "2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3"
        "C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3"
        "D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2D"
        "C4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C"
        "2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2D3C2DC4D2C3D3C2"
    ),
}

OTHER_GAMES = {  # key: id|opponent|R,S,T,P
    "first_by_tideman_and_chieruzzi|alternator|4,0,5,1": "C2DCD5CD9CD13CD17CD21CD25CD29CD33CD36",
    "first_by_tideman_and_chieruzzi|tit_for_tat|4,0,5,1": "C198D2",
    "first_by_tideman_and_chieruzzi|cycler:r20|4,0,5,1": (
        "C6D3CD7C13DC12D5C2DCD2C13DC12D3CD4C16DC12D3CD7C13DC12D3CD7C13DC12D3CD5"
    ),
    "first_by_tideman_and_chieruzzi|cycler:r50|4,0,5,1": (
        "C3D3C2D3CD15CD34CD50CD15C2D6CD12C2DCD14CDC2DCD9CD5C2D6CD2"
    ),
    "first_by_tideman_and_chieruzzi|cycler:CCD|4,0,5,1": (
        "C3DC2D2CD7C2D5CD13C2D8CD19C2D5C4DC2D2CD7C2DC2DC2D2CD7C2D4C2DC2D2CD7C2D4C2DC2D2CD7C2D"
        "4C2DC2D2CD7C2D4C2DC2D2CD7C2D5"
    ),
    "first_by_downing|alternator|4,0,5,1": "D2CD197",
    "first_by_downing|tit_for_tat|4,0,5,1": "D2C198",
    "first_by_downing|cycler:r20|4,0,5,1": "D2CDCD195",
    "first_by_downing|cycler:r50|4,0,5,1": "D2CD2CDCDC3DCD186",
    "first_by_downing|cycler:CCD|4,0,5,1": "D2CDCD195",
    "first_by_tideman_and_chieruzzi|alternator|2,-1,3,0": "C2DCD5CD9CD13CD17CD21CD25CD29CD33CD36",
    "first_by_tideman_and_chieruzzi|tit_for_tat|2,-1,3,0": "C198D2",
    "first_by_tideman_and_chieruzzi|cycler:r20|2,-1,3,0": (
        "C6D3CD7C13DC12D5C2DCD2C13DC12D3CD4C16DC12D3CD7C13DC12D3CD7C13DC12D3CD5"
    ),
    "first_by_tideman_and_chieruzzi|cycler:r50|2,-1,3,0": (
        "C3D3C2D3CD15CD34CD50CD15C2D6CD12C2DCD14CDC2DCD9CD5C2D6CD2"
    ),
    "first_by_tideman_and_chieruzzi|cycler:CCD|2,-1,3,0": (
        "C3DC2D2CD7C2D5CD13C2D8CD19C2D5C4DC2D2CD7C2DC2DC2D2CD7C2D4C2DC2D2CD7C2D4C2DC2D2CD7C2D"
        "4C2DC2D2CD7C2D4C2DC2D2CD7C2D5"
    ),
    "first_by_downing|alternator|2,-1,3,0": "D2CD197",
    "first_by_downing|tit_for_tat|2,-1,3,0": "D2C198",
    "first_by_downing|cycler:r20|2,-1,3,0": "D2CDCD195",
    "first_by_downing|cycler:r50|2,-1,3,0": "D2CD197",
    "first_by_downing|cycler:CCD|2,-1,3,0": "D2CDCD195",
}

GRAASKAMP_NO_DRAWS = {
    "alternator": "C2DCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCD144",
    "tit_for_tat": (
        "C50DCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCD"
        "CDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDC"
    ),
    "cycler:CDDCD": "C2D2CDCD2CDCD2CDCD2CDCD2CDCD2CDCD2CDCD2CDCD2CDCD2CDCD2CD145",
    "cycler:r50": "C3D3C2DCDCD2CD4CD3C2D2CD2C2D6CDCDCDCD2CD3CD2C2D144",
}

NOISY = {
    "first_by_tideman_and_chieruzzi|tit_for_tat|1": {
        "own": "C7DCD2CD10C5DC4D14CD11C2DCD2CD2CD20CD2CDCDC12DCDCD7C6DCD6CD3C5DCD3CD3",
        "opp": "C6DCDCD2CD7CDC8DC2D8CD5CD5C2D4C2DCD2CD2CD9CD10CD4CDC12DCDCDCD4CDC5DCD6C9D3CDCD2",
        "intended": "C7DCD14C8D30CD33C14DCD8C7DCD9C6D3CD3",
    },
    "first_by_tideman_and_chieruzzi|tit_for_tat|0": {
        "own": "C12DCD3CDCDCD20C3D8CDCD5CD21CD5CDCD5CDCD2CDCD13CDCD7CD15C6",
        "opp": "C11DCDCD3CDCDCD7CD4CD5CDC3D8CDCD5CD5CD6CD14CD7CDCD2CDCD11CDCDCD5CD15CDC5",
        "intended": "C12DCD5CD22CD48C2D6CD4CD13C3DCD5CD15C6",
    },
    "first_by_tideman_and_chieruzzi|win_stay_lose_shift|1": {
        "own": "C9D3CDCDCD4CD3CD11CDCD2CD27CD11CD8C2D2CD17CD10CD13CD5CD5",
        "opp": (
            "C8D3CDC3D2CDCD2CDC2DCDCD2CDCDC2D2CD2CD2CDCDC2DCDCDCDCDCDCD2CDCD2CDC2DCDCDCD2CDCD"
            "CDCD3CD2CDCDCDCDCDCDC2DCD3CD2CDCD2C2D2C2DCDCDCDCD2CDCDC2DCDC"
        ),
        "intended": "C9D3CD3CD4CD5CD6CD7CD27CD11CD12CD42CD11",
    },
    "first_by_tideman_and_chieruzzi|win_stay_lose_shift|0": {
        "own": "C5DCD49CD7CD4CD15CD13CD5CD23CDCD16CD",
        "opp": (
            "C6D2CDC2DCDCDCD2CDCDCDCD2CDCDCDCDCDCDCD2CDCDCDCDCDCDC2D2CDCD3CDCD2CDCDCDCDCDCD2C"
            "DC3DCDCDC3DCD2C2DCD2CDCDCD3CDCD2CDCDCDCDC3D3CDCDCDCDCDCD2CD2"
        ),
        "intended": "C7D78CD13CD29C3D16CD",
    },
    "first_by_nydegger|tit_for_tat|1": {
        "own": "CDC24DC5D2CD3C9DC8DC17DC6DC11DC16DC4DC10D2CDCDCDCDCDCDCD2C7",
        "opp": (
            "C2DC24DC2DC2D2CD2C2DC3DC3DC5DC2DC7DC8D3C5D2C7DC2DC2DC12D3C3D2C9D2CDCDCDCDCDCDCD2C3DC2"
        ),
        "intended": "C35DCD2C90DCDCDCDCDCDCDCD2C5",
    },
    "first_by_nydegger|win_stay_lose_shift|1": {
        "own": "CD5C4D3C11DC22D4C12D10C35D11CD5C15DC8D",
        "opp": "D2CD3CD6C12D23C2DC6D7CDCDCD2CDCD9C4D6C16DCDCDCDCDCD2CDC2D11C4DC6D3",
        "intended": "CD5C5DC36D3C13D10C37D10CD4C24",
    },
    "first_by_shubik|tit_for_tat|1": {
        "own": "C3DCDCD3CD4CD5CD6CD7C20D5CD2CD9C2D6CD2CD11C3D12CDC7D2CD6CD3CD2C5DCDC2D3",
        "opp": "C2DCDCDCD3CD10CD6CD6C19DCD5CD2CD3CD5CD7CD2CD10C2DCD11C10D2CD6C2D2CDC6D3C4",
        "intended": "C3DCD5CD4CD5CD6CD7C20D8CD9CD10CD11C3D12C12D13C7D6",
    },
    "first_by_shubik|win_stay_lose_shift|1": {
        "own": "C3DC6DCD2CD3C3DCD3C2DCD3C5D3CD2C11D7C7DCD8CD2CD6C2DCD7C2DCDCD6CD3C2D7CD10CD2C6D5",
        "opp": (
            "C2D2C7D2CD2CDC4D2CDC3D2CDC4D2CDC2DC10D2CDCDCDC8D2CDCDCDCD2CD2CDCDCD3C2DCDCDCD3C4"
            "DCD2CD2C2DC2DCDCDCD2CDCDCDC2DC2DC5D2CDCD"
        ),
        "intended": "C3DC8D2CD3C5D4C3D5C3D6C11D7C9D8CD9CD10CD11CD12CD13C6D5",
    },
    "first_by_stein_and_rapoport|tit_for_tat|1": {
        "own": "C13DCDCD3CDCDCDC4DC9D6CDCDC3DCDCD24CD5CD17CD2CD7CDCD10CD16CD3",
        "opp": "C12DCDCDCDCDCDCDCDC4DC8D7CDCDC3DCD3CD12CD3CD5CD2CD2CD8CD8CDC2D4CD2CDCD10C2DCD13CD2",
        "intended": "C13DCDCDCDCDCDCDCDC4DC8D7CDCDC3DCD77CD15",
    },
    "first_by_stein_and_rapoport|tit_for_tat|0": {
        "own": "C3D3CDCDCDCD3CD20CDC7D6C2D2CD3CD18CD10CDC6DCD2CD4C16DCDC8D3CD8CD3",
        "opp": "C4D3CDCDCDCD3CD18CDC9D6C2D2CD3CD7CDCD19CDC6D4CD4C14DCDC10D3CD11",
        "intended": "C5D3CDCDCD24CDC5D48CDC6D4CD4C14DCDC8D16",
    },
    "first_by_stein_and_rapoport|win_stay_lose_shift|1": {
        "own": "C6DCD3CD5CD4CD4CD8CD9CD5CD10CD22CD2CDCD8CD11CD7CD5CD4CD9CD8",
        "opp": (
            "C7D3CD2CDCDC2DCDC2DCDC2DC2DCDC3DCD2C2DCDC2D2CD2CDCDCDC2DC2DCDCDCD2CDCDCDCDCD2C2D"
            "2C3D3C2DCD2C2DCDCDC2DCDC2DCD2CDC2DCDCD2CDCD2CDCDC2DCD2CDCDCDC"
        ),
        "intended": "C8D3CD138",
    },
    "first_by_stein_and_rapoport|win_stay_lose_shift|0": {
        "own": "C2DC2DCD2CD2C2D4CD16CD9CD4CD4CD36CD17CD4CD25CD3CD4",
        "opp": (
            "CD2C3D2CD2C4D2CD2CDCDCDCDCDCDCDCDCDCDCDCDCD2CDCD2CDCD2CDCDCD2CDCDCDCD3CDCDCDCDC2"
            "DCDCDCDCD2CDCDCDCDC2DCDCD2C2D2CD2CDCDCDCDCDCD2CDCDCDCDCDCD2CDC2DCD"
        ),
        "intended": "C7D2CD2C2D136",
    },
    "first_by_davis|tit_for_tat|1": {
        "own": "DC3DC5D15C2D31CD5CD11CD10CD11CD7CD11CD15CD6CD7",
        "opp": "CDC3DC5DCD13C2D3CD2CDCD13CD8CDC2D2CD11CD3CD2CD3CD11CD7CD18CD8CD5C2D5C",
        "intended": "C10D140",
    },
    "first_by_davis|win_stay_lose_shift|1": {
        "own": "C10D4CD3CDC2D5CD5CD19CD10CD10CD7C2D12CD52",
        "opp": (
            "C5D3C3DC2D2CDCDC3DCDCD2C2DCD2CDCDCDCDCDC2DCDCDC3DCDCDC3DC2DCDCDCDCDC2DCDCDCD3C2D"
            "CDCDCDCDCDCDC2DCD2CDC2DCDCDCD2CDC2DCDCDCDCDCDCDCDC2DCDCDCDCDC"
        ),
        "intended": "C10D140",
    },
    "first_by_downing|tit_for_tat|1": {
        "own": "D3C10D2C12DC33DC10DC2DC13DC18DC6DC6DC3DC23",
        "opp": "CD3C8DCD2CDC9D2C2DC10DC9DC9DC9D2C2DC8DC2DCD2C10DC4DCDCDC4DC28DC4",
        "intended": "D2C148",
    },
    "first_by_downing|win_stay_lose_shift|1": {
        "own": "D2CDCDC2D2CDCD9CD4CDCD3CD7CD6CD4CD5CD16CD20CD4CD2CD15C4D10CD13C",
        "opp": (
            "CDC2D2C3DC4DCDCDCDCD2CDCD2C3DC3DCDCDC2DCD2CD2CDCD2CDCDC2DCDCDCDC2DCDCDCD2CDCDCD3"
            "CD2CDCDC2DCD3CDC2DC2D3CDCD2CDCDCDCD4CDCDCDCDC2DCDC2D2CDC3DC"
        ),
        "intended": "D2CDCDCD3CD139",
    },
}

AXELROD_COUNTS = {  # id|opponent|turns: C counts per round
    "first_by_grofman|cooperator|60": (
        "4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000"
        " 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 400"
        "0 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 40"
        "00 4000 4000 4000 4000 4000 4000 4000 4000 4000"
    ),
    "first_by_grofman|defector|60": (
        "4000 1149 3189 1746 2759 1987 2563 2238 2416 2260 2341 2313 2351 2352 2284 2417 2273"
        " 2399 2268 2374 2329 2339 2326 2307 2401 2283 2374 2267 2402 2306 2357 2278 2398 229"
        "5 2360 2314 2347 2338 2327 2323 2365 2337 2297 2357 2331 2378 2341 2302 2365 2306 23"
        "47 2339 2340 2350 2339 2337 2320 2314 2368 2282"
    ),
    "first_by_grofman|alternator|60": (
        "4000 4000 1149 1998 2588 2992 1816 2497 2205 2708 2066 2602 2126 2656 2137 2705 2026"
        " 2586 2176 2692 2089 2625 2109 2634 2166 2695 2060 2604 2148 2683 2074 2613 2164 271"
        "8 2063 2609 2129 2653 2097 2645 2129 2634 2114 2671 2128 2649 2126 2701 2085 2668 20"
        "91 2655 2134 2656 2127 2645 2102 2658 2109 2650"
    ),
    "first_by_grofman|tit_for_tat|60": (
        "4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000"
        " 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 400"
        "0 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 40"
        "00 4000 4000 4000 4000 4000 4000 4000 4000 4000"
    ),
    "first_by_feld|cooperator|60": (
        "4000 3993 3978 3972 3958 3948 3925 3934 3934 3902 3914 3887 3883 3866 3876 3871 3829"
        " 3845 3822 3792 3823 3808 3772 3776 3758 3734 3721 3748 3730 3733 3716 3669 3680 368"
        "4 3669 3613 3635 3632 3601 3609 3623 3582 3594 3569 3548 3559 3524 3525 3537 3535 34"
        "83 3463 3446 3488 3464 3468 3453 3446 3408 3412"
    ),
    "first_by_feld|defector|60": (
        "4000 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"
        " 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"
    ),
    "first_by_feld|alternator|60": (
        "4000 3993 0 3972 0 3948 0 3928 0 3909 0 3870 0 3875 0 3855 0 3829 0 3829 0 3790 0 37"
        "72 0 3748 0 3751 0 3725 0 3668 0 3678 0 3642 0 3628 0 3638 0 3569 0 3565 0 3565 0 35"
        "23 0 3464 0 3480 0 3502 0 3455 0 3445 0 3438"
    ),
    "first_by_feld|tit_for_tat|60": (
        "4000 3993 3978 3965 3936 3914 3863 3852 3797 3755 3718 3651 3611 3523 3497 3401 3364"
        " 3263 3204 3087 3060 2944 2877 2785 2720 2593 2546 2412 2372 2233 2204 2069 2032 190"
        "5 1863 1725 1701 1566 1534 1390 1374 1260 1231 1128 1109 988 963 872 853 765 736 676"
        " 630 597 542 513 479 432 396 358"
    ),
    "first_by_joss|cooperator|60": (
        "4000 3595 3609 3585 3597 3591 3553 3604 3610 3602 3617 3613 3603 3583 3624 3612 3584"
        " 3620 3582 3598 3630 3582 3593 3616 3590 3563 3582 3630 3617 3607 3625 3569 3613 361"
        "0 3607 3560 3586 3597 3584 3605 3623 3597 3612 3599 3588 3609 3580 3595 3601 3631 35"
        "84 3590 3570 3611 3603 3597 3614 3586 3588 3601"
    ),
    "first_by_joss|defector|60": (
        "4000 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"
        " 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"
    ),
    "first_by_joss|alternator|60": (
        "4000 3595 0 3609 0 3585 0 3597 0 3591 0 3553 0 3604 0 3610 0 3602 0 3617 0 3613 0 36"
        "03 0 3583 0 3624 0 3612 0 3584 0 3620 0 3582 0 3598 0 3630 0 3582 0 3593 0 3616 0 35"
        "90 0 3563 0 3582 0 3630 0 3617 0 3607 0 3625"
    ),
    "first_by_joss|tit_for_tat|60": (
        "4000 3595 3609 3217 3244 2913 2890 2604 2617 2341 2360 2142 2120 1905 1900 1713 1727"
        " 1527 1542 1386 1402 1273 1248 1163 1131 1040 1008 943 910 841 819 746 737 679 666 6"
        "09 614 555 549 499 495 457 442 412 402 367 357 335 327 309 297 279 270 254 249 222 2"
        "20 203 198 179"
    ),
    "first_by_tullock|cooperator|60": (
        "4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 3595 3609 3585 3597 3591 3553"
        " 3604 3610 3602 3617 3613 3603 3583 3624 3612 3584 3620 3582 3598 3630 3582 3593 361"
        "6 3590 3563 3582 3630 3617 3607 3625 3569 3613 3610 3607 3560 3586 3597 3584 3605 36"
        "23 3597 3612 3599 3588 3609 3580 3595 3601 3631"
    ),
    "first_by_tullock|defector|60": (
        "4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"
        " 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"
    ),
    "first_by_tullock|alternator|60": (
        "4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 1594 1676 1546 1621 1617 1563"
        " 1553 1606 1629 1587 1622 1593 1649 1554 1597 1604 1626 1620 1608 1633 1608 1633 163"
        "3 1589 1596 1582 1633 1607 1658 1624 1584 1583 1627 1599 1583 1582 1612 1533 1629 16"
        "18 1585 1580 1654 1602 1568 1605 1578 1614 1595"
    ),
    "first_by_tullock|tit_for_tat|60": (
        "4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 3595 3609 3545 3521 3464 3363"
        " 3379 3341 3267 3191 3133 3040 2979 2921 2870 2801 2775 2713 2634 2616 2479 2481 238"
        "1 2322 2244 2220 2164 2119 2062 2033 1936 1901 1871 1803 1708 1695 1644 1583 1581 15"
        "21 1467 1400 1385 1339 1253 1255 1202 1179 1133"
    ),
    "first_by_anonymous|cooperator|60": (
        "2047 2063 1971 2038 2002 1992 1951 1996 2005 2050 2017 1971 2032 2008 2025 2017 1983"
        " 2023 1937 2041 1983 2014 2041 2015 1990 2034 1981 2028 1972 2019 2011 1985 2041 201"
        "3 2037 2004 2033 2022 2001 1968 2017 1908 1960 1925 1979 2003 1935 2053 2068 1974 19"
        "61 2047 1954 1956 2017 1967 2030 1994 2004 1970"
    ),
    "first_by_anonymous|defector|60": (
        "2047 2063 1971 2038 2002 1992 1951 1996 2005 2050 2017 1971 2032 2008 2025 2017 1983"
        " 2023 1937 2041 1983 2014 2041 2015 1990 2034 1981 2028 1972 2019 2011 1985 2041 201"
        "3 2037 2004 2033 2022 2001 1968 2017 1908 1960 1925 1979 2003 1935 2053 2068 1974 19"
        "61 2047 1954 1956 2017 1967 2030 1994 2004 1970"
    ),
    "first_by_anonymous|alternator|60": (
        "2047 2063 1971 2038 2002 1992 1951 1996 2005 2050 2017 1971 2032 2008 2025 2017 1983"
        " 2023 1937 2041 1983 2014 2041 2015 1990 2034 1981 2028 1972 2019 2011 1985 2041 201"
        "3 2037 2004 2033 2022 2001 1968 2017 1908 1960 1925 1979 2003 1935 2053 2068 1974 19"
        "61 2047 1954 1956 2017 1967 2030 1994 2004 1970"
    ),
    "first_by_anonymous|tit_for_tat|60": (
        "2047 2063 1971 2038 2002 1992 1951 1996 2005 2050 2017 1971 2032 2008 2025 2017 1983"
        " 2023 1937 2041 1983 2014 2041 2015 1990 2034 1981 2028 1972 2019 2011 1985 2041 201"
        "3 2037 2004 2033 2022 2001 1968 2017 1908 1960 1925 1979 2003 1935 2053 2068 1974 19"
        "61 2047 1954 1956 2017 1967 2030 1994 2004 1970"
    ),
    "first_by_graaskamp|cooperator|100": (
        "4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000"
        " 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 400"
        "0 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 0 "
        "4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 3625 3601 3567 3620 3565 3563 3521"
        " 3502 3454 3381 3770 3687 3678 3569 3562 3554 3538 3575 3569 3576 3603 3560 3601 358"
        "6 3605 3627 3565 3536 3573 3560 3599 3614 3549 3606 3536 3563 3592 3601 3589"
    ),
    "first_by_graaskamp|defector|100": (
        "4000 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"
        " 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 4000 4000 4000 4000 4000 3625 3601 3567 3620 3565 356"
        "3 3521 3502 3454 3381 3770 3687 3678 3569 3562 3554 3538 3575 3569 3576 3603 3560 36"
        "01 3586 3605 3627 3565 3536 3573 3560 3599 3614 3549 3606 3536 3563 3592 3601 3589"
    ),
    "first_by_graaskamp|alternator|100": (
        "4000 4000 0 4000 0 4000 0 4000 0 4000 0 4000 0 4000 0 4000 0 4000 0 4000 0 4000 0 40"
        "00 0 4000 0 4000 0 4000 0 4000 0 4000 0 4000 0 4000 0 4000 0 4000 0 4000 0 4000 0 40"
        "00 0 4000 0 4000 0 4000 0 4000 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"
        " 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"
    ),
    "first_by_graaskamp|tit_for_tat|100": (
        "4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000"
        " 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 400"
        "0 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 0 "
        "4000 0 4000 0 4000 0 4000 0 4000 0 4000 0 4000 0 4000 0 4000 0 4000 0 4000 0 4000 0 "
        "4000 0 4000 0 4000 0 4000 0 4000 0 4000 0 4000 0 4000 0 4000 0 4000 0 4000 0 4000 0 "
        "4000"
    ),
}

CHI_SQUARED = {
    "10,4": 0.10880943004054605,
    "7,7": 1.0,
    "0,14": 0.00018281063298183515,
    "30,26": 0.5929800980174267,
    "1,55": 5.351799658568329e-13,
    "100,80": 0.13603712811414423,
    "20,9": 0.04108722452782139,
    "45,15": 0.00010751117672950066,
    "873,793": 0.04999768028314177,
    "288,337": 0.049995790296440884,
    "1201,1299": 0.049995790296440884,
    "52,74": 0.05000563560015027,
    "230,274": 0.05000563560015027,
    "600,534": 0.05000563560015027,
}


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------

DETERMINISTIC_IDS = (
    "first_by_tideman_and_chieruzzi",
    "first_by_nydegger",
    "first_by_shubik",
    "first_by_stein_and_rapoport",
    "first_by_davis",
    "first_by_downing",
)
AXELROD_N = 4000  # seeds behind AXELROD_COUNTS
Z_MAX = 5.0  # per-round tolerance in binomial standard errors


def expand(rle: str) -> str:
    """Undo the run-length encoding: 'C3DC2' -> 'CCCDCC'."""
    return "".join(ch * int(n or 1) for ch, n in re.findall(r"([CD])(\d*)", rle))


def opponent(name: str):
    if name.startswith("cycler:"):
        return Cycler(PATTERNS[name[7:]])
    return name


def codes(moves: str) -> np.ndarray:
    return np.array(["CD".index(m) for m in moves], dtype=np.int8)


def program_moves(sid: str, own: np.ndarray, opp: np.ndarray, length: int, game=None):
    """Intended moves of a registered program given the actual histories, and its draws."""
    compiled = strategies.get(sid).compile(game or Game())
    code, values = int(compiled.params[0]), compiled.params[1:]
    state = np.zeros(compiled.state_size)
    stream = np.zeros(2, dtype=np.uint64)
    stream[0] = 12345
    moves = [
        pf.first_tournament_move(code, values, state, own, opp, t, length, stream)
        for t in range(len(own))
    ]
    return "".join("CD"[m] for m in moves), int(stream[1])


def automaton_probabilities(automaton, own: np.ndarray, opp: np.ndarray) -> list[float]:
    """P(C) of an automaton in each round, stepped along the actual histories."""
    state, out = automaton.start, []
    for a, b in zip(own, opp, strict=True):
        p = float(automaton.p_c[state])
        out.append(p)
        intended = 0 if p == 1.0 else 1 if p == 0.0 else int(a)
        state = int(automaton.nxt[state, intended, a, b])
    return out


def per_round_cooperation(auto_a, auto_b, turns: int) -> np.ndarray:
    """Exact P(player A co-operates in round t), t < turns, for two automata (no noise)."""
    na, nb = auto_a.n_states, auto_b.n_states
    dist = np.zeros((na, nb))
    dist[auto_a.start, auto_b.start] = 1.0
    rows = np.repeat(np.arange(na)[:, None], nb, axis=1)
    cols = np.repeat(np.arange(nb)[None, :], na, axis=0)
    pa, pb = auto_a.p_c[:, None], auto_b.p_c[None, :]
    out = np.empty(turns)
    for t in range(turns):
        out[t] = (dist * pa).sum()
        new = np.zeros_like(dist)
        for a, b in itertools.product((0, 1), repeat=2):
            w = dist * (pa if a == 0 else 1 - pa) * (pb if b == 0 else 1 - pb)
            np.add.at(new, (auto_a.nxt[rows, a, a, b], auto_b.nxt[cols, b, b, a]), w)
        dist = new
    return out


def simulated_cooperation(sid: str, opp: str, turns: int, n: int) -> np.ndarray:
    """Co-operations of ``sid``, shape ``(n, turns)``, over ``n`` seeded matches."""
    return np.array(
        [1 - play_match(sid, opp, turns=turns, seed=seed).moves[:, 0] for seed in range(n)]
    )


def assert_binomial_close(count_a, n_a, count_b=None, n_b=None, p_exact=None):
    """Per-round frequencies agree within Z_MAX standard errors (two-sample or vs exact)."""
    fa = np.asarray(count_a, dtype=float) / n_a
    if p_exact is not None:
        p = np.asarray(p_exact, dtype=float)
        se = np.sqrt(p * (1 - p) / n_a)
        diff = np.abs(fa - p)
    else:
        fb = np.asarray(count_b, dtype=float) / n_b
        p = (np.asarray(count_a) + np.asarray(count_b)) / (n_a + n_b)
        se = np.sqrt(p * (1 - p) * (1 / n_a + 1 / n_b))
        diff = np.abs(fa - fb)
    degenerate = se == 0
    assert np.all(diff[degenerate] < 1e-12), np.nonzero(degenerate & (diff >= 1e-12))
    z = diff[~degenerate] / se[~degenerate]
    assert z.size == 0 or z.max() < Z_MAX, f"max |z| = {z.max():.2f}"


# --------------------------------------------------------------------------------------
# Registration
# --------------------------------------------------------------------------------------

NAMES = {
    "first_by_tideman_and_chieruzzi": "First by Tideman and Chieruzzi",
    "first_by_nydegger": "First by Nydegger",
    "first_by_grofman": "First by Grofman",
    "first_by_shubik": "First by Shubik",
    "first_by_stein_and_rapoport": "First by Stein and Rapoport",
    "first_by_davis": "First by Davis",
    "first_by_graaskamp": "First by Graaskamp",
    "first_by_downing": "First by Downing",
    "first_by_feld": "First by Feld",
    "first_by_joss": "First by Joss",
    "first_by_tullock": "First by Tullock",
    "first_by_anonymous": "First by Anonymous",
}
# (memory_depth, stochastic, uses_length, uses_game) as Axelrod-Python classifies them
CLASSIFIERS = {
    "first_by_tideman_and_chieruzzi": (math.inf, False, True, True),
    "first_by_nydegger": (3, False, False, False),
    "first_by_grofman": (1, True, False, False),
    "first_by_shubik": (math.inf, False, False, False),
    "first_by_stein_and_rapoport": (math.inf, False, True, False),
    "first_by_davis": (math.inf, False, False, False),
    "first_by_graaskamp": (math.inf, True, False, False),
    "first_by_downing": (math.inf, False, False, True),
    "first_by_feld": (200, True, False, False),
    "first_by_joss": (1, True, False, False),
    "first_by_tullock": (math.inf, True, False, False),
    "first_by_anonymous": (0, True, False, False),
}


def test_first_set_is_axelrods_fifteen_in_order():
    expected = [
        "tit_for_tat", "first_by_tideman_and_chieruzzi", "first_by_nydegger",
        "first_by_grofman", "first_by_shubik", "first_by_stein_and_rapoport", "grudger",
        "first_by_davis", "first_by_graaskamp", "first_by_downing", "first_by_feld",
        "first_by_joss", "first_by_tullock", "first_by_anonymous", "random",
    ]  # fmt: skip
    assert strategies.strategy_set("first") == expected
    assert list(FIRST_TOURNAMENT_ORDER) == expected


@pytest.mark.parametrize("sid", sorted(NAMES))
def test_names_classifiers_and_references(sid):
    spec = strategies.get(sid)
    assert spec.id == sid
    assert spec.name == NAMES[sid]
    assert strategies.get(NAMES[sid]) is spec
    c = spec.classifier
    assert (c.memory_depth, c.stochastic, c.uses_length, c.uses_game) == CLASSIFIERS[sid]
    assert any("Effective choice in the Prisoner's Dilemma" in r for r in spec.references)
    assert spec.aliases and spec.description


@pytest.mark.parametrize(
    ("alias", "sid"),
    [("Davis", "first_by_davis"), ("Tullock", "first_by_tullock"),
     ("Downing", "first_by_downing"), ("Feld", "first_by_feld"),
     ("Nydegger", "first_by_nydegger"), ("Graaskamp", "first_by_graaskamp"),
     ("Grofman", "first_by_grofman"), ("Shubik", "first_by_shubik"),
     ("Tideman and Chieruzzi", "first_by_tideman_and_chieruzzi"),
     ("Stein and Rapoport", "first_by_stein_and_rapoport"), ("Hard Joss", "first_by_joss")],
)  # fmt: skip
def test_literature_aliases_resolve(alias, sid):
    assert alias in strategies.get(sid).aliases
    assert strategies.get(alias).id == sid


def test_joss_alias_is_listed():
    # "Joss" alone may also name Axelrod-Python's separate Joss class elsewhere in the registry
    assert "Joss" in strategies.get("first_by_joss").aliases


def test_joss_grofman_are_memory_one_and_davis_is_finite():
    joss, grofman = strategies.get("first_by_joss"), strategies.get("first_by_grofman")
    assert isinstance(joss, coop_sim.MemoryOne) and isinstance(grofman, coop_sim.MemoryOne)
    assert (joss.first, joss.p_cc, joss.p_cd, joss.p_dc, joss.p_dd) == (1.0, 0.9, 0.0, 0.9, 0.0)
    assert (grofman.p_cc, grofman.p_cd, grofman.p_dc, grofman.p_dd) == (1, 2 / 7, 2 / 7, 1)
    for sid in ("first_by_davis", "first_by_nydegger", "first_by_feld", "first_by_tullock",
                "first_by_anonymous"):  # fmt: skip
        assert strategies.get(sid).automaton(Game()) is not None, sid


# --------------------------------------------------------------------------------------
# Deterministic entries: move for move
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(DETERMINISTIC))
def test_deterministic_golden(key):
    sid, opp, turns, known = key.split("|")
    m = play_match(sid, opponent(opp), turns=int(turns), known_length=known == "1")
    assert m.move_strings()[0] == expand(DETERMINISTIC[key])


@pytest.mark.parametrize("key", sorted(OTHER_GAMES))
def test_game_dependent_golden(key):
    sid, opp, game = key.split("|")
    r, s, t, p = (float(x) for x in game.split(","))
    m = play_match(sid, opponent(opp), game=Game(R=r, S=s, T=t, P=p), turns=200, known_length=True)
    assert m.move_strings()[0] == expand(OTHER_GAMES[key])


@pytest.mark.parametrize("key", sorted(NOISY))
def test_noisy_histories_give_axelrods_intended_moves(key):
    sid, _, known = key.split("|")
    case = NOISY[key]
    own, opp = codes(expand(case["own"])), codes(expand(case["opp"]))
    length = len(own) if known == "1" else -1
    spec = strategies.get(sid)
    if isinstance(spec, coop_sim.strategies.Program):
        intended, draws = program_moves(sid, own, opp, length)
        assert draws == 0
    else:
        probs = automaton_probabilities(spec.automaton(Game()), own, opp)
        intended = "".join("C" if p == 1.0 else "D" for p in probs)
    assert intended == expand(case["intended"])


def _unshift(z: int, s: int) -> int:
    """Invert ``z ^= z >> s`` on 64-bit ints."""
    x = z
    for _ in range(64 // s + 1):
        x = z ^ (x >> s)
    return x & reference.MASK


def _move(compiled, state, own, opp, t, stream, length=-1) -> int:
    """One call of a compiled program's move function (length unknown by default)."""
    code, values = int(compiled.params[0]), compiled.params[1:]
    return pf.first_tournament_move(code, values, state, own, opp, t, length, stream)


def stream_whose_next_draw_is(k: int) -> np.ndarray:
    """A stream (key, counter 0) whose next ``uniform`` is exactly ``k / 2**53``.

    SplitMix64's finaliser is a bijection, so the key can be solved for.
    """
    z = _unshift((k << 11) & reference.MASK, 31)
    z = (z * pow(0x94D049BB133111EB, -1, 2**64)) & reference.MASK
    z = _unshift(z, 27)
    z = (z * pow(0xBF58476D1CE4E5B9, -1, 2**64)) & reference.MASK
    z = _unshift(z, 30)
    return np.array([(z - reference.GAMMA) & reference.MASK, 0], dtype=np.uint64)


def test_stream_probe_draws_what_it_is_asked_to():
    for k in (0, 1, 2**52, 2**53 - 1, 123456789):
        assert uniform(stream_whose_next_draw_is(k)) == k / 2**53


@pytest.mark.parametrize("sid", ["first_by_nydegger", "first_by_feld", "first_by_tullock"])
def test_program_has_its_finite_forms_probabilities_exactly(sid):
    # On random (noise-like) histories the program co-operates with exactly the
    # probability of its automaton: with q = P(C) it must play C when the next draw is
    # just below q and D when it is q or above (q has 53-bit resolution on [0.5, 1)),
    # and draw nothing when q is 0 or 1.
    auto = strategies.get(sid).automaton(Game())
    compiled = strategies.get(sid).compile(Game())
    rng = np.random.default_rng(11)
    probed = 0
    for _ in range(12):
        own = (rng.random(260) < 0.4).astype(np.int8)
        opp = (rng.random(260) < rng.random()).astype(np.int8)
        state = np.zeros(compiled.state_size)
        node = auto.start
        for t in range(260):
            q = float(auto.p_c[node])
            if q in (0.0, 1.0):
                stream = np.zeros(2, dtype=np.uint64)
                move = _move(compiled, state.copy(), own, opp, t, stream)
                assert (move, stream[1]) == (0 if q == 1.0 else 1, 0)
            else:
                k = math.ceil(q * 2**53)
                for draw, expected in ((k - 1, 0), (k, 1)):
                    stream = stream_whose_next_draw_is(draw)
                    move = _move(compiled, state.copy(), own, opp, t, stream)
                    assert (move, stream[1]) == (expected, 1), (t, q)
                probed += 1
            _move(compiled, state, own, opp, t, np.zeros(2, dtype=np.uint64))
            node = int(auto.nxt[node, own[t], own[t], opp[t]])
    assert (probed > 1000) == (sid != "first_by_nydegger")


@pytest.mark.parametrize("sid", ["first_by_tideman_and_chieruzzi", "first_by_stein_and_rapoport"])
@pytest.mark.parametrize("turns", [1, 2, 3, 30])
def test_length_users_defect_in_the_last_two_rounds_only_when_told(sid, turns):
    told = play_match(sid, "cooperator", turns=turns, known_length=True).move_strings()[0]
    untold = play_match(sid, "cooperator", turns=turns).move_strings()[0]
    assert told == "C" * max(turns - 2, 0) + "D" * min(turns, 2)
    assert untold == "C" * turns


# --------------------------------------------------------------------------------------
# Stochastic entries: in distribution
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(GRAASKAMP_NO_DRAWS))
@pytest.mark.parametrize("seed", [0, 99])
def test_graaskamp_where_it_draws_nothing(key, seed):
    m = play_match("first_by_graaskamp", opponent(key), turns=200, seed=seed)
    assert m.move_strings()[0] == expand(GRAASKAMP_NO_DRAWS[key])


@pytest.mark.parametrize("key", sorted(AXELROD_COUNTS))
def test_per_round_cooperation_matches_axelrod(key):
    sid, opp, turns = key.split("|")
    theirs = [int(x) for x in AXELROD_COUNTS[key].split()]
    n = 400
    ours = simulated_cooperation(sid, opp, int(turns), n)
    assert_binomial_close(ours.sum(axis=0), n, theirs, AXELROD_N)
    # whole-match co-operation: Axelrod's spread estimated by ours
    sd = ours.sum(axis=1).std(ddof=1)
    gap = abs(ours.sum(axis=1).mean() - sum(theirs) / AXELROD_N)
    assert gap <= Z_MAX * sd * math.sqrt(1 / n + 1 / AXELROD_N) + 1e-12


@pytest.mark.parametrize(
    "key", sorted(k for k in AXELROD_COUNTS if not k.startswith("first_by_graaskamp"))
)
def test_finite_form_is_exactly_axelrods_distribution(key):
    sid, opp, turns = key.split("|")
    theirs = [int(x) for x in AXELROD_COUNTS[key].split()]
    exact = per_round_cooperation(
        strategies.get(sid).automaton(Game()), strategies.get(opp).automaton(Game()), int(turns)
    )
    assert_binomial_close(theirs, AXELROD_N, p_exact=exact)


def test_exact_per_round_probabilities_against_scripted_opponents():
    def auto(sid):
        return strategies.get(sid).automaton(Game())

    coop, defect = auto("cooperator"), auto("defector")
    feld = per_round_cooperation(auto("first_by_feld"), coop, 300)
    assert feld[0] == 1.0
    assert np.allclose(feld[1:], np.maximum(1.0 - 0.0025 * np.arange(1, 300), 0.5), atol=1e-15)
    assert np.array_equal(per_round_cooperation(auto("first_by_feld"), defect, 5), [1, 0, 0, 0, 0])
    tullock = per_round_cooperation(auto("first_by_tullock"), coop, 30)
    assert np.allclose(tullock, [1.0] * 11 + [0.9] * 19)
    tullock_d = per_round_cooperation(auto("first_by_tullock"), defect, 20)
    assert np.array_equal(tullock_d, [1] * 11 + [0] * 9)
    joss = per_round_cooperation(auto("first_by_joss"), coop, 10)
    assert np.allclose(joss, [1.0] + [0.9] * 9)
    q, expected = 1.0, []
    for _ in range(10):  # Grofman vs Defector: C after (D, D), 2/7 after (C, D)
        expected.append(q)
        q = q * 2 / 7 + (1 - q)
    assert np.allclose(per_round_cooperation(auto("first_by_grofman"), defect, 10), expected)
    assert np.allclose(per_round_cooperation(auto("first_by_anonymous"), coop, 5), 0.5)


def test_graaskamp_against_cooperator_follows_the_renewal_law():
    turns, n = 130, 600
    # rounds 0..55: tit for tat with a defection on round 50; from round 56 a defection
    # every K rounds, K uniform on 5..14, the first K counted from round 56
    p_defect = np.zeros(turns)
    p_defect[50] = 1.0
    renewal = np.zeros(turns)
    renewal[56] = 1.0
    for t in range(57, turns):
        renewal[t] = sum(renewal[t - k] for k in range(5, 15) if t - k >= 56) / 10
        p_defect[t] = renewal[t]
    ours = simulated_cooperation("first_by_graaskamp", "cooperator", turns, n)
    assert_binomial_close(ours.sum(axis=0), n, p_exact=1.0 - p_defect)


@pytest.mark.parametrize(
    ("sid", "opp", "turns", "draws"),
    [
        ("first_by_feld", "C" * 30, 30, 29),
        ("first_by_feld", "D" * 30, 30, 0),
        ("first_by_tullock", "C" * 30, 30, 19),
        ("first_by_tullock", "D" * 30, 30, 0),
        ("first_by_tullock", "CD" * 15, 30, 19),
        ("first_by_anonymous", "D" * 30, 30, 60),
        ("first_by_graaskamp", "CD" * 50, 100, 0),
    ],
)
def test_programs_draw_only_where_axelrod_draws(sid, opp, turns, draws):
    opp_moves = codes(opp)
    compiled = strategies.get(sid).compile(Game())
    code, values = int(compiled.params[0]), compiled.params[1:]
    state = np.zeros(compiled.state_size)
    stream = np.array([2024, 0], dtype=np.uint64)
    own = np.zeros(turns, dtype=np.int8)
    for t in range(turns):
        own[t] = pf.first_tournament_move(code, values, state, own, opp_moves, t, turns, stream)
    assert int(stream[1]) == draws


def test_graaskamp_against_cooperator_draws_once_per_scheduled_defection():
    m = play_match("first_by_graaskamp", "cooperator", turns=400, seed=3)
    own = m.move_strings()[0]
    late = own[56:]
    gaps = np.diff([56] + [56 + i for i, x in enumerate(late) if x == "D"])
    assert own[:56] == "C" * 50 + "D" + "C" * 5
    assert len(gaps) > 10 and gaps.min() >= 5 and gaps.max() <= 14


# --------------------------------------------------------------------------------------
# Chi-squared test
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("split", sorted(CHI_SQUARED))
def test_chi_squared_pvalue_matches_scipy(split):
    c, d = (int(x) for x in split.split(","))
    ours = pf.chi_squared_pvalue(c, d)
    assert ours == pytest.approx(CHI_SQUARED[split], rel=1e-12, abs=1e-300)
    assert (ours >= 0.05) == (CHI_SQUARED[split] >= 0.05)
