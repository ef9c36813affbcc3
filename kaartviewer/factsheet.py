"""The raadslid factsheet: one printable HTML page per gemeente. Every value is escaped."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

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
@media print{body{margin:1cm}.cijfer{break-inside:avoid} tr{break-inside:avoid}}
"""


def _e(v) -> str:
    return html.escape("" if v is None else str(v))


def _fmt(x, pct: bool = False) -> str:
    return opmaak.procent(x) if pct else opmaak.getal(x, 2)


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
) -> str:
    """HTML page for one gemeente.

    ``samenwerkingen`` has naam, onderwerp, juridische_vorm, partners and, from today's
    register, bestuursorganen (as returned by ``Registry.samenwerkingen_van``); ``cijfers``
    holds lidmaatschappen, partners, spaghetti, rang, n_gemeenten, aandeel_buiten_provincie;
    ``bronnen`` are the sources of the view (:func:`kaartviewer.provenance.bronnen_voor`),
    listed with publisher, licence, peildatum and required attribution; ``voorbehoud``
    qualifies the registry; ``stand`` says what is shown (``GR-register, peildatum …`` or
    the historic layer) and goes into the title.
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
<p class="sub">Gemeente {_e(code)} · provincie {_e(provincie)}{stand_txt} · filters: {_e(filters)}</p>
<div class="cijfers">
 <div class="cijfer"><b>{_e(cijfers.get("lidmaatschappen"))}</b>samenwerkingen</div>
 <div class="cijfer"><b>{_e(cijfers.get("partners"))}</b>partnergemeenten</div>
 <div class="cijfer"><b>{_fmt(cijfers.get("aandeel_buiten_provincie"), pct=True)}</b>partners buiten de provincie</div>
 <div class="cijfer"><b>{_fmt(cijfers.get("spaghetti"))}</b>spaghetti-index (rang {_e(rang_txt)})</div>
</div>
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
