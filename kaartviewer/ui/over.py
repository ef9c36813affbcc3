"""The "Over de data" view: sources of the layer shown, its peildatum and coverage, and
every finding of the loader, per file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from kaartviewer import provenance
from kaartviewer.load import HISTORIE_MAP, INDELINGEN_FILE, META_FILE
from kaartviewer.register import REGISTER_VERPLICHT_SINDS
from kaartviewer.schema import JURIDISCHE_VORMEN
from kaartviewer.ui import data, errors
from kaartviewer.ui.context import Context
from kaartviewer.ui.safe import md
from kaartviewer.ui.widgets import pct, static_table
from kaartviewer.validation import LoadError, ValidationReport

#: National figures the 2016 registry is measured against (literature; see README).
LANDELIJK_AANTAL = "zo'n 1.200"
LANDELIJK_PER_GEMEENTE = "27–30"


def render(ctx: Context) -> None:
    st.header("Over de data")
    _bronnen(ctx)
    if ctx.actueel:
        _register(ctx)
    else:
        _historie(ctx)
    _bestanden(ctx)
    _meldingen(ctx.report, ctx.laag_naam)
    _andere_laag(ctx)
    if ctx.actueel:
        st.markdown(
            "**Gemeenten van nu.** Het register staat op de gemeenten van 2025. Een deelnemer "
            "die een inmiddels opgeheven gemeente is, telt mee bij haar opvolger; de kolom "
            "'via' bij de deelnemers noemt die voorganger."
        )
    else:
        st.markdown(
            "**Gemeenten van nu (2025).** Met de keuze 'Gemeente-indeling 2025' ziet u "
            "dezelfde samenwerkingen van 2016 op de gemeenten van 2025. Elke gemeente van 2016 "
            "is met de grenzen van 2016 en 2025 (CBS) aan haar opvolger(s) gekoppeld door de "
            f"vlakken over elkaar te leggen: {md(provenance.herindeling_regel())}. Bij een "
            "gesplitste gemeente staat bij het lidmaatschap 'deels' met het aandeel van het "
            "gebied."
        )
    st.caption(
        "Hoe een samenwerking toe te voegen of te corrigeren staat in de README van het "
        "project; het bouwrapport (data/bouwrapport.md) noemt elke beslissing van de "
        f"bouwstap. Kaartgrenzen: {md(provenance.CBS_ATTRIBUTIE)} (CC-BY 4.0)."
    )


def _bronnen(ctx: Context) -> None:
    st.markdown(f"**Bronnen van deze laag ({md(ctx.laag_naam)}).** {md(ctx.voorbehoud())}")
    # A static table wraps the long descriptions (few rows, all visible at once).
    static_table(pd.DataFrame(provenance.bronnen_tabel(ctx.bronnen())).set_index("bron"))
    andere = "de historische laag 2016" if ctx.actueel else "de laag van vandaag"
    st.caption(f"De bronnen van {md(andere)} staan onder die laag (links: Register → Laag).")


def _register(ctx: Context) -> None:
    """Coverage of today's register: forms, snapshot, what was left out, incompleteness."""
    stats = ctx.reg.stats()
    reg_stats = stats.get("register") or {}
    st.markdown("**Dekking van het GR-register**")
    c = st.columns(5)
    c[0].metric("Gemeenten", stats["gemeenten"])
    c[1].metric("Samenwerkingen", stats["samenwerkingen"])
    c[2].metric("Uit het GR-register", int(reg_stats.get("samenwerkingen", 0)))
    roo = ctx.reg.samenwerkingen.get("roo_id", pd.Series(dtype=str)).fillna("").astype(str)
    c[3].metric(
        "Alleen CBS-regio",
        int((roo == "").sum()),
        help="Netwerkregio's van het CBS (GGD, veiligheidsregio, …) zonder regeling in het "
        "GR-register; regio's die wel een regeling zijn, tellen bij het register.",
    )
    c[4].metric("Stand van het register", md(provenance.datum(ctx.snapshot)))
    vormen = reg_stats.get("per_juridische_vorm", {})
    if vormen:
        st.dataframe(
            pd.DataFrame(
                {
                    "juridische vorm": [JURIDISCHE_VORMEN.get(k, k) for k in vormen],
                    "regelingen": list(vormen.values()),
                }
            ).sort_values("regelingen", ascending=False),
            hide_index=True,
            width="content",
        )
    zonder = int(reg_stats.get("zonder_gemeente_weggelaten", 0))
    st.markdown(
        f"Op peildatum {md(provenance.datum(ctx.peildatum))} zijn "
        f"{int(reg_stats.get('samenwerkingen', 0))} regelingen van het GR-register in werking "
        "met ten minste één gemeente; ze zijn aangevuld met de netwerkregio's van het CBS "
        "(GGD, veiligheidsregio, arbeidsmarktregio, …) die geen regeling in het register "
        f"hebben. {int(zonder)} regeling(en) zonder gemeente onder de deelnemers (bijvoorbeeld "
        "alleen waterschappen of provincies) zijn weggelaten: die zijn niet intergemeentelijk."
    )
    st.markdown(
        f"**Wat er niet in zit.** Registratie in het GR-register is pas sinds "
        f"{md(provenance.datum(REGISTER_VERPLICHT_SINDS))} verplicht. Voor eerdere peildata is "
        "het beeld onvolledig: regelingen die eerder eindigden of nooit zijn geregistreerd, "
        "ontbreken. Ook nu ontbreekt wat een bronhouder niet of te laat registreerde, en "
        "samenwerkingen buiten de Wgr (convenanten, stichtingen) staan alleen in het register "
        "als ze een CBS-regio zijn."
    )


def _historie(ctx: Context) -> None:
    """Coverage of the 2016 layer (OpenGR and RegioAtlas)."""
    gemiddeld = ctx.reg.memberships_per_gemeente().mean() if len(ctx.reg.gemeenten) else 0.0
    st.markdown(
        "**Wat er niet in zit.** OpenGR is onvolledig (niet alle provincies leverden alles "
        "aan; verzoeken gingen niet naar gemeenten). Landelijk ging het om "
        f"{md(LANDELIJK_AANTAL)} samenwerkingen en gemiddeld {md(LANDELIJK_PER_GEMEENTE)} per "
        f"gemeente; deze laag telt er {len(ctx.reg.samenwerkingen)}, gemiddeld "
        f"{md(provenance.getal(round(gemiddeld, 1)))} per gemeente. "
        "Convenanten en netwerken buiten RegioAtlas ontbreken."
    )
    reg, rapport = ctx.reg, ctx.bouwrapport
    bron = reg.samenwerkingen["bron"].fillna("").astype(str)
    c = st.columns(4)
    c[0].metric("Gemeenten", len(reg.gemeenten))
    c[1].metric("Samenwerkingen", len(reg.samenwerkingen))
    c[2].metric("Uit OpenGR", int(bron.str.contains("OpenGR").sum()))
    c[3].metric("Deelnemersnamen herleid", pct(rapport.opgelost_aandeel))


def _bestanden(ctx: Context) -> None:
    """What is missing or unusable among the optional files of this layer."""
    data_dir = Path(ctx.src.data_dir)
    if not (data_dir / META_FILE).exists():
        st.info(
            f"Het bouwrapport ({md(META_FILE)}) ontbreekt: de dekking van de bronnen is "
            "onbekend. De rest van de kaartviewer werkt gewoon."
        )
    for problem in ctx.bouwrapport.problemen:
        st.warning(f"Bouwrapport ({md(META_FILE)}): {md(problem)}.", icon="⚠️")
    indelingen = (
        f"{HISTORIE_MAP}/{INDELINGEN_FILE}"
        if ctx.src.historisch and ctx.gemeente_indeling == "2016"
        else INDELINGEN_FILE
    )
    if not (data_dir / indelingen).exists():
        st.info(
            f"De regio-indelingen ({md(indelingen)}) ontbreken: regiogrenzen, "
            "congruentie en passing zijn niet beschikbaar."
        )


def _andere_laag(ctx: Context) -> None:
    """The findings of the other layer's files, folded away (loaded only here)."""
    if ctx.actueel:
        naam, other = "de historische laag 2016", ctx.src.on("2016", "2016")
    else:
        naam, other = "de laag van vandaag", ctx.src.on("actueel")
    with st.expander(f"Meldingen bij het laden van {md(naam)}"):
        try:
            report = data.registry(other)[1] if ctx.actueel else data.register_data(other)[1]
        except LoadError as exc:
            message = errors.without_paths(str(exc), ctx.src.data_dir)
            st.info(f"Deze laag is niet te laden: {md(message)}")
            return
        _meldingen(report, naam)


def _meldingen(report: ValidationReport, laag: str) -> None:
    st.markdown(f"**Validatie bij het laden ({md(laag)})**")
    rows = report.to_dict()["rijen"]
    st.dataframe(
        pd.DataFrame(
            [{"bestand": k, **v} for k, v in rows.items()],
            columns=["bestand", "in", "geladen", "afgewezen"],
        ),
        hide_index=True,
        width="stretch",
    )
    if not report.meldingen:
        st.success("Alle rijen en gemeenten zijn zonder fouten geladen.")
        return
    st.warning(
        f"{len(report.fouten)} fout(en) en {len(report.waarschuwingen)} "
        "waarschuwing(en): elke melding staat hieronder per bestand, met de regel of het "
        "feature; niets is stilzwijgend weggelaten."
    )
    per_file: dict[str, list] = {}
    for m in report.meldingen:
        per_file.setdefault(m.bestand, []).append(m)
    for bestand, meldingen in per_file.items():
        fouten = sum(m.ernst == "fout" for m in meldingen)
        st.markdown(
            f"**{md(bestand)}**: {int(fouten)} fout(en), "
            f"{int(len(meldingen) - fouten)} waarschuwing(en)"
        )
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "plaats": m.plaats,
                        "ernst": m.ernst,
                        "reden": m.reden,
                        "suggestie": m.suggestie,
                    }
                    for m in meldingen
                ]
            ),
            hide_index=True,
            width="stretch",
            height=min(400, 35 * (len(meldingen) + 1) + 3),
        )
