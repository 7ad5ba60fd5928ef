import math
import warnings

import pytest

from coop_sim import Game
from coop_sim.game import resolve_game


@pytest.mark.parametrize(
    ("payoffs", "kind"),
    [
        ((3, 0, 5, 1), "prisoners_dilemma"),
        ((4, 0, 3, 1), "stag_hunt"),
        ((3, 1, 5, 0), "snowdrift"),
        ((5, 3, 2, 1), "harmony"),
        ((1, 0, 3, 2), "deadlock"),
        ((1, 1, 1, 1), "other"),
    ],
)
def test_classify(payoffs, kind):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert Game(*payoffs).classify() == kind


def test_iterated_pd_needs_2r_above_t_plus_s():
    assert Game().is_iterated_pd
    assert not Game(R=3, S=0, T=7, P=1).is_iterated_pd
    assert Game(R=3, S=0, T=7, P=1).classify() == "prisoners_dilemma"


def test_non_pd_warns_once_naming_the_game():
    with pytest.warns(UserWarning, match="stag_hunt"):
        Game(R=4.5, S=0, T=3.5, P=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Game(R=4.5, S=0, T=3.5, P=1)  # the same matrix again: no second warning


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan])
def test_non_finite_payoffs_are_refused(bad):
    with pytest.raises(ValueError, match="T must be finite"):
        Game(T=bad)


def test_non_numbers_are_refused():
    with pytest.raises(TypeError, match="R must be a real number"):
        Game(R="3")
    with pytest.raises(TypeError, match="game must be a Game"):
        resolve_game("3,0,5,1")


def test_game_is_frozen_and_payoff_vectors():
    g = Game(R=2, S=-1, T=3, P=0)
    with pytest.raises(AttributeError):
        g.R = 4
    a, b = g.payoff_vectors()
    assert a.tolist() == [2, -1, 3, 0]
    assert b.tolist() == [2, 3, -1, 0]
    assert resolve_game((2, -1, 3, 0)) == g
