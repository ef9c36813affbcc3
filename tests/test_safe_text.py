"""Everything shown is text: the safe-text helper, and a walk over every view that fails on
any Markdown-rendered string that lets a hostile name or link value through unescaped."""

from __future__ import annotations

import pytest
from conftest import REPO
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest
from ui_helpers import (
    APOSTROPHE,
    PAYLOADS,
    assert_only_text,
    shown,
    unsafe,
    write_payload_data,
)

from kaartviewer.ui import keys
from kaartviewer.ui.safe import WORD_JOINER, md, plain, shorten

# --- the helper ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", [*PAYLOADS.values(), APOSTROPHE, "a\\b", "1. lijst", "# kop"])
def test_md_renders_the_literal_value(value):
    out = md(value)
    assert shown(out) == value
    assert not unsafe(out), unsafe(out)


def test_md_does_not_double_escape_an_apostrophe_or_entity():
    # An apostrophe stays one character (no &#x27;), and a literal entity stays literal.
    assert md(APOSTROPHE) == "\\'s\\-Hertogenbosch"
    assert "&#x27;" not in md(APOSTROPHE)
    assert shown(md("&#x27;")) == "&#x27;" and md("&#x27;").startswith("\\&")


def test_md_breaks_autolinks_and_flattens_lines():
    out = md("https://evil.example\nwww.evil.example mail@evil.example")
    assert "\n" not in out
    assert f"{WORD_JOINER}https" in out and f"{WORD_JOINER}www" in out
    assert f"@{WORD_JOINER}" in out


def test_md_of_missing_values():
    assert md(None) == "" and md(float("nan")) == "" and md(3) == "3"
    assert plain("a\nb") == "a b" and shorten("x" * 200, 10) == "x" * 9 + "…"
    assert plain("abc\u202edcba") == "abc dcba"  # no right-to-left override


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters=WORD_JOINER),
    max_size=60,
)


@given(_TEXT)
def test_md_round_trips_and_is_always_safe(value):
    out = md(value)
    assert shown(out) == plain(value)
    assert not unsafe(out)


@pytest.fixture(scope="module")
def payload_dir(tmp_path_factory):
    return write_payload_data(tmp_path_factory.mktemp("payload") / "data")


@pytest.fixture
def run(payload_dir, monkeypatch):
    monkeypatch.setenv("KAARTVIEWER_DATA", str(payload_dir))

    def make(**params):
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
        for k, v in params.items():
            at.query_params[k] = v
        return at.run()

    return make


CRAFTED = {
    "gemeente": PAYLOADS["link"],
    "samenwerking": PAYLOADS["image"],
    "grenzen": PAYLOADS["latex"],
    "onderwerp": PAYLOADS["html"] + "," + PAYLOADS["entity"],
    "weergave": PAYLOADS["directive"],
    "provincie": PAYLOADS["autolink"],
    "peildatum": PAYLOADS["html"],
    "van": PAYLOADS["image"],
    "onderdeel": PAYLOADS["entity"],
    "indeling_a": PAYLOADS["directive"],
    "gemeente_b": PAYLOADS["html"],
    PAYLOADS["link"]: "x",  # an unknown parameter name is quoted too
}
CRAFTED_LAAG = {"laag": PAYLOADS["latex"], "gemeente_indeling": PAYLOADS["link"]}

VIEWS = {
    "overzicht": {},
    "gemeente+grenzen": {"gemeente": "GM0100", "grenzen": "ggd"},
    "samenwerking-register": {"samenwerking": "s1"},
    "verbanden": {"weergave": "verbanden"},
    "analyse": {"weergave": "analyse"},
    "analyse-overlap": {"weergave": "analyse", "onderdeel": "overlap"},
    "analyse-natuurlijk": {"weergave": "analyse", "onderdeel": "natuurlijk"},
    "catalogus": {"weergave": "catalogus"},
    "catalogus-samenwerking": {"weergave": "catalogus", "samenwerking": "s1"},
    "vergelijk": {
        "weergave": "vergelijk",
        "indeling_a": "ggd",
        "indeling_b": "provincie",
        "gemeente_a": "GM0100",
        "gemeente_b": "GM0003",
    },
    "over-de-data": {"weergave": "data"},
    "wijzigingen-gemeente": {"weergave": "wijzigingen", "gemeente": "GM0100"},
    "wijzigingen-lagen": {"weergave": "wijzigingen", "vergelijking": "lagen", "gemeente": "GM0100"},
    "peildatum-onvolledig": {"peildatum": "2020-06-01", "gemeente": "GM0100"},
    "crafted-link": CRAFTED,
    "crafted-laag": CRAFTED_LAAG,
    "2016-gemeente": {"laag": "2016", "gemeente": "GM0002", "grenzen": "ggd"},
    "2016-samenwerking": {"laag": "2016", "samenwerking": "s1"},
    "2016-over-de-data": {"laag": "2016", "weergave": "data"},
    "2016-op-2025-gemeente": {"laag": "2016", "gemeente_indeling": "2025", "gemeente": "GM0100"},
    "2016-op-2025-analyse": {
        "laag": "2016",
        "gemeente_indeling": "2025",
        "weergave": "analyse",
        "samenwerking": "s5",
    },
}


@pytest.mark.parametrize("params", list(VIEWS.values()), ids=list(VIEWS))
def test_every_view_shows_names_and_link_values_as_text(run, params):
    at = run(**params)
    assert_only_text(at)
    warnings = " ".join(shown(w.value) for w in at.warning)
    if params is CRAFTED:
        assert PAYLOADS["link"] in warnings and PAYLOADS["latex"] in warnings
        assert PAYLOADS["html"] in warnings  # the peildatum, quoted as text
    if params is CRAFTED_LAAG:
        assert PAYLOADS["latex"] in warnings and PAYLOADS["link"] in warnings


def test_names_reach_headings_and_search_literally(run):
    at = run(samenwerking="s3")
    assert shown(at.header[0].value) == PAYLOADS["latex"]
    at = run(laag="2016", gemeente="GM0002")
    assert shown(at.header[0].value) == PAYLOADS["link"]
    # Option labels and table cells are plain text: the raw name, not escaped twice.
    assert PAYLOADS["image"] in set(at.dataframe[0].value["naam"])
    at.sidebar.text_input(key=keys.ZOEK).input("hertogenbosch").run()
    labels = [shown(b.label) for b in at.sidebar.button]
    assert f"Gemeente: {APOSTROPHE}" in labels
    assert_only_text(at)
    opts = at.sidebar.multiselect(key=keys.F_PROVINCIE).options
    assert PAYLOADS["image"] in opts


def test_register_text_and_links_from_data_stay_text(run):
    """The register's doel, bronhouder, afkorting and a predecessor's name are text; a
    ``javascript:`` or ``data:`` link from the data becomes no link at all."""
    at = run(samenwerking="s1")
    said = "\n".join(shown(m.value) for m in [*at.markdown, *at.caption])
    assert PAYLOADS["link"] + " " + PAYLOADS["latex"] in said  # the doel, literally
    assert PAYLOADS["html"] in said and PAYLOADS["directive"] in said
    urls = [b.proto.url for b in at.link_button]
    assert urls == [
        "https://organisaties.overheid.nl/1/x?a=(b)",
        "https://lokaleregelgeving.overheid.nl/CVDR1/1",
    ]
    assert "javascript:alert(1)" in said and "geen geldige http(s)-link" in said
    members = next(d.value for d in at.dataframe if "via" in d.value.columns)
    assert f"{APOSTROPHE}, {PAYLOADS['link']}" in set(members["via"])
    assert_only_text(at)


# --- and statically: no Markdown-rendering call gets text that did not pass md() ----------

_MARKDOWN_CALLS = {
    "markdown", "caption", "title", "header", "subheader", "warning", "info", "error",
    "success", "toast", "write", "button", "download_button", "metric", "tabs", "expander",
    "text_input", "selectbox", "multiselect", "radio", "slider", "checkbox", "segmented_control",
}  # fmt: skip
_SAFE_CALLS = {"md", "num", "pct", "int", "len", "round", "list"}


def _safe(node) -> bool:
    import ast

    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Name):
        return node.id.isupper()  # module constants (literal text)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id in _SAFE_CALLS
    if isinstance(node, ast.JoinedStr):
        return all(
            isinstance(v, ast.Constant)
            or (isinstance(v, ast.FormattedValue) and (v.format_spec or _safe(v.value)))
            for v in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _safe(node.left) and _safe(node.right)
    if isinstance(node, ast.IfExp):
        return _safe(node.body) and _safe(node.orelse)
    if isinstance(node, (ast.List, ast.Tuple)):
        return all(_safe(e) for e in node.elts)
    return False


def test_no_markdown_call_takes_unescaped_text():
    """Every call that renders Markdown gets literal text, numbers or ``md(...)`` as its
    body/label (``help`` too); anything else must go through ``md`` first."""
    import ast

    offenders = []
    for path in sorted((REPO / "kaartviewer" / "ui").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in _MARKDOWN_CALLS
                and (node.args or node.keywords)
            ):
                continue
            if isinstance(node.func.value, ast.Name) and node.func.value.id == "log":
                continue  # the server log, not the page
            shown_args = node.args[:1] + [
                k.value for k in node.keywords if k.arg in ("body", "label", "help")
            ]
            for arg in shown_args:
                if not _safe(arg):
                    offenders.append(f"{path.name}:{node.lineno}: {ast.unparse(arg)[:70]}")
    assert not offenders, "\n".join(offenders)
