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

    def __init__(self, asset_base: str | None = None, jquery: bool = True, **kwargs):
        super().__init__(**kwargs)
        if asset_base is not None:
            # asset_base is a prefix: "/component/kaartviewer.ui.assets." + "leaflet/…"
            self.default_js = [("leaflet", f"{asset_base}leaflet/leaflet.js")]
            if jquery:
                self.default_js.append(("jquery", f"{asset_base}jquery/jquery.min.js"))
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


class DutchControls(branca.element.MacroElement):
    """The zoom buttons' tooltips and screen-reader names in Dutch (Leaflet's are English)."""

    _template = branca.element.Template(
        "{% macro script(this, kwargs) %}"
        "(function (map) {"
        " var c = map.zoomControl && map.zoomControl.getContainer(); if (!c) return;"
        " [['.leaflet-control-zoom-in', 'Inzoomen'], ['.leaflet-control-zoom-out', 'Uitzoomen']]"
        ".forEach(function (k) { var b = c.querySelector(k[0]); if (!b) return;"
        " b.title = k[1]; b.setAttribute('aria-label', k[1]); });"
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
    m.add_child(DutchControls())
    m.fit_bounds(NL_MAP_BOUNDS)
    return m


#: Class widths :func:`class_breaks` chooses from: round numbers read at a glance.
NICE_WIDTHS = (1, 2, 3, 4, 5, 10, 15, 20, 25, 50, 100, 200, 250, 500, 1000)


def class_breaks(values: pd.Series, k: int = len(PALETTE) - 1) -> list[int]:
    """Upper bounds of ≤ k readable classes over positive integer counts.

    Equal-width classes of a round width (1, 2, 3, 5, 10, …), starting at a multiple of the
    width at or below the smallest positive value, so the legend reads ``9–11, 12–14, …``
    and does not start at 1 when the lowest count is 9 (quantiles gave "1–12" and put a
    quarter of the gemeenten in it). With no positive values: ``[0]``.
    """
    v = values[values > 0]
    if v.empty:
        return [0]
    lo, hi = int(v.min()), int(np.ceil(v.max()))
    for w in NICE_WIDTHS:
        start = max(1, (lo // w) * w)
        n = -(-(hi - start + 1) // w)
        if n <= k:
            break
    return [start + w * (i + 1) - 1 for i in range(n)]


def class_start(values: pd.Series, breaks: list[int]) -> int:
    """The lower bound of the first class of ``breaks`` (as :func:`class_breaks` chose)."""
    if len(breaks) > 1:
        return breaks[0] - (breaks[1] - breaks[0]) + 1
    v = values[values > 0]
    return int(v.min()) if len(v) else 1


def colour_for(value: float, breaks: list[int]) -> str:
    """Palette colour of the class ``value`` falls in (``NO_DATA`` for 0 or missing).

    With fewer classes than colours the classes are spread over the whole palette.
    """
    if value is None or not np.isfinite(value) or value <= 0:
        return NO_DATA
    i = min(bisect.bisect_left(breaks, value), len(breaks) - 1)
    return class_colours(len(breaks))[i]


def class_colours(n: int) -> list[str]:
    """The palette colours of ``n`` classes, spread from the lightest to the darkest."""
    if n <= 1:
        return [PALETTE[3]] * n
    return [PALETTE[round(i * (len(PALETTE) - 1) / (n - 1))] for i in range(n)]


def legend_items(breaks: list[int], start: int = 1) -> list[tuple[str, str]]:
    """(colour, label) pairs for the legend, e.g. ``("#ffffcc", "9–11")``; ``start`` is
    the lower bound of the first class."""
    items = [(NO_DATA, "0")]
    lo = start
    for b in breaks:
        if b < lo:
            continue
        items.append((colour_for(b, breaks), f"{lo}" if lo == b else f"{lo}–{b}"))
        lo = b + 1
    return items


def legend_classes(counts: pd.Series, k: int = len(PALETTE) - 1) -> list[tuple[str, str, int]]:
    """The legend of a choropleth of ``counts``: (colour, label, number of gemeenten) per
    class, the class "0" (drawn hatched, ``NO_DATA``) only when some gemeente has none."""
    counts = counts.fillna(0)
    breaks = class_breaks(counts, k)
    start = class_start(counts, breaks)
    out = []
    n0 = int((counts <= 0).sum())
    if n0:
        out.append((NO_DATA, "0", n0))
    if breaks == [0]:
        return out
    lo = start
    for colour, b in zip(class_colours(len(breaks)), breaks, strict=True):
        n = int(((counts >= lo) & (counts <= b)).sum())
        out.append((colour, f"{lo}" if lo == b else f"{lo}–{b}", n))
        lo = b + 1
    return out


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 … 21)."""

    def lum(c: str) -> float:
        rgb = [int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


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


# --- the live map of the kaart view: one base layer, restyled in place -----------------------

#: The map iframe's title (screen readers announce it; Streamlit would say "st_folium").
KAART_TITEL = "Kaart: aantal samenwerkingen per gemeente"
#: What the map says to a screen reader and keyboard user when it gets focus.
KAART_UITLEG = (
    "Kaart van de gemeenten, gekleurd naar het aantal samenwerkingen. Pijltjestoetsen "
    "verschuiven, plus en min zoomen. Kies een gemeente met de lijst onder de kaart."
)

_LIVE_JS = r"""
(function (map) {
  var cfg = {{ this.cfg|tojson }};
  var kv = window.kv = {map: map, state: null, layer: null, extra: null, grenzen: {},
                        shownGrenzen: null, fitKey: null};
  try { window.frameElement.setAttribute("title", cfg.titel); } catch (e) {}
  var box = map.getContainer();
  box.setAttribute("aria-label", cfg.uitleg);
  box.setAttribute("role", "application");
  function text(rows) {
    var d = document.createElement("div");
    rows.forEach(function (r) {
      var line = document.createElement("div");
      if (r[0]) { var b = document.createElement("b"); b.textContent = r[0] + ": ";
                  line.appendChild(b); }
      line.appendChild(document.createTextNode(String(r[1])));
      d.appendChild(line);
    });
    return d;
  }
  function fillOf(code) {
    var s = kv.state, n = (s.aantal || {})[code] || 0;
    if (n <= 0) return "url(#kv-arcering)";
    for (var i = 0; i < s.breaks.length; i++) if (n <= s.breaks[i]) return s.kleuren[i];
    return s.kleuren[s.kleuren.length - 1];
  }
  function style(f) {
    var c = f.properties.c, s = kv.state || {};
    var st = {fillColor: s.breaks ? fillOf(c) : "#eeeeee", fillOpacity: 0.85,
              color: "#777777", weight: 0.4, opacity: 1};
    if (s.partners && s.partners[c]) { st.color = cfg.partner; st.weight = 2.0; }
    if (s.selected && s.selected.indexOf(c) >= 0) { st.color = cfg.accent; st.weight = 3.5; }
    return st;
  }
  function noTabStops() {
    // One tab stop for the whole map (its container); shapes and zoom buttons are reached
    // by keys (+/-, arrows) and the list of gemeenten next to the map.
    box.querySelectorAll("path, a, [tabindex]").forEach(function (el) {
      if (el !== box) { el.setAttribute("tabindex", "-1"); el.setAttribute("focusable", "false"); }
    });
    box.setAttribute("tabindex", "0");
  }
  function hatch() {
    var svg = box.querySelector("svg.leaflet-zoom-animated");
    if (!svg || svg.querySelector("#kv-arcering")) return;
    var ns = "http://www.w3.org/2000/svg";
    var defs = document.createElementNS(ns, "defs");
    var p = document.createElementNS(ns, "pattern");
    p.setAttribute("id", "kv-arcering"); p.setAttribute("patternUnits", "userSpaceOnUse");
    p.setAttribute("width", "6"); p.setAttribute("height", "6");
    p.setAttribute("patternTransform", "rotate(45)");
    var r = document.createElementNS(ns, "rect");
    r.setAttribute("width", "6"); r.setAttribute("height", "6"); r.setAttribute("fill", "#f7f7f7");
    var l = document.createElementNS(ns, "line");
    l.setAttribute("x1", "0"); l.setAttribute("y1", "0"); l.setAttribute("x2", "0");
    l.setAttribute("y2", "6"); l.setAttribute("stroke", "#8a8a8a"); l.setAttribute("stroke-width", "2");
    p.appendChild(r); p.appendChild(l); defs.appendChild(p); svg.insertBefore(defs, svg.firstChild);
  }
  var legend = L.control({position: "bottomright"});
  legend.onAdd = function () {
    var d = L.DomUtil.create("div", "kv-legend");
    d.setAttribute("role", "group");
    return d;
  };
  legend.addTo(map);
  function drawLegend() {
    var s = kv.state, d = legend.getContainer();
    d.textContent = "";
    var t = document.createElement("b"); t.textContent = s.legenda_titel; d.appendChild(t);
    s.legenda.forEach(function (it) {
      var row = document.createElement("div");
      var sw = document.createElement("span"); sw.className = "kv-swatch";
      if (it[0] === cfg.geen) sw.className += " kv-arcering"; else sw.style.background = it[0];
      row.appendChild(sw);
      row.appendChild(document.createTextNode(it[1] + " "));
      var n = document.createElement("span"); n.className = "kv-n";
      n.textContent = "(" + it[2] + (it[2] === 1 ? " gemeente)" : " gemeenten)");
      row.appendChild(n);
      d.appendChild(row);
    });
  }
  function showGrenzen() {
    var url = kv.state.grenzen;
    if (kv.shownGrenzen && kv.shownGrenzen !== url) {
      var old = kv.grenzen[kv.shownGrenzen];
      if (old && old.layer) map.removeLayer(old.layer);
      kv.shownGrenzen = null;
    }
    if (!url || kv.shownGrenzen === url) return;
    kv.shownGrenzen = url;
    var g = kv.grenzen[url];
    if (g && g.layer) { g.layer.addTo(map); return; }
    if (g) return;  // still loading
    kv.grenzen[url] = {};
    fetch(url).then(function (r) { return r.json(); }).then(function (doc) {
      var layer = L.geoJson(doc, {interactive: false, style: {fill: false, color: "#cc79a7",
                                   weight: 2.4, opacity: 0.9, dashArray: "6 4"}});
      kv.grenzen[url].layer = layer;
      if (kv.shownGrenzen === url) { layer.addTo(map); noTabStops(); }
    });
  }
  function apply() {
    var s = kv.state;
    if (!s) return;
    drawLegend();
    if (!kv.layer) return;
    kv.layer.setStyle(style);
    var sel = s.selected || [], partners = s.partners || {};
    kv.layer.eachLayer(function (l) { if (partners[l.feature.properties.c]) l.bringToFront(); });
    kv.layer.eachLayer(function (l) { if (sel.indexOf(l.feature.properties.c) >= 0) l.bringToFront(); });
    if (kv.extra) map.removeLayer(kv.extra);
    kv.extra = L.featureGroup();
    if (s.outline) {
      L.geoJson(s.outline, {interactive: false, style: {color: cfg.accent, weight: 3,
                fillColor: cfg.accent, fillOpacity: 0.08}}).addTo(kv.extra);
    }
    var wmax = 1;
    (s.lines || []).forEach(function (x) { wmax = Math.max(wmax, x[4]); });
    (s.lines || []).forEach(function (x) {
      L.polyline([[x[0], x[1]], [x[2], x[3]]], {color: cfg.partner, opacity: 0.55,
                  weight: 0.6 + 8 * x[4] / wmax})
        .bindTooltip(function () { return text([["", x[5]]]); }).addTo(kv.extra);
    });
    kv.extra.addTo(map);
    showGrenzen();
    if (s.fit_key !== kv.fitKey) {
      kv.fitKey = s.fit_key;
      map.fitBounds(s.bounds, {padding: s.selected || s.outline ? [60, 60] : [0, 0]});
    }
    noTabStops();
    if (s.meld_getekend && !kv.gemeld && window.Streamlit) {
      kv.gemeld = true;  // once per map: the page sends the rest of itself now
      window.Streamlit.setComponentValue({getekend: Date.now()});
    }
  }
  window.kvUpdate = function (state) { kv.state = state; apply(); };
  // The layer was requested before Leaflet loaded (see layer_prefetch); else fetch it now.
  function laad() { return fetch(cfg.laag).then(function (r) { return r.json(); }); }
  var pre = window.kvLaag;
  (pre && pre.url === cfg.laag ? pre.doc.catch(laad) : laad()).then(function (doc) {
    kv.layer = L.geoJson(doc.gemeenten, {
      style: style,
      onEachFeature: function (f, l) {
        l.bindTooltip(function () {
          var s = kv.state || {};
          return text([["Gemeente", f.properties.naam], ["Provincie", f.properties.provincie],
                       [s.label || "Aantal", (s.aantal || {})[f.properties.c] || 0]]);
        }, {sticky: false});
        l.on("click", function () {
          if (window.Streamlit) window.Streamlit.setComponentValue(
            {gemeente: f.properties.c, klik: Date.now()});
        });
        l.on("mouseover", function () { l.setStyle({weight: 2.5, color: "#000000"}); });
        l.on("mouseout", function () { l.setStyle(style(f)); });
      }
    }).addTo(map);
    L.geoJson(doc.provincies, {interactive: false, style: {fill: false, color: cfg.rand,
              weight: 1.4, opacity: 0.9}}).addTo(map);
    hatch();
    apply();
    box.setAttribute("data-kv-geladen", "1");
  });
  noTabStops();
})({{ this._parent.get_name() }});
"""

_LIVE_CSS = (
    "<style>.leaflet-container{background:#f2f4f7}"
    ".leaflet-container:focus,.leaflet-container:focus-visible{outline:3px solid #d55e00;"
    "outline-offset:-3px}"
    ".kv-legend{background:rgba(255,255,255,.94);padding:6px 9px;border:1px solid #bbb;"
    "border-radius:4px;font:12px/1.5 sans-serif;color:#222}"
    ".kv-swatch{display:inline-block;width:14px;height:14px;border:1px solid #666;"
    "margin-right:6px;vertical-align:middle}"
    ".kv-arcering{background:repeating-linear-gradient(45deg,#f7f7f7 0 3px,#8a8a8a 3px 4.5px)}"
    ".kv-n{color:#444}</style>"
)


class LiveLayer(branca.element.MacroElement):
    """The gemeente layer of the kaart view, fetched from ``laag`` (a static JSON file with
    ``gemeenten`` and ``provincies``) and styled from a state that ``window.kvUpdate(state)`` sets
    (the kaart view sends it as streamlit-folium's dynamic layer script). The base map's script therefore does not depend on filters or selection: the
    map component keeps its iframe and only the (small) state travels per rerun.

    Names reach the page as text nodes (``textContent``), never as HTML.
    """

    _template = branca.element.Template(
        "{% macro script(this, kwargs) %}" + _LIVE_JS + "{% endmacro %}"
    )

    def __init__(self, laag: str):
        super().__init__()
        self._name = "LiveLayer"
        self.cfg = {
            "laag": laag,
            "titel": KAART_TITEL,
            "uitleg": KAART_UITLEG,
            "accent": ACCENT,
            "partner": PARTNER,
            "rand": BORDER,
            "geen": NO_DATA,
        }


def layer_prefetch(laag_url: str) -> str:
    """A ``data:`` script for the head of streamlit-folium's ``js_links``: it requests the
    layer at once, in parallel with Leaflet, instead of after it (streamlit-folium loads its
    scripts one by one; :data:`_LIVE_JS` takes the answer from ``window.kvLaag``)."""
    from urllib.parse import quote

    url = json.dumps(laag_url)
    js = (
        f"window.kvLaag={{url:{url},doc:fetch({url})"
        ".then(function(r){if(!r.ok)throw new Error(r.status);return r.json();})};"
    )
    return "data:text/javascript," + quote(js)


class _Css(branca.element.MacroElement):
    _template = branca.element.Template(
        "{% macro header(this, kwargs) %}" + _LIVE_CSS + "{% endmacro %}"
    )


def live_map(
    laag_url: str, asset_base: str | None = None, basemap: bool = False, height: int = 600
) -> folium.Map:
    """The kaart view's base map: the same script for every filter and selection.

    Without jQuery: nothing in this map uses it, and streamlit-folium loads the scripts one
    after the other, so each one delays the first paint (issue 11)."""
    m = OfflineMap(
        asset_base=asset_base,
        jquery=False,
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
    m.get_root().header.add_child(_Css())
    m.add_child(MetricScale())
    # Like every map: one finger scrolls the page on a phone or touch screen.
    m.add_child(PhoneGestures())
    m.add_child(DutchControls())
    m.fit_bounds(NL_MAP_BOUNDS)
    m.add_child(LiveLayer(laag_url))
    return m


def live_state(
    counts: pd.Series,
    label: str,
    *,
    selected: list[str] | None = None,
    partners: dict[str, int] | None = None,
    lines: list[list] | None = None,
    outline: dict | None = None,
    bounds: list[list[float]] | None = None,
    fit_key: str = "",
    grenzen: str | None = None,
    meld_getekend: bool = False,
) -> dict:
    """The state ``window.kvUpdate`` applies: counts per gemeente, the class breaks and
    colours, the legend (with the number of gemeenten per class), the selection, partner
    lines ``[lat1, lon1, lat2, lon2, weight, label]``, an outline (GeoJSON), the view to
    fit when ``fit_key`` changes, and the URL of regiogrenzen to draw. With
    ``meld_getekend`` the map reports ``{"getekend": time}`` once it has drawn the
    gemeenten (the page then sends the rest, see ``kaartviewer.ui.kaart.kaart_eerst``)."""
    counts = counts.fillna(0).astype(int)
    breaks = class_breaks(counts)
    return {
        "aantal": {str(c): int(n) for c, n in counts.items() if n},
        "breaks": [] if breaks == [0] else breaks,
        "kleuren": class_colours(len(breaks)),
        "legenda": [list(x) for x in legend_classes(counts)],
        "legenda_titel": f"Aantal {label.lower()}",
        "label": label,
        "selected": list(selected or []),
        "partners": {str(k): int(v) for k, v in (partners or {}).items()},
        "lines": lines or [],
        "outline": outline,
        "bounds": bounds or NL_MAP_BOUNDS,
        "fit_key": fit_key,
        "grenzen": grenzen,
        "meld_getekend": meld_getekend,
    }


# --- regions in matching colours, pairs of outlines, one samenwerking's members -------------

#: Okabe–Ito without black and grey (colour-blind safe) for neighbouring regions.
REGION_COLOURS = ["#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7"]
#: A region without a counterpart in the other map.
UNMATCHED = "#d9d9d9"


def region_adjacency(polygons: gpd.GeoDataFrame) -> list[tuple[str, str]]:
    """Pairs of regions (``regio`` labels) whose outlines touch (a small tolerance bridges
    the simplified web layer's rounding)."""
    import shapely  # only here: the rest of the module does not need it

    if len(polygons) < 2:
        return []
    geoms = shapely.buffer(np.asarray(polygons.geometry.array, dtype=object), 0.002)
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    labels = list(polygons["regio"])
    return sorted({(labels[i], labels[j]) for i, j in zip(left, right, strict=True) if i < j})


def region_colours(
    polygons: gpd.GeoDataFrame, fixed: dict[str, str] | None = None
) -> dict[str, str]:
    """A colour per region so that touching regions differ where the palette allows.

    ``fixed`` colours (e.g. those a corresponding region has on the other map) are kept;
    the others are chosen greedily (most neighbours first) from :data:`REGION_COLOURS`,
    avoiding the colours of their neighbours and preferring the least used one.
    """
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(polygons["regio"])
    g.add_edges_from(region_adjacency(polygons))
    out = dict(fixed or {})
    todo = [r for r in g.nodes if r not in out]
    todo.sort(key=lambda r: (-g.degree(r), str(r)))
    uses = {c: 0 for c in REGION_COLOURS}
    for c in out.values():
        uses[c] = uses.get(c, 0) + 1
    for r in todo:
        taken = [out[n] for n in g.neighbors(r) if n in out]
        free = [c for c in REGION_COLOURS if c not in taken]
        # The least used free colour (palette order on ties): colours spread over the map,
        # so regions far apart differ too; with every colour around it, the rarest there.
        out[r] = min(free, key=lambda c: uses[c]) if free else min(REGION_COLOURS, key=taken.count)
        uses[out[r]] = uses.get(out[r], 0) + 1
    return out


def matched_colours(
    poly_a: gpd.GeoDataFrame, poly_b: gpd.GeoDataFrame, pairs: list[tuple[str, str]]
) -> tuple[dict[str, str], dict[str, str]]:
    """Colours for two region maps: corresponding regions (``pairs`` of labels) get the same
    colour on both, neighbours differ, a region without counterpart is :data:`UNMATCHED`."""
    a_of_b = {b: a for a, b in pairs}
    colours_a = region_colours(poly_a.loc[poly_a["regio"].isin({a for a, _ in pairs})])
    colours_b = {b: colours_a[a] for b, a in a_of_b.items() if a in colours_a}
    for r in poly_a["regio"]:
        colours_a.setdefault(r, UNMATCHED)
    for r in poly_b["regio"]:
        colours_b.setdefault(r, UNMATCHED)
    return colours_a, colours_b


def coloured_regions(
    m: folium.Map,
    polygons: gpd.GeoDataFrame,
    colours: dict[str, str],
    name: str,
    counterpart: dict[str, str] | None = None,
) -> None:
    """Regions filled with the given colours; tooltip: region, gemeenten and (when given)
    the corresponding region of the other map. Not a tab stop (keyboard users get the list
    next to the map)."""
    if polygons.empty:
        return
    gdf = polygons[["regio", "gemeenten", "geometry"]].copy()
    gdf["kleur"] = [colours.get(r, UNMATCHED) for r in gdf["regio"]]
    fields, aliases = ["regio", "gemeenten"], ["Regio", "Gemeenten"]
    if counterpart is not None:
        gdf["tegenhanger"] = [
            html.escape(str(counterpart.get(r) or "geen")) for r in polygons["regio"]
        ]
        fields.append("tegenhanger")
        aliases.append("Komt overeen met")
    gdf["regio"] = [html.escape(str(v)) for v in gdf["regio"]]
    folium.GeoJson(
        json.loads(gdf.to_json(drop_id=True)),
        name=name,
        style_function=lambda f: {
            "fillColor": f["properties"]["kleur"],
            "fillOpacity": 0.7,
            "color": "#444444",
            "weight": 1,
        },
        highlight_function=lambda _f: {"weight": 2.5, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(fields=fields, aliases=aliases),
    ).add_to(m)


def pair_map(
    m: folium.Map,
    fp_a: gpd.GeoDataFrame,
    fp_b: gpd.GeoDataFrame,
    label_a: str,
    label_b: str,
) -> None:
    """Two samenwerkingen's outlines on one map (A solid vermilion, B dashed blue), zoomed
    to both, with a legend that names them."""
    outline(m, fp_a, label_a, color=ACCENT)
    if not fp_b.empty:
        folium.GeoJson(
            json.loads(fp_b[["geometry"]].to_json(drop_id=True)),
            name=label_b,
            style_function=lambda _f: {
                "color": PARTNER,
                "weight": 3,
                "dashArray": "8 6",
                "fillColor": PARTNER,
                "fillOpacity": 0.08,
            },
            interactive=False,
        ).add_to(m)
    both = pd.concat([fp_a[["geometry"]], fp_b[["geometry"]]])
    fit(m, gpd.GeoDataFrame(both, geometry="geometry", crs=fp_a.crs or fp_b.crs))
    add_legend(m, "Overlappend paar", [(ACCENT, f"A: {label_a}"), (PARTNER, f"B: {label_b}")])


def members_fill(m: folium.Map, layer: gpd.GeoDataFrame, codes, name: str) -> None:
    """The member gemeenten of one samenwerking filled (tooltip: naam, provincie), the other
    gemeenten left out; with :func:`outline` it shows where a samenwerking lies."""
    sub = layer.loc[layer.index.isin(set(codes))]
    if sub.empty:
        return
    gdf = gpd.GeoDataFrame(
        {
            "naam": [html.escape(str(n)) for n in sub["gemeentenaam"]],
            "provincie": [html.escape(str(n)) for n in sub["provincienaam"]],
        },
        geometry=sub.geometry.values,
        crs=sub.crs,
    )
    folium.GeoJson(
        json.loads(gdf.to_json(drop_id=True)),
        name=name,
        style_function=lambda _f: {
            "fillColor": PARTNER,
            "fillOpacity": 0.35,
            "color": "#ffffff",
            "weight": 0.8,
        },
        tooltip=folium.GeoJsonTooltip(
            fields=["naam", "provincie"], aliases=["Gemeente", "Provincie"]
        ),
    ).add_to(m)


def add_match_legend(m: folium.Map, colours: list[str], unmatched: bool = True) -> None:
    """The legend of two maps in matching colours: the colours used side by side, read as
    'the same colour on both maps = corresponding regions', and grey for no counterpart."""
    swatch = (
        '<span style="display:inline-block;width:11px;height:14px;background:{c};'
        'border:1px solid #999;margin-right:1px;vertical-align:middle"></span>'
    )
    used = "".join(swatch.format(c=html.escape(c)) for c in dict.fromkeys(colours))
    rows = f"<div>{used}<span style='margin-left:5px'>= komt overeen</span></div>"
    if unmatched:
        rows += f"<div>{swatch.format(c=UNMATCHED)}<span style='margin-left:5px'>geen tegenhanger</span></div>"
    box = (
        # Lower left above the scale bar (Belgium on a map of the Netherlands), compact.
        '<div class="kv-legend" style="position:absolute;bottom:34px;left:10px;z-index:1000;'
        "background:rgba(255,255,255,.92);padding:4px 7px;border:1px solid #bbb;"
        f'border-radius:4px;font:12px/1.5 sans-serif">{rows}</div>'
    )
    tpl = branca.element.Template("{% macro html(this, kwargs) %}" + box + "{% endmacro %}")
    el = branca.element.MacroElement()
    el._template = tpl
    m.get_root().html.add_child(el)
