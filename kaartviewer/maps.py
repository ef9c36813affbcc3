"""Folium map builders. No Streamlit here: functions take plain frames and return maps.

Every value that comes from data and reaches a tooltip or popup is HTML-escaped here,
because Leaflet inserts tooltip text as HTML.
"""

from __future__ import annotations

import bisect
import html
import json
import re

import branca
import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from kaartviewer import geo
from kaartviewer.schema import NL_MAP_BOUNDS

#: ColorBrewer YlGnBu (6 classes): sequential and safe for colour-blind readers.
PALETTE = ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"]
NO_DATA = "#eeeeee"
#: Okabe–Ito accents (colour-blind safe) for highlights.
ACCENT = "#d55e00"  # vermilion: the selected gemeente / samenwerking
PARTNER = "#0072b2"  # blue: partners / members
BORDER = "#333333"


class OfflineMap(folium.Map):
    """A ``folium.Map`` that loads only Leaflet (and jQuery) from ``asset_base``.

    folium's defaults pull Leaflet, jQuery, Bootstrap and icon fonts from CDNs, which
    leaves a blank map on a network without internet. The kaartviewer needs only
    Leaflet's JS and CSS; the UI serves them from the installed XStatic packages.
    """

    def __init__(self, asset_base: str | None = None, **kwargs):
        super().__init__(**kwargs)
        if asset_base is not None:
            # asset_base is a prefix: "/component/kaartviewer.ui.assets." + "leaflet/…"
            self.default_js = [
                ("leaflet", f"{asset_base}leaflet/leaflet.js"),
                ("jquery", f"{asset_base}jquery/jquery.min.js"),
            ]
            self.default_css = [("leaflet_css", f"{asset_base}leaflet/leaflet.css")]

    def render(self, **kwargs) -> None:
        """folium's header has a viewport tag that forbids zooming (``user-scalable=no``):
        drop it, so no page built from the map blocks pinch-zoom."""
        super().render(**kwargs)
        header = self.get_root().header
        head = header._children.get(self.get_name())
        if head is not None:
            html_ = _NO_ZOOM_META.sub("", head.render())
            header._children[self.get_name()] = branca.element.Element(html_)


_NO_ZOOM_META = re.compile(r"<meta\s+name=.viewport.[^>]*user-scalable=no[^>]*>", re.I)


class PhoneGestures(branca.element.MacroElement):
    """On a phone (page narrower than 700 px) or a touch screen: one finger scrolls the
    page, two fingers move and zoom the map, the wheel scrolls; the map fills its (shorter,
    see ``kaartviewer.ui.toegang``) frame."""

    _template = branca.element.Template(
        "{% macro script(this, kwargs) %}"
        "(function (map) {"
        " var w = window.innerWidth;"
        " try { w = window.top.innerWidth; } catch (e) {}"
        " if (w >= 700 && !window.matchMedia('(pointer: coarse)').matches) return;"
        " map.dragging.disable(); map.scrollWheelZoom.disable();"
        " if (w < 700) { map.getContainer().style.height = '100vh'; map.invalidateSize(); }"
        "})({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )


class MetricScale(branca.element.MacroElement):
    """Leaflet scale bar in kilometres only."""

    _template = branca.element.Template(
        "{% macro script(this, kwargs) %}"
        "L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )


def base_map(asset_base: str | None = None, basemap: bool = False, height: int = 620) -> folium.Map:
    """An empty map of the Netherlands: no tile layer unless ``basemap`` (OSM) is asked for,
    so the choropleth reads on its own and nothing is fetched from the internet."""
    m = OfflineMap(
        asset_base=asset_base,
        location=[52.2, 5.3],
        zoom_start=7,
        tiles=None,
        height=height,
        zoom_snap=0.25,
    )
    if basemap:
        folium.TileLayer(
            "OpenStreetMap",
            name="Achtergrondkaart (OpenStreetMap)",
            attr="© OpenStreetMap-bijdragers",
        ).add_to(m)
    # Without tiles Leaflet shows a grey void; a pale background reads as "sea/abroad".
    css = branca.element.Element("<style>.leaflet-container{background:#f2f4f7}</style>")
    m.get_root().header.add_child(css)
    m.add_child(MetricScale())
    m.add_child(PhoneGestures())
    m.fit_bounds(NL_MAP_BOUNDS)
    return m


def class_breaks(values: pd.Series, k: int = len(PALETTE)) -> list[int]:
    """Upper bounds of ≤ k equal-count classes over positive integer counts (sorted,
    unique). With no positive values: ``[0]``."""
    v = values[values > 0]
    if v.empty:
        return [0]
    qs = np.quantile(v, np.linspace(0, 1, k + 1)[1:], method="higher")
    return sorted({int(q) for q in qs})


def colour_for(value: float, breaks: list[int]) -> str:
    """Palette colour of the class ``value`` falls in (``NO_DATA`` for 0 or missing).

    With fewer classes than colours the classes are spread over the whole palette.
    """
    if value is None or not np.isfinite(value) or value <= 0:
        return NO_DATA
    i = min(bisect.bisect_left(breaks, value), len(breaks) - 1)
    n = len(breaks)
    if n == 1:
        return PALETTE[3]
    return PALETTE[round(i * (len(PALETTE) - 1) / (n - 1))]


def legend_items(breaks: list[int]) -> list[tuple[str, str]]:
    """(colour, label) pairs for the legend, e.g. ``("#ffffcc", "1–12")``."""
    items = [(NO_DATA, "0")]
    lo = 1
    for b in breaks:
        if b < lo:
            continue
        items.append((colour_for(b, breaks), f"{lo}" if lo == b else f"{lo}–{b}"))
        lo = b + 1
    return items


def add_legend(m: folium.Map, title: str, items: list[tuple[str, str]]) -> None:
    """A small HTML legend in the lower-left corner (no d3, no CDN)."""
    rows = "".join(
        f'<div><span style="display:inline-block;width:14px;height:14px;background:{c};'
        f'border:1px solid #999;margin-right:6px;vertical-align:middle"></span>'
        f"{html.escape(label)}</div>"
        for c, label in items
    )
    box = (
        f'<div class="kv-legend" style="position:absolute;bottom:28px;right:10px;z-index:1000;'
        f"background:rgba(255,255,255,.92);padding:6px 9px;border:1px solid #bbb;"
        f'border-radius:4px;font:12px/1.5 sans-serif">'
        f"<b>{html.escape(title)}</b>{rows}</div>"
    )
    tpl = branca.element.Template("{% macro html(this, kwargs) %}" + box + "{% endmacro %}")
    el = branca.element.MacroElement()
    el._template = tpl
    m.get_root().html.add_child(el)


def layer_features(layer: gpd.GeoDataFrame) -> dict:
    """The gemeente layer as a GeoJSON FeatureCollection for :func:`choropleth`: properties
    ``gemeentecode``, ``naam`` and ``provincie`` (escaped for the tooltip). It depends only
    on the gemeenten, so a caller can build it once and colour it many times."""
    props = pd.DataFrame(
        {
            "gemeentecode": layer.index,
            "naam": [html.escape(str(n)) for n in layer["gemeentenaam"]],
            "provincie": [html.escape(str(n)) for n in layer["provincienaam"]],
        },
        index=layer.index,
    )
    gdf = gpd.GeoDataFrame(props, geometry=layer.geometry.values, crs=layer.crs)
    return json.loads(gdf.to_json(drop_id=True))


def choropleth(
    m: folium.Map,
    layer: gpd.GeoDataFrame,
    counts: pd.Series,
    label: str,
    selected: set[str] | None = None,
    partners: dict[str, int] | None = None,
    name: str = "Gemeenten",
    features: dict | None = None,
) -> list[int]:
    """National gemeente layer coloured by ``counts`` (gemeentecode → number).

    Tooltip: naam, provincie and the count (all escaped). ``selected`` gemeenten get a
    thick accent outline, ``partners`` a blue outline. ``features``: the layer as
    :func:`layer_features` returns it (built here when not given). Returns the class breaks.
    """
    counts = counts.reindex(layer.index).fillna(0).astype(int)
    breaks = class_breaks(counts)
    selected = selected or set()
    partners = partners or {}
    fills = {c: colour_for(v, breaks) for c, v in counts.items()}
    base = features if features is not None else layer_features(layer)
    aantal = counts.to_dict()
    # New feature dicts with the count; the geometries are shared, not copied.
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    **f["properties"],
                    "aantal": int(aantal[f["properties"]["gemeentecode"]]),
                },
                "geometry": f["geometry"],
            }
            for f in base["features"]
        ],
    }

    def style(feature):
        code = feature["properties"]["gemeentecode"]
        s = {"fillColor": fills[code], "fillOpacity": 0.85, "color": "#777777", "weight": 0.4}
        if code in partners:
            s.update(color=PARTNER, weight=2.0)
        if code in selected:
            s.update(color=ACCENT, weight=3.5)
        return s

    folium.GeoJson(
        data,
        name=name,
        style_function=style,
        highlight_function=lambda _f: {"weight": 2.5, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(
            fields=["naam", "provincie", "aantal"],
            aliases=["Gemeente", "Provincie", html.escape(label)],
            sticky=False,
        ),
    ).add_to(m)
    return breaks


def borders(
    m: folium.Map,
    polygons: gpd.GeoDataFrame,
    name: str,
    color: str = BORDER,
    weight: float = 1.6,
    dash: str | None = None,
    label_field: str | None = "regio",
) -> None:
    """Outlines only (no fill), e.g. provincie or GGD-regio borders."""
    if polygons.empty:
        return
    cols = [label_field] if label_field else []
    gdf = polygons[cols + ["geometry"]].copy()
    if label_field:
        gdf[label_field] = [html.escape(str(v)) for v in gdf[label_field]]
    style = {"fill": False, "color": color, "weight": weight, "opacity": 0.9}
    if dash:
        style["dashArray"] = dash
    folium.GeoJson(
        json.loads(gdf.to_json(drop_id=True)),
        name=name,
        style_function=lambda _f: style,
        interactive=False,
        control=True,
    ).add_to(m)


def outline(m: folium.Map, polygons: gpd.GeoDataFrame, name: str, color: str = ACCENT) -> None:
    """A highlighted, lightly filled outline (e.g. an arrangement's footprint)."""
    if polygons.empty:
        return
    folium.GeoJson(
        json.loads(polygons[["geometry"]].to_json(drop_id=True)),
        name=name,
        style_function=lambda _f: {
            "color": color,
            "weight": 3,
            "fillColor": color,
            "fillOpacity": 0.08,
        },
        interactive=False,
    ).add_to(m)


def lines(
    m: folium.Map,
    gdf: gpd.GeoDataFrame,
    name: str,
    color: str = PARTNER,
    max_width: float = 8.0,
    labels: pd.Series | None = None,
) -> None:
    """Co-membership lines, width ∝ weight; tooltip 'A – B: n gedeelde samenwerkingen'."""
    if gdf.empty:
        return
    wmax = float(gdf["weight"].max())
    out = gdf[["weight", "geometry"]].copy()
    if labels is not None:
        out["label"] = [
            html.escape(f"{labels.get(a, a)} – {labels.get(b, b)}: {w}")
            for a, b, w in zip(gdf["a"], gdf["b"], gdf["weight"], strict=True)
        ]
    data = json.loads(out.to_json(drop_id=True))
    folium.GeoJson(
        data,
        name=name,
        style_function=lambda f: {
            "color": color,
            "opacity": 0.55,
            "weight": 0.6 + max_width * f["properties"]["weight"] / wmax,
        },
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False)
        if labels is not None
        else None,
    ).add_to(m)


def region_fill(m: folium.Map, polygons: gpd.GeoDataFrame, name: str) -> None:
    """Regions filled with a cycling colour-blind-safe categorical palette (Okabe–Ito)."""
    okabe = ["#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#999999"]
    gdf = polygons[["regio", "gemeenten", "geometry"]].copy()
    gdf["kleur"] = [okabe[i % len(okabe)] for i in range(len(gdf))]
    gdf["regio"] = [html.escape(str(v)) for v in gdf["regio"]]
    folium.GeoJson(
        json.loads(gdf.to_json(drop_id=True)),
        name=name,
        style_function=lambda f: {
            "fillColor": f["properties"]["kleur"],
            "fillOpacity": 0.6,
            "color": "#444444",
            "weight": 1,
        },
        tooltip=folium.GeoJsonTooltip(
            fields=["regio", "gemeenten"], aliases=["Regio", "Gemeenten"]
        ),
    ).add_to(m)


def fit(m: folium.Map, gdf: gpd.GeoDataFrame) -> None:
    """Zoom to a frame, with a margin so outlines are not cut off."""
    if not gdf.empty:
        m.fit_bounds(geo.bounds(gdf), padding=(60, 60))
