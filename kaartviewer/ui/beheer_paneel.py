"""What the kaart view's samenwerking panel says about aanvullingen: herkomst, fase,
who sits at the table, and the way to the history and to "Meld een correctie".

The values come from the merged registry (``publiceren.met_aanvullingen``: the columns
``aanvulling_herkomst``, ``fase``, ``start``, ``einde``, ``aanvulling_vorm`` and ``meta['bestuurders']``);
a registry without a store has none of them and the panel then draws only the buttons.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kaartviewer.beheer.publiceren import BRON_AANVULLING
from kaartviewer.schema import AANVULLING_VORMEN, FASEN
from kaartviewer.ui import keys
from kaartviewer.ui.beheer_velden import waarde_tekst
from kaartviewer.ui.context import Context
from kaartviewer.ui.safe import md, safe_url, url_host

#: Columns of the bestuurders table in the panel (plain text cells).
BESTUURDER_KOLOMMEN = {
    "naam": "naam",
    "functie": "functie",
    "orgaan": "orgaan",
    "namens": "namens",
    "portefeuille": "portefeuille",
    "vanaf": "vanaf",
    "tot": "tot",
}


def is_aanvulling(s: pd.Series) -> bool:
    """A samenwerking no register holds (added through beheer)."""
    return str(s.get("bron", "")) == BRON_AANVULLING


def _tekst(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def bestuurders_van(ctx: Context, sid: str) -> pd.DataFrame:
    """The published bestuurders at the table of ``sid`` (empty without a store)."""
    frame = ctx.reg.meta.get("bestuurders")
    if not isinstance(frame, pd.DataFrame) or not len(frame):
        return pd.DataFrame(columns=list(BESTUURDER_KOLOMMEN))
    rows = frame[frame["samenwerking"] == sid]
    namen = ctx.reg.gemeenten["gemeentenaam"]
    out = pd.DataFrame(
        {
            "naam": [_tekst(v) for v in rows["naam"]],
            "functie": [waarde_tekst("functie", v) for v in rows["functie"]],
            "orgaan": [waarde_tekst("orgaan", v) for v in rows["orgaan"]],
            "namens": [
                str(namen.get(c, c)) if _tekst(c) else _tekst(p)
                for c, p in zip(rows["gemeentecode"], rows["partij"], strict=True)
            ],
            "portefeuille": [_tekst(v) for v in rows["portefeuille"]],
            "vanaf": [waarde_tekst("vanaf", v) for v in rows["vanaf"]],
            "tot": [waarde_tekst("tot", v) for v in rows["tot"]],
        }
    )
    return out


def render(ctx: Context, sid: str) -> None:
    """Herkomst, fase and bestuurders of one samenwerking, and the beheer buttons."""
    s = ctx.reg.samenwerkingen.loc[sid]
    herkomst = _tekst(s.get("aanvulling_herkomst"))
    fase = _tekst(s.get("fase"))
    vorm = _tekst(s.get("aanvulling_vorm"))
    regels = []
    if vorm:
        regels.append(f"vorm {AANVULLING_VORMEN.get(vorm, vorm)}")
    if fase:
        regels.append(f"fase {FASEN.get(fase, fase)}")
    for veld, wat in (("start", "sinds"), ("einde", "tot")):
        if _tekst(s.get(veld)):
            regels.append(f"{wat} {waarde_tekst(veld, s.get(veld))}")
    if regels:
        st.markdown(md(" · ".join(regels).capitalize()))
    if herkomst:
        st.caption(f"Herkomst: {md(herkomst)}")
    if is_aanvulling(s):
        _website(s)
    tafel = bestuurders_van(ctx, sid)
    if len(tafel):
        st.markdown(f"**Aan tafel ({len(tafel)} bestuurder(s))**")
        st.dataframe(tafel, hide_index=True, width="stretch")
    c = st.columns(2)
    c[0].button(
        "Geschiedenis",
        key=f"beheer-paneel-geschiedenis-{sid}",
        on_click=_naar_beheer,
        args=("geschiedenis", sid),
        help="Elke aanvulling en correctie op deze samenwerking: wie, wanneer, wat, waarom.",
        width="stretch",
    )
    c[1].button(
        "Meld een correctie",
        key=f"beheer-paneel-melden-{sid}",
        on_click=_naar_beheer,
        args=("melden", sid),
        width="stretch",
    )


def _website(s: pd.Series) -> None:
    """An aanvulling's website: a link only when it is a plain http(s) URL."""
    raw = _tekst(s.get("website"))
    url = safe_url(raw)
    if url:
        st.link_button(f"Website ({md(url_host(url))})", url)
    elif raw:
        st.caption(f"Website: {md(raw)} (geen geldige http(s)-link)")


def _naar_beheer(onderdeel: str, sid: str) -> None:
    """Open the beheer view on ``onderdeel`` for this samenwerking."""
    ss = st.session_state
    ss[keys.WEERGAVE] = "beheer"
    # The panel lives in the kaart fragment, whose click reruns only the fragment: ask it to
    # rerun the whole page, or the view would not switch.
    ss[keys.NAAR_WEERGAVE] = True
    ss[keys.BEHEER_ONDERDEEL] = onderdeel
    ss[keys.GESCHIEDENIS_SAMENWERKING] = sid
    ss[keys.beheer_veld("melding", "samenwerking")] = sid
