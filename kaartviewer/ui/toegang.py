"""Accessibility, the phone layout and navigation: what the page adds around its views.

- ``inject`` puts one invisible block at the top of every run: the document language
  (Streamlit's page says ``<html lang="en">`` and has no option for it), caption contrast
  and the phone layout (CSS media queries). The block is the same in every run, so it never
  shifts the elements after it (a moved element, such as the map, would be rebuilt).
- Back and Forward: Streamlit itself pushes a browser-history entry whenever the script
  changes the query parameters, and on Back/Forward it reruns the script with the URL of
  that entry (``is_history_navigation``). The page then re-reads its state from the URL
  (``herlees_url``) instead of writing the old state back over it.
- "Terug": a small stack of the views left behind (in session state). The button returns
  to the previous one, like Back, but inside the page and with its name on the button.
"""

from __future__ import annotations

import json

import streamlit as st

from kaartviewer.ui import keys
from kaartviewer.ui.safe import md

#: Below this width (CSS px) the page is a phone page: list first, a shorter map.
SMAL_PX = 700
#: How many views "Terug" remembers.
STAPEL_MAX = 30
#: The query parameters that say *where* one is (a change of filters alone is no new view).
PLAATS_PARAMETERS = (
    "weergave",
    "gemeente",
    "samenwerking",
    "laag",
    "gemeente_indeling",
    "peildatum",
)

#: Every st_folium map is an iframe served from this component path (its title may change).
_MAP_IFRAME = 'iframe[src*="streamlit_folium"]'

_CSS = f"""
/* This block itself takes no room. */
[data-testid="stElementContainer"]:has(#kv-toegang) {{ display: none; }}
/* The navigation's place while the map is drawn first (kaartviewer.ui.kaart.kaart_eerst). */
.st-key-kv-weergave {{ min-height: 2rem; }}
/* Captions: Streamlit draws them at 60 % opacity, 3.9:1 on white; at 80 % they read
   7.0:1 on white and 6.2:1 on the grey sidebar (WCAG AA asks 4.5:1). */
[data-testid="stCaptionContainer"] {{ opacity: 0.8; }}
@media (max-width: {SMAL_PX}px) {{
  /* Phone: the panel first, the map after it; the row is stacked. */
  [data-testid="stHorizontalBlock"]:has({_MAP_IFRAME}) {{ flex-direction: column; }}
  [data-testid="stHorizontalBlock"]:has({_MAP_IFRAME}) > [data-testid="stColumn"] {{
    width: 100% !important; flex: 1 1 auto !important; min-width: 0;
  }}
  [data-testid="stHorizontalBlock"]:has({_MAP_IFRAME})
    > [data-testid="stColumn"]:has({_MAP_IFRAME}) {{ order: 2; }}
  /* A shorter map, so there is page left to scroll with (one finger scrolls the page;
     maps.PhoneGestures leaves panning and zooming to two fingers). */
  {_MAP_IFRAME} {{ height: min(50vh, 420px) !important; }}
  /* Figures and export buttons two or three to a row, not one per screen line. */
  [data-testid="stHorizontalBlock"]:not(:has([data-testid="stHorizontalBlock"])):is(
    :has([data-testid="stMetric"]), :has([data-testid="stDownloadButton"])) {{
    flex-direction: row; flex-wrap: wrap;
  }}
  [data-testid="stHorizontalBlock"]:not(:has([data-testid="stHorizontalBlock"])):is(
    :has([data-testid="stMetric"]), :has([data-testid="stDownloadButton"]))
    > [data-testid="stColumn"] {{
    min-width: calc(33% - 1rem) !important; flex: 1 1 calc(33% - 1rem) !important;
    width: auto !important;
  }}
  /* The page title on three lines pushed everything down a screen. */
  h1 {{ font-size: 1.75rem !important; }}
  [data-testid="stMainBlockContainer"] {{ padding-top: 3.5rem; }}
}}
"""

#: Streamlit's own words on the page (placeholders, screen-reader labels, tooltips and a few
#: texts), which it offers no setting for, in Dutch. Exact strings, as Streamlit 1.67 writes
#: them; one it changes simply stays English until added here (tests/test_browser_toegang.py
#: fails on the ones it knows).
NEDERLANDS = {
    "Choose an option": "Kies een optie",
    "Choose options": "Kies opties",
    "Choose date": "Kies een datum",
    "Choose a date": "Kies een datum",
    "Open": "Openen",
    "Close": "Sluiten",
    "Search": "Zoeken",
    "Clear all": "Alles wissen",
    "Clear value": "Waarde wissen",
    "Show/hide columns": "Kolommen tonen of verbergen",
    "Download as CSV": "Downloaden als CSV",
    "Download as PNG": "Downloaden als PNG",
    "Download as SVG": "Downloaden als SVG",
    "Copy Vega-Lite spec": "Vega-Lite-specificatie kopiëren",
    "Show data": "Gegevens tonen",
    "Fullscreen": "Volledig scherm",
    "Close fullscreen": "Volledig scherm sluiten",
    "Exit fullscreen": "Volledig scherm sluiten",
    "Show password": "Wachtwoord tonen",
    "Hide password": "Wachtwoord verbergen",
    "Stop": "Stoppen",
    "Upload": "Uploaden",
    "Copy to clipboard": "Naar het klembord kopiëren",
    "file upload": "bestand kiezen",
}
#: Whole texts Streamlit writes on the page. Only phrases no data value would be: a text
#: node that is exactly "Open" may be a samenwerking's name, an attribute rarely is.
NEDERLANDS_TEKST = {
    "No results": "Geen resultaten",
    "Running...": "Bezig…",
    "Drag and drop file here": "Sleep een bestand hierheen",
    "Drag and drop files here": "Sleep bestanden hierheen",
    "Browse files": "Bestand kiezen",
    "Press Enter to apply": "Druk op Enter om toe te passen",
    "Press Enter to submit form": "Druk op Enter om het formulier te versturen",
}
#: Texts inside Streamlit's file-upload box only (a lone "Upload" elsewhere may be data).
NEDERLANDS_UPLOAD = {"Upload": "Bestand kiezen", "Browse files": "Bestand kiezen"}
#: Streamlit's words with a variable part: (prefix in English, prefix in Dutch).
NEDERLANDS_BEGIN = (("Help for ", "Uitleg bij "),)

# Streamlit renders the page into index.html with lang="en" and offers no setting; set the
# language once the page runs, and keep it if anything resets it. Its own words (above) are
# put in Dutch as they appear: attributes and text nodes, on every change of the page.
_SCRIPT = (
    """
(function () {
  var root = document.documentElement;
  function nl() { if (root.lang !== "nl") root.lang = "nl"; }
  nl();
  if (!window.__kvLang) {
    window.__kvLang = new MutationObserver(nl);
    window.__kvLang.observe(root, { attributes: true, attributeFilter: ["lang"] });
  }
  if (window.__kvWoorden) return;
  var W = """
    + json.dumps(NEDERLANDS, ensure_ascii=True)
    + """, T = """
    + json.dumps(NEDERLANDS_TEKST, ensure_ascii=True)
    + """, U = """
    + json.dumps(NEDERLANDS_UPLOAD, ensure_ascii=True)
    + """, B = """
    + json.dumps(NEDERLANDS_BEGIN, ensure_ascii=True)
    + r""";
  var ATTR = ["aria-label", "placeholder", "title"];
  var heeft = Object.prototype.hasOwnProperty;
  function vertaal(t, W) {
    if (!t) return null;
    var k = t.trim();
    if (heeft.call(W, k)) return t.replace(k, W[k]);
    for (var i = 0; i < B.length; i++) {
      if (k.indexOf(B[i][0]) === 0) return t.replace(B[i][0], B[i][1]);
    }
    return null;
  }
  // Streamlit's own upload limit is not the app's (the label states that): name the file
  // types only.
  function limiet(t) {
    var m = /^(?:Limit )?\d+\s?MB per file(?:\s*•\s*(.*))?$/.exec((t || "").trim());
    return m ? (m[1] ? "Bestandstypen: " + m[1] : "") : null;
  }
  function element(e) {
    for (var i = 0; i < ATTR.length; i++) {
      var v = e.getAttribute(ATTR[i]), n = vertaal(v, W);
      if (n !== null && n !== v) e.setAttribute(ATTR[i], n);
    }
  }
  function tekst(t) {
    var p = t.parentElement;
    var upload = p && p.closest("[data-testid=stFileUploaderDropzone]");
    var n = vertaal(t.nodeValue, upload ? U : T);
    if (n !== null && n !== t.nodeValue) t.nodeValue = n;
  }
  // The upload box's limit line is several text nodes ("200", "MB per file • ", …): it is
  // read whole and written into its first node (the nodes stay, for React).
  function uploadregels() {
    var es = document.querySelectorAll("[data-testid=stFileUploaderDropzoneInstructions] span");
    for (var i = 0; i < es.length; i++) {
      var n = limiet(es[i].textContent);
      if (n === null || n === es[i].textContent) continue;
      var w = document.createTreeWalker(es[i], NodeFilter.SHOW_TEXT), eerste = true;
      while (w.nextNode()) { w.currentNode.nodeValue = eerste ? n : ""; eerste = false; }
    }
  }
  function boom(node) {
    if (node.nodeType === 3) { tekst(node); return; }
    if (node.nodeType !== 1) return;
    element(node);
    var es = node.querySelectorAll("[aria-label],[placeholder],[title]");
    for (var i = 0; i < es.length; i++) element(es[i]);
    var w = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    while (w.nextNode()) tekst(w.currentNode);
  }
  boom(document.body);
  uploadregels();
  window.__kvWoorden = new MutationObserver(function (ms) {
    for (var i = 0; i < ms.length; i++) {
      var m = ms[i];
      if (m.type === "attributes") element(m.target);
      else if (m.type === "characterData") tekst(m.target);
      else for (var j = 0; j < m.addedNodes.length; j++) boom(m.addedNodes[j]);
    }
    uploadregels();
  });
  window.__kvWoorden.observe(document.body, {
    subtree: true, childList: true, characterData: true,
    attributes: true, attributeFilter: ATTR
  });
})();
"""
)


#: The one piece of raw HTML the page sends: fixed text from this module, no data in it
#: (``tests/ui_helpers.py`` lets exactly this block through its Markdown check).
BLOK = f'<style id="kv-toegang">{_CSS}</style><script>{_SCRIPT}</script>'


def inject() -> None:
    """The invisible block with the page language and the page CSS; call once per run,
    always at the same place (before anything that varies)."""
    st.html(BLOK, unsafe_allow_javascript=True)


# --- Back / Forward ---------------------------------------------------------------------------


def history_navigation() -> bool:
    """Whether this run was started by the browser's Back or Forward button."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return bool(getattr(ctx, "is_history_navigation", False))


def herlees_url() -> bool:
    """Whether the page must read its state from the URL again in this run: after Back or
    Forward, or after "Terug" (which put the earlier view's parameters in the URL)."""
    ss = st.session_state
    doel = ss.pop(keys.TERUG_DOEL, None)
    if doel is not None:
        st.query_params.from_dict(doel)
        return True
    return history_navigation()


# --- Terug -----------------------------------------------------------------------------------


def plaats(params: dict[str, str]) -> tuple:
    """The part of a view's parameters that says where one is."""
    return tuple(params.get(k) for k in PLAATS_PARAMETERS)


def volgende_stapel(
    stapel: list[tuple[dict, str]],
    vorige: tuple[dict, str] | None,
    params: dict[str, str],
    teruggekeerd: bool = False,
) -> list[tuple[dict, str]]:
    """The "Terug" stack after a run that shows ``params`` (pure, for tests).

    The stack is the path that led here: moving to another place puts the previous view
    (``vorige``) on it; arriving at a place that is on it (with Back, say) cuts the path
    back to there; a run started by "Terug" (which took the top off) adds nothing. So
    "Terug" never bounces between two views."""
    hier = plaats(params)
    if vorige is None or plaats(vorige[0]) == hier or teruggekeerd:
        return list(stapel)
    for i, (p, _) in enumerate(stapel):
        if plaats(p) == hier:
            return list(stapel[:i])
    return [*stapel, vorige][-STAPEL_MAX:]


def onthoud(params: dict[str, str], naam: str) -> None:
    """Record the view this run shows (its URL parameters and a name for the button)."""
    ss = st.session_state
    ss[keys.TERUG_STAPEL] = volgende_stapel(
        ss.get(keys.TERUG_STAPEL) or [],
        ss.get(keys.TERUG_VORIGE),
        params,
        ss.pop(keys.TERUG_BEZIG, False),
    )
    ss[keys.TERUG_VORIGE] = (dict(params), naam)


def _terug() -> None:
    """Callback of "Terug": reopen the previous view (its parameters go into the URL at the
    start of the next run, see ``herlees_url``)."""
    ss = st.session_state
    stapel = list(ss.get(keys.TERUG_STAPEL) or [])
    if stapel:
        params, _ = stapel.pop()
        ss[keys.TERUG_STAPEL] = stapel
        ss[keys.TERUG_DOEL] = params
        ss[keys.TERUG_BEZIG] = True


def terug_knop() -> None:
    """The "Terug" button, when there is a view to return to. Draw it inside a container
    that is always there, so its coming and going does not move what follows."""
    stapel = st.session_state.get(keys.TERUG_STAPEL) or []
    if not stapel:
        return
    naam = stapel[-1][1]
    st.button(
        f"Terug naar {md(naam)}",
        icon=":material/arrow_back:",
        on_click=_terug,
        key="terug-vorige",
        help="Terug naar de vorige weergave (zoals de terugknop van de browser).",
    )
