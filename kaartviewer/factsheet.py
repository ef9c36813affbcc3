"""The raadslid factsheet: one page per gemeente, as HTML and as PDF. Every value is escaped.

The page holds the stand of the data (layer and peildatum) in a banner at the top, the
gemeente's figures next to the averages of its provincie and of the country, a small map
of the gemeente and its partner gemeenten (an inline SVG drawn from the boundaries in
RD New, EPSG:28992, so no map library or tile server is needed), its samenwerkingen and
the sources.

PDF: the same HTML through WeasyPrint. WeasyPrint is a maintained pure-Python renderer
(pip-installable; it needs only the Pango library, which Linux desktops ship and the
WeasyPrint docs show how to get on Windows and macOS), so a user's own machine produces
the PDF without a browser; one HTML is the single source of both files, and the inline
SVG map is drawn as vectors.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd
from shapely.geometry import MultiPolygon, Polygon, box

from kaartviewer import opmaak
from kaartviewer.schema import JURIDISCHE_VORMEN, ONDERWERPEN

if TYPE_CHECKING:
    from kaartviewer.provenance import Bron

_CSS = """
body{font:11pt/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:2cm;color:#222}
h1{font-size:20pt;margin:0 0 .2em} h2{font-size:13pt;margin:1.2em 0 .3em;border-bottom:1px solid #ccc}
.sub{color:#555;margin:0 0 1em} .cijfers{display:flex;gap:1.5em;margin:1em 0}
.cijfer{border:1px solid #ccc;border-radius:6px;padding:.4em .8em}
.cijfer b{display:block;font-size:16pt}
table{border-collapse:collapse;width:100%;font-size:10pt} th,td{text-align:left;padding:3px 6px;
border-bottom:1px solid #e3e3e3;vertical-align:top} th{background:#f3f3f3}
.noot{color:#555;font-size:9pt;margin-top:2em}
.stand{background:#fff4e0;border-left:5px solid #d9822b;padding:.5em .8em;margin:.6em 0 1em;
font-size:12pt} .stand b{font-size:13pt}
.kaart{display:flex;gap:1.2em;align-items:flex-start;margin:.5em 0}
.kaart svg{border:1px solid #ddd;width:11cm;height:auto;flex:none}
.legenda{font-size:9.5pt;color:#333} .legenda span{display:inline-block;width:.9em;height:.9em;
margin-right:.4em;vertical-align:-.1em;border:1px solid #888}
td.getal,th.getal{text-align:right}
@page{size:A4;margin:1.5cm}
@media print{body{margin:0}.cijfer{break-inside:avoid} tr{break-inside:avoid}
.kaart{break-inside:avoid}}
"""

#: Map colours: the gemeente (orange, as on the app's map), its partners (blue, darker =
#: more shared samenwerkingen) and the other gemeenten around them.
KLEUR_GEMEENTE = "#e6550d"
KLEUR_PARTNER = "#2171b5"
KLEUR_OVERIG = "#eeeeee"
_RD = "EPSG:28992"


def _e(v) -> str:
    return html.escape("" if v is None else str(v))


def _fmt(x, pct: bool = False) -> str:
    return opmaak.procent(x) if pct else opmaak.getal(x, 2)


def _pad(geom, x0: float, y1: float, schaal: float) -> str:
    """SVG path data of a (multi)polygon in RD metres, y flipped, rounded to 0.1 px."""
    polys = geom.geoms if isinstance(geom, MultiPolygon) else [geom]
    out = []
    for poly in polys:
        if not isinstance(poly, Polygon) or poly.is_empty:
            continue
        for ring in (poly.exterior, *poly.interiors):
            pts = [f"{(x - x0) * schaal:.1f},{(y1 - y) * schaal:.1f}" for x, y in ring.coords]
            out.append("M" + "L".join(pts) + "Z")
    return "".join(out)


def kaart_svg(
    gemeenten: gpd.GeoDataFrame,
    code: str,
    partners: pd.Series,
    breedte: int = 520,
) -> str:
    """A small map as inline SVG: ``code`` in orange, its partner gemeenten in blue (darker
    = more shared samenwerkingen; ``partners`` maps gemeentecode → number shared) and the
    other gemeenten within the frame in grey. Empty string when ``code`` has no geometry."""
    if code not in gemeenten.index or gemeenten.geometry.loc[code] is None:
        return ""
    rd = gemeenten[["gemeentenaam", gemeenten.geometry.name]].to_crs(_RD)
    partners = partners[partners.index.isin(rd.index) & (partners.index != code)]
    focus = rd.loc[[code, *partners.index]]
    x0, y0, x1, y1 = focus.total_bounds
    marge = max(x1 - x0, y1 - y0, 2_000) * 0.05
    x0, y0, x1, y1 = x0 - marge, y0 - marge, x1 + marge, y1 + marge
    schaal = breedte / (x1 - x0)
    hoogte = round((y1 - y0) * schaal)
    frame = rd[rd.intersects(box(x0, y0, x1, y1))]
    tolerantie = 0.6 / schaal  # below a pixel: invisible, and the SVG stays small
    top = max(int(partners.max()), 1) if len(partners) else 1
    paths = []
    for c, geom in frame.geometry.simplify(tolerantie).items():
        if c == code:
            continue
        if c in partners.index:
            sterkte = 0.25 + 0.65 * int(partners[c]) / top
            fill = f'fill="{KLEUR_PARTNER}" fill-opacity="{sterkte:.2f}"'
        else:
            fill = f'fill="{KLEUR_OVERIG}"'
        naam = _e(frame.at[c, "gemeentenaam"])
        paths.append(
            f'<path d="{_pad(geom, x0, y1, schaal)}" {fill} stroke="#fff" stroke-width="0.6" '
            f'fill-rule="evenodd"><title>{naam}</title></path>'
        )
    eigen = rd.geometry.loc[code].simplify(tolerantie)
    naam = _e(rd.at[code, "gemeentenaam"])
    paths.append(
        f'<path d="{_pad(eigen, x0, y1, schaal)}" fill="{KLEUR_GEMEENTE}" stroke="#7f2704" '
        f'stroke-width="1.2" fill-rule="evenodd"><title>{naam}</title></path>'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {breedte} {hoogte}" '
        f'width="{breedte}" height="{hoogte}" role="img" '
        f'aria-label="Kaart van {naam} en haar partnergemeenten">'
        f"<title>{naam} en haar partnergemeenten</title>{''.join(paths)}</svg>"
    )


#: Figures compared on the factsheet: (metrics column, label, kind).
KENGETALLEN = (
    ("lidmaatschappen", "Samenwerkingen", "getal1"),
    ("partners", "Partnergemeenten", "getal1"),
    ("aandeel_buiten_provincie", "Partners buiten de provincie", "procent"),
    ("spaghetti", "Spaghetti-index", "getal2"),
)


def vergelijking(metrics: pd.DataFrame, provinciecodes: pd.Series, code: str) -> list[dict]:
    """The gemeente's figures next to the mean of its provincie and of all gemeenten.

    ``metrics`` is :func:`kaartviewer.network.gemeente_metrics` (one row per gemeente),
    ``provinciecodes`` maps gemeentecode → provinciecode. Means skip missing values (a
    spaghetti index needs two samenwerkingen)."""
    prov = provinciecodes.get(code)
    in_prov = metrics.index.isin(provinciecodes.index[provinciecodes == prov])
    rows = []
    for col, label, soort in KENGETALLEN:
        if col not in metrics:
            continue
        values = pd.to_numeric(metrics[col], errors="coerce")
        rows.append(
            {
                "kengetal": label,
                "soort": soort,
                "gemeente": values.get(code),
                "provincie": values[in_prov].mean(),
                "nederland": values.mean(),
            }
        )
    return rows


def _waarde(x, soort: str) -> str:
    if soort == "procent":
        return opmaak.procent(x)
    if soort == "getal1":
        return opmaak.getal(x, 1, vast=False)
    return opmaak.getal(x, 2)


def _vergelijking_html(rows: list[dict], naam: str, provincie: str) -> str:
    if not rows:
        return ""
    body = "".join(
        f"<tr><td>{_e(r['kengetal'])}</td>"
        + "".join(
            f'<td class="getal">{_e(_waarde(r[k], r["soort"]))}</td>'
            for k in ("gemeente", "provincie", "nederland")
        )
        + "</tr>"
        for r in rows
    )
    return (
        "<h2>Vergeleken met provincie en land</h2>"
        f'<table><thead><tr><th>Kengetal</th><th class="getal">{_e(naam)}</th>'
        f'<th class="getal">Gemiddelde {_e(provincie)}</th>'
        '<th class="getal">Gemiddelde Nederland</th></tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _kaart_html(svg: str, naam: str) -> str:
    if not svg:
        return ""
    return (
        "<h2>Kaart</h2>"
        f'<div class="kaart">{svg}<div class="legenda">'
        f'<p><span style="background:{KLEUR_GEMEENTE}"></span>{_e(naam)}</p>'
        f'<p><span style="background:{KLEUR_PARTNER}"></span>partnergemeenten: hoe donkerder, '
        "hoe meer samenwerkingen gedeeld</p>"
        f'<p><span style="background:{KLEUR_OVERIG}"></span>overige gemeenten</p>'
        "<p>Grenzen: CBS, Kadaster.</p></div></div>"
    )


def pdf_mogelijk() -> bool:
    """Is WeasyPrint installed? (Cheap: finds the package without importing it.)"""
    import importlib.util

    return importlib.util.find_spec("weasyprint") is not None


def naar_pdf(page: str) -> bytes:
    """The factsheet's HTML as an A4 PDF (WeasyPrint, imported only when asked for)."""
    from weasyprint import HTML

    return HTML(string=page).write_pdf()


def gemeente_factsheet(
    naam: str,
    code: str,
    provincie: str,
    samenwerkingen: pd.DataFrame,
    cijfers: dict,
    filters: str,
    bronnen: Sequence[Bron],
    voorbehoud: str = "",
    stand: str = "",
    kaart: str = "",
    vergeleken: list[dict] | None = None,
) -> str:
    """HTML page for one gemeente.

    ``samenwerkingen`` has naam, onderwerp, juridische_vorm, partners and, from today's
    register, bestuursorganen (as returned by ``Registry.samenwerkingen_van``); ``cijfers``
    holds lidmaatschappen, partners, spaghetti, rang, n_gemeenten, aandeel_buiten_provincie;
    ``bronnen`` are the sources of the view (:func:`kaartviewer.provenance.bronnen_voor`),
    listed with publisher, licence, peildatum and required attribution; ``voorbehoud``
    qualifies the registry; ``stand`` says what is shown (``GR-register, peildatum …`` or
    the historic layer) and goes into the title and the banner at the top; ``kaart`` is
    :func:`kaart_svg`, ``vergeleken`` :func:`vergelijking` (both optional).
    """
    from kaartviewer.analysis import raad_neemt_deel

    rang = cijfers.get("rang")
    rang_txt = (
        "—"
        if rang is None or (isinstance(rang, float) and math.isnan(rang))
        else f"{int(rang)} van {cijfers.get('n_gemeenten')}"
    )
    raad = "bestuursorganen" in samenwerkingen.columns
    rows = []
    for onderwerp, grp in samenwerkingen.groupby("onderwerp", sort=True):
        for r in grp.itertuples():
            rows.append(
                f"<tr><td>{_e(ONDERWERPEN.get(onderwerp, onderwerp))}</td><td>{_e(r.naam)}</td>"
                f"<td>{_e(JURIDISCHE_VORMEN.get(r.juridische_vorm, r.juridische_vorm))}</td>"
                f"<td>{int(r.partners)}</td>"
                + (f"<td>{_e(raad_neemt_deel(r.bestuursorganen))}</td>" if raad else "")
                + "</tr>"
            )
    cols = 5 if raad else 4
    body = "".join(rows) or (
        f'<tr><td colspan="{cols}">Geen samenwerkingen onder deze filters.</td></tr>'
    )
    raad_th = "<th>Raad neemt deel</th>" if raad else ""
    stand_txt = f" · {_e(stand)}" if stand else ""
    bron_rows = "".join(
        f"<tr><td>{_e(b.naam)}</td><td>{_e(b.uitgever)}</td><td>{_e(b.licentie)}</td>"
        f"<td>{_e(b.peildatum)}</td><td>{_e(b.attributie)}</td></tr>"
        for b in bronnen
    )
    return f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8">
<title>Factsheet samenwerking — {_e(naam)}{stand_txt}</title><style>{_CSS}</style></head>
<body>
<h1>{_e(naam)}</h1>
<p class="sub">Gemeente {_e(code)} · provincie {_e(provincie)} · filters: {_e(filters)}</p>
{f'<p class="stand">Stand van de gegevens: <b>{_e(stand)}</b></p>' if stand else ""}
<div class="cijfers">
 <div class="cijfer"><b>{_e(cijfers.get("lidmaatschappen"))}</b>samenwerkingen</div>
 <div class="cijfer"><b>{_e(cijfers.get("partners"))}</b>partnergemeenten</div>
 <div class="cijfer"><b>{_fmt(cijfers.get("aandeel_buiten_provincie"), pct=True)}</b>partners buiten de provincie</div>
 <div class="cijfer"><b>{_fmt(cijfers.get("spaghetti"))}</b>spaghetti-index (rang {_e(rang_txt)})</div>
</div>
{_vergelijking_html(vergeleken or [], naam, provincie)}
{_kaart_html(kaart, naam)}
<h2>Samenwerkingen</h2>
<table><thead><tr><th>Onderwerp</th><th>Naam</th><th>Juridische vorm</th><th>Partners</th>{raad_th}</tr></thead>
<tbody>{body}</tbody></table>
<p class="noot">Spaghetti-index: 1 − gemiddelde overeenkomst (Jaccard) tussen de deelnemers van elk
paar samenwerkingen van deze gemeente; 0 = steeds dezelfde partners, richting 1 = steeds een andere
samenstelling.{" Raad neemt deel: de gemeenteraad is zelf deelnemend bestuursorgaan (nee = alleen college of burgemeester; — = niet geregistreerd)." if raad else ""} {_e(voorbehoud)}</p>
<h2>Bronnen</h2>
<table><thead><tr><th>Bron</th><th>Uitgever</th><th>Licentie</th><th>Peildatum</th><th>Vermelding</th></tr></thead>
<tbody>{bron_rows}</tbody></table>
</body></html>
"""
