"""What the GR-register says about one samenwerking: its features, the regeling itself
(doel, bevoegdheden, bronhouder, links) and its version history.

Text from the register reaches Markdown only through ``md()``; links from the register
become ``st.link_button`` targets only when ``safe.safe_url`` accepts them (plain
``http(s)``), otherwise they are shown as text.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kaartviewer import analysis, provenance
from kaartviewer.schema import HERKOMST, JURIDISCHE_VORMEN, ONDERWERPEN
from kaartviewer.ui import data
from kaartviewer.ui.context import Context
from kaartviewer.ui.safe import md, plain, safe_url, url_host

#: A doel longer than this is shown shortened, with the whole text in an expander.
DOEL_KORT = 320


def text(value) -> str:
    """A cell as text: '' for missing values."""
    return plain(value).strip()


def in_register(s: pd.Series) -> bool:
    """Is this samenwerking a regeling of the GR-register (not only a CBS region)?"""
    return bool(text(s.get("roo_id")))


def kenmerken(ctx: Context, s: pd.Series) -> str:
    """One line of plain text: afkorting · vorm (centrumgemeente) · onderwerp (herkomst) ·
    bron and stand."""
    parts = []
    if text(s.get("afkorting")):
        parts.append(f"afkorting {text(s.get('afkorting'))}")
    vorm = JURIDISCHE_VORMEN.get(s.juridische_vorm, text(s.juridische_vorm))
    herkomst = HERKOMST.get(s.juridische_vorm_herkomst, text(s.juridische_vorm_herkomst))
    centrum = text(s.get("centrumgemeente"))
    if centrum:
        naam = ctx.reg.gemeenten["gemeentenaam"].get(centrum, centrum)
        vorm += f", centrumgemeente {naam}"
    parts.append(f"{vorm} ({herkomst})" if herkomst else vorm)
    onderwerp = ONDERWERPEN.get(s.onderwerp, text(s.onderwerp))
    herkomst = HERKOMST.get(s.onderwerp_herkomst, text(s.onderwerp_herkomst))
    parts.append(f"{onderwerp} ({herkomst})" if herkomst else onderwerp)
    if ctx.actueel:
        parts.append(f"bron {text(s.bron)}, peildatum {provenance.datum(ctx.peildatum)}")
    else:
        parts.append(f"bron {text(s.bron)}, zoals geregistreerd in {text(s.peildatum)}")
    return " · ".join(parts)


def _field(label: str, value) -> None:
    value = text(value)
    if value:
        st.markdown(f"**{md(label)}.** {md(value)}")


def details(ctx: Context, s: pd.Series) -> None:
    """The regeling as the register describes it, with safe links."""
    if not in_register(s):
        st.info(
            "Geen regeling in het GR-register: deze samenwerking is een regio-indeling van het "
            "CBS (2025). Het GR-register bevat alleen gemeenschappelijke regelingen (Wgr)."
        )
        _field("Toelichting", s.get("toelichting"))
        return
    _field("Titel van de regeling", s.get("titel"))
    doel = text(s.get("doel"))
    if len(doel) > DOEL_KORT:
        # A long doel (some run to 1,800 characters) would push the tables off the screen.
        st.markdown(f"**Doel.** {md(doel[:DOEL_KORT].rsplit(' ', 1)[0])} …")
        with st.expander("Het hele doel"):
            st.markdown(md(doel))
    else:
        _field("Doel", doel)
    bevoegd = text(s.get("bevoegdheden"))
    verkrijging = text(s.get("bevoegdheidsverkrijgingen")).replace(";", ", ")
    if bevoegd or verkrijging:
        _field(
            "Bevoegdheden",
            bevoegd + (f" (verkregen door {verkrijging.lower()})" if verkrijging else ""),
        )
    _field("Bronhouder", s.get("bronhouder"))
    _field("Uitvoerende organisatie", s.get("regionaal_samenwerkingsorgaan"))
    terreinen = text(s.get("beleidsterreinen")).replace(";", ", ")
    if terreinen:
        _field("Beleidsterreinen in het GR-register", terreinen)
    _field("Toelichting", s.get("toelichting"))
    links(s)


def links(s: pd.Series) -> None:
    """Register page, website and instellingsbesluiten as link buttons (http(s) only);
    a value that is not a safe link is shown as text."""
    items = [("Registerpagina (organisaties.overheid.nl)", text(s.get("register_url")))]
    items.append(("Website", text(s.get("website"))))
    besluiten = [u for u in text(s.get("instellingsbesluiten")).split(";") if u.strip()]
    items += [("Instellingsbesluit", u) for u in besluiten]
    good = [(label, safe_url(u)) for label, u in items if safe_url(u)]
    bad = [(label, u) for label, u in items if u and not safe_url(u)]
    if good:
        with st.container(horizontal=True):
            for i, (label, url) in enumerate(good):
                host = url_host(url)
                shown = label if label.startswith("Register") else f"{label} ({host})"
                st.link_button(md(shown), url, key=f"link-{i}", icon=":material/open_in_new:")
    for label, value in bad:
        st.caption(f"{md(label)} (geen geldige http(s)-link, als tekst getoond): {md(value)}")


def versies(ctx: Context, s: pd.Series) -> None:
    """The version history of a register samenwerking, the version on the peildatum marked."""
    if not in_register(s):
        st.info("Een regio-indeling van het CBS heeft geen versies in het GR-register.")
        return
    register, _ = data.register_data(ctx.src.on("actueel"))
    v = analysis.versies_van(register.versies, s.name, ctx.peildatum)
    if v.empty:
        st.info("Het GR-register geeft voor deze regeling geen versies.")
        return
    st.caption(
        f"{len(v)} versie(s) in het GR-register. Elke wijziging van de regeling is een nieuwe "
        "versie; 'geldig tot' leeg = nog in werking. ▶ = de versie op de peildatum."
    )
    table = pd.DataFrame(
        {
            "": v["op_peildatum"].map({True: "▶", False: ""}),
            "roo_id": v["roo_id"],
            "titel": v["titel"],
            "geldig van": v["geldig_van"],
            "geldig tot": v["geldig_tot"],
            "vorm": v["juridische_vorm"].map(JURIDISCHE_VORMEN).fillna(v["juridische_vorm"]),
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={"": st.column_config.TextColumn("", width=30)},
    )
