"""The "Over de data" view: sources, peildatum, coverage and every finding of the loader."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from kaartviewer import provenance
from kaartviewer.load import INDELINGEN_FILE, META_FILE
from kaartviewer.ui.context import Context
from kaartviewer.ui.safe import md
from kaartviewer.ui.widgets import pct, static_table
from kaartviewer.validation import ValidationReport

#: National figures the registry is measured against (literature; see README).
LANDELIJK_AANTAL = "zo'n 1.200"
LANDELIJK_PER_GEMEENTE = "27–30"


def render(ctx: Context) -> None:
    st.subheader("Over de data")
    _bronnen(ctx)
    _dekking(ctx)
    _meldingen(ctx.report)
    st.markdown(
        "**Gemeenten van nu (2025).** Met de keuze 'Gemeente-indeling 2025' ziet u dezelfde "
        "samenwerkingen op de gemeenten van 2025. Elke gemeente van 2016 is met de grenzen van "
        "2016 en 2025 (CBS) aan haar opvolger(s) gekoppeld door de vlakken over elkaar te "
        f"leggen: {md(provenance.herindeling_regel())}. Bij een gesplitste gemeente staat bij "
        "het lidmaatschap 'deels' met het aandeel van het gebied."
    )
    st.caption(
        "Hoe een samenwerking toe te voegen of te corrigeren staat in de README van het "
        "project; het bouwrapport (data/bouwrapport.md) noemt elke beslissing van de "
        f"bouwstap. Kaartgrenzen: {md(provenance.CBS_ATTRIBUTIE)} (CC-BY 4.0)."
    )


def _bronnen(ctx: Context) -> None:
    st.markdown(f"**Bronnen.** {md(provenance.voorbehoud(ctx.peildatum))}")
    # A static table wraps the long descriptions (few rows, all visible at once).
    static_table(pd.DataFrame(provenance.bronnen_tabel()).set_index("bron"))
    gemiddeld = ctx.reg.memberships_per_gemeente().mean() if len(ctx.reg.gemeenten) else 0.0
    st.markdown(
        "**Wat er niet in zit.** OpenGR is onvolledig (niet alle provincies leverden alles "
        "aan; verzoeken gingen niet naar gemeenten). Landelijk gaat het om "
        f"{md(LANDELIJK_AANTAL)} samenwerkingen en gemiddeld {md(LANDELIJK_PER_GEMEENTE)} per "
        f"gemeente; dit register telt er {len(ctx.reg.samenwerkingen)}, gemiddeld "
        f"{md(provenance.getal(round(gemiddeld, 1)))} per gemeente. "
        "Convenanten en netwerken buiten RegioAtlas ontbreken."
    )


def _dekking(ctx: Context) -> None:
    reg, rapport = ctx.reg, ctx.bouwrapport
    bron = reg.samenwerkingen["bron"].fillna("").astype(str)
    c = st.columns(4)
    c[0].metric("Gemeenten", len(reg.gemeenten))
    c[1].metric("Samenwerkingen", len(reg.samenwerkingen))
    c[2].metric("Uit OpenGR", int(bron.str.contains("OpenGR").sum()))
    c[3].metric("Deelnemersnamen herleid", pct(rapport.opgelost_aandeel))
    data_dir = Path(ctx.src.data_dir)
    if not (data_dir / META_FILE).exists():
        st.info(
            f"Het bouwrapport ({md(META_FILE)}) ontbreekt: de dekking van de bronnen is "
            "onbekend. De rest van de kaartviewer werkt gewoon."
        )
    for problem in rapport.problemen:
        st.warning(f"Bouwrapport ({md(META_FILE)}): {md(problem)}.", icon="⚠️")
    if not (data_dir / INDELINGEN_FILE).exists():
        st.info(
            f"De regio-indelingen ({md(INDELINGEN_FILE)}) ontbreken: regiogrenzen, "
            "congruentie en passing zijn niet beschikbaar."
        )


def _meldingen(report: ValidationReport) -> None:
    st.markdown("**Validatie bij het laden**")
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
