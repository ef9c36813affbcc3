"""The kaart view's legend (issue 11): readable class breaks, the number of gemeenten per
class, and the state the live map receives."""

import json

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from kaartviewer import maps


def test_breaks_of_todays_register_are_round_and_start_at_the_data():
    # The counts of today's register run from 9 to 23: quantiles gave "1–12, 13, 14, 15,
    # 16–17, 18–23"; readable classes have one round width and start near the minimum.
    counts = pd.Series([9] * 4 + [12] * 47 + [14] * 54 + [17] * 20 + [23] * 1)
    assert maps.class_breaks(counts) == [11, 14, 17, 20, 23]
    legend = maps.legend_classes(counts)
    assert [label for _, label, _ in legend] == ["9–11", "12–14", "15–17", "18–20", "21–23"]
    assert [n for *_, n in legend] == [4, 101, 20, 0, 1]


def test_zero_is_its_own_hatched_class_and_small_counts_are_single_values():
    counts = pd.Series([0, 0, 1, 2, 3, 3])
    legend = maps.legend_classes(counts)
    assert legend[0] == (maps.NO_DATA, "0", 2)
    assert [(label, n) for _, label, n in legend[1:]] == [("1", 1), ("2", 1), ("3", 2)]
    assert maps.legend_classes(pd.Series([0, 0])) == [(maps.NO_DATA, "0", 2)]


@given(st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=400))
def test_every_gemeente_is_in_exactly_one_class(values):
    counts = pd.Series(values)
    legend = maps.legend_classes(counts)
    assert sum(n for *_, n in legend) == len(values)
    assert len(legend) <= len(maps.PALETTE)  # "0" plus at most five colour classes
    breaks = maps.class_breaks(counts)
    if breaks != [0]:
        widths = {b - a for a, b in zip(breaks, breaks[1:], strict=False)}
        assert len(widths) <= 1 and widths <= set(maps.NICE_WIDTHS)
        # Colours get darker with the count: one colour per class, in palette order.
        colours = [c for c, *_ in legend if c != maps.NO_DATA]
        assert colours == maps.class_colours(len(breaks))
        assert [maps.PALETTE.index(c) for c in colours] == sorted(
            maps.PALETTE.index(c) for c in colours
        )


def test_contrast_ratio():
    assert round(maps.contrast_ratio("#ffffff", "#000000"), 1) == 21.0
    assert maps.contrast_ratio("#777777", "#777777") == 1.0
    # The first and last class of the palette are far apart; neighbours need the labels.
    assert maps.contrast_ratio(maps.PALETTE[0], maps.PALETTE[-1]) > 7


def test_live_state_is_small_json_with_the_legend():
    counts = pd.Series({"GM0001": 3, "GM0002": 0, "GM0003": 1})
    state = maps.live_state(
        counts, "Samenwerkingen", selected=["GM0001"], partners={"GM0003": 1}, fit_key="g:x"
    )
    text = json.dumps(state)
    assert len(text) < 2000
    assert state["aantal"] == {"GM0001": 3, "GM0003": 1}  # zero is left out
    assert state["legenda"][0] == [maps.NO_DATA, "0", 1]
    assert state["selected"] == ["GM0001"] and state["partners"] == {"GM0003": 1}
    assert state["bounds"] == maps.NL_MAP_BOUNDS  # no bounds given: the whole country


def test_live_map_script_does_not_depend_on_the_state():
    """The base map's script is what streamlit-folium keys the component on: it must be the
    same for every filter and selection, so the iframe is kept."""
    a = maps.live_map("/x/lagen/a.json", "/x/").get_root().render()
    b = maps.live_map("/x/lagen/a.json", "/x/").get_root().render()
    strip = __import__("re").compile(r"_[0-9a-f]{32}")
    assert strip.sub("", a) == strip.sub("", b)
    assert maps.KAART_TITEL in a and "/x/lagen/a.json" in a
    assert "cdn.jsdelivr" not in a and "bootstrap" not in a
