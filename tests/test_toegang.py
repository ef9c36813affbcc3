"""The "Terug" path (kaartviewer.ui.toegang.volgende_stapel): pure, checked by hand and
against a model with hypothesis."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kaartviewer.ui.toegang import STAPEL_MAX, plaats, volgende_stapel


def view(gemeente=None, samenwerking=None, weergave=None, **extra) -> dict[str, str]:
    p = {"gemeente": gemeente, "samenwerking": samenwerking, "weergave": weergave, **extra}
    return {k: v for k, v in p.items() if v}


A, S, V = view(gemeente="GM0004"), view(samenwerking="s3"), view(weergave="verbanden")


def test_moving_on_puts_the_previous_view_on_the_path():
    stapel = volgende_stapel([], None, A)  # first run: nothing before it
    assert stapel == []
    stapel = volgende_stapel(stapel, (A, "Gamma"), S)
    assert stapel == [(A, "Gamma")]
    stapel = volgende_stapel(stapel, (S, "GGD Zuid"), V)
    assert stapel == [(A, "Gamma"), (S, "GGD Zuid")]


def test_a_filter_change_is_no_new_place():
    filtered = {**S, "onderwerp": "afval"}
    assert volgende_stapel([(A, "Gamma")], (S, "GGD Zuid"), filtered) == [(A, "Gamma")]


def test_arriving_at_a_place_on_the_path_cuts_it_back():
    # A → S → V, then Back twice (to S, to A): the path shrinks, it does not grow.
    stapel = [(A, "Gamma"), (S, "GGD Zuid")]
    stapel = volgende_stapel(stapel, (V, "Verbanden"), S)
    assert stapel == [(A, "Gamma")]
    stapel = volgende_stapel(stapel, (S, "GGD Zuid"), A)
    assert stapel == []


def test_a_run_started_by_terug_adds_nothing():
    # "Terug" took S off the stack and opened it: V is not put on (no bouncing).
    assert volgende_stapel([(A, "Gamma")], (V, "Verbanden"), S, teruggekeerd=True) == [(A, "Gamma")]


places = st.sampled_from([view(gemeente=f"GM000{i}") for i in range(1, 7)] + [S, V, {}])


@given(st.lists(places, min_size=1, max_size=80))
def test_the_path_is_short_and_never_holds_where_one_is(walk):
    stapel, vorige = [], None
    for params in walk:
        stapel = volgende_stapel(stapel, vorige, params)
        vorige = (params, "naam")
        here = plaats(params)
        assert all(plaats(p) != here for p, _ in stapel)
        assert len(stapel) <= STAPEL_MAX
        # No place twice on the path: it is a path, not a history.
        seen = [plaats(p) for p, _ in stapel]
        assert len(seen) == len(set(seen))
