"""Everything shown is text: the safe-text helper, and a walk over every view that fails on
any Markdown-rendered string that lets a hostile name or link value through unescaped."""

from __future__ import annotations

import json
import re

import pytest
from conftest import REPO
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest
from ui_helpers import APOSTROPHE, PAYLOADS, shown, write_payload_data

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


# --- what counts as unsafe in a Markdown body ----------------------------------------------

_ESCAPED = re.compile(r"\\[!-/:-@\[-`{-~]")
_CONSTRUCTS = {
    "link": re.compile(r"\]\("),
    "image": re.compile(r"!\["),
    "latex": re.compile(r"\$"),
    "html": re.compile(r"<[A-Za-z/!?]"),
    "entity": re.compile(r"&(#\d+|#x[0-9A-Fa-f]+|[A-Za-z]\w*);"),
    "directive": re.compile(r":[A-Za-z][\w/-]*(\[|:)"),
}
_AUTOLINK = re.compile(rf"(?i)(?<!{WORD_JOINER})(https?:|www\.)|@(?!{WORD_JOINER})\w")


def unsafe(body: str) -> list[str]:
    """The Markdown constructs in ``body`` that would render as something other than text:
    links, images, LaTeX, HTML, entities, directives (after escaped characters are removed)
    and bare-URL autolinks (which the GFM autolinker finds even in escaped text)."""
    rest = _ESCAPED.sub("", body)
    found = [name for name, pat in _CONSTRUCTS.items() if pat.search(rest)]
    if _AUTOLINK.search(_unescape(body)):
        found.append("autolink")
    return found


def _unescape(body: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", body)


# --- the walk -------------------------------------------------------------------------------


def markdown_strings(at) -> list[tuple[str, str]]:
    """(element type, string) for every string Streamlit renders as Markdown: bodies of
    text elements and alerts, labels and help of widgets, metrics and tabs, radio options
    and every cell of ``st.table``."""
    out: list[tuple[str, str]] = []

    def visit(node) -> None:
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", type(node).__name__)
        if proto is not None and hasattr(proto, "DESCRIPTOR"):
            names = {f.name for f in proto.DESCRIPTOR.fields}
            for field in ("body", "label", "help"):
                if field in names and isinstance(getattr(proto, field), str):
                    out.append((kind, getattr(proto, field)))
            if kind == "radio":
                out.extend((kind, o) for o in proto.options)
            for block in ("tab", "expandable"):
                if block in names and proto.HasField(block):
                    out.append((block, getattr(proto, block).label))
        if kind == "table":
            df = node.value
            cells = [*map(str, df.columns), *map(str, df.index)]
            cells += [str(v) for v in df.to_numpy().ravel()]
            out.extend(("table", c) for c in cells)
        for child in getattr(node, "children", {}).values():
            visit(child)

    visit(at._tree)
    return out


def component_args(at) -> list[str]:
    out = []

    def visit(node) -> None:
        proto = getattr(node, "proto", None)
        if getattr(node, "type", "") == "component_instance" and proto is not None:
            out.append(proto.json_args)
        for child in getattr(node, "children", {}).values():
            visit(child)

    visit(at._tree)
    return out


def assert_only_text(at) -> None:
    """No Markdown string lets a construct through; a payload that is on screen is there
    in its escaped form; the map's HTML carries no raw tag from the data."""
    assert not at.exception, [e.value for e in at.exception]
    strings = markdown_strings(at)
    assert strings, "nothing rendered"
    for kind, body in strings:
        bad = unsafe(body)
        assert not bad, f"{kind}: {bad} in {body!r}"
        for payload in PAYLOADS.values():
            if payload in shown(body):
                assert md(payload) in body, f"{kind}: {payload!r} not escaped in {body!r}"
    for args in component_args(at):
        assert "<img src=x" not in json.loads(args).get("script", args)


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
    PAYLOADS["link"]: "x",  # an unknown parameter name is quoted too
}


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"gemeente": "GM0002", "grenzen": "ggd"},
        {"samenwerking": "s1"},
        {"weergave": "verbanden"},
        {"weergave": "analyse"},
        {"weergave": "data"},
        CRAFTED,
        {"gemeente_indeling": "2025", "gemeente": "GM0100"},
        {"gemeente_indeling": "2025", "weergave": "analyse", "samenwerking": "s5"},
    ],
    ids=[
        "overzicht",
        "gemeente+grenzen",
        "samenwerking",
        "verbanden",
        "analyse",
        "over-de-data",
        "crafted-link",
        "2025-gemeente",
        "2025-analyse",
    ],
)
def test_every_view_shows_names_and_link_values_as_text(run, params):
    at = run(**params)
    assert_only_text(at)
    if params is CRAFTED:
        warnings = " ".join(shown(w.value) for w in at.warning)
        assert PAYLOADS["link"] in warnings and PAYLOADS["latex"] in warnings


def test_names_reach_headings_and_search_literally(run):
    at = run(samenwerking="s3")
    assert shown(at.subheader[0].value) == PAYLOADS["latex"]
    at = run(gemeente="GM0002")
    assert shown(at.subheader[0].value) == PAYLOADS["link"]
    # Option labels and table cells are plain text: the raw name, not escaped twice.
    assert PAYLOADS["image"] in set(at.dataframe[0].value["naam"])
    at.sidebar.text_input(key=keys.ZOEK).input("hertogenbosch").run()
    labels = [shown(b.label) for b in at.sidebar.button]
    assert f"Gemeente: {APOSTROPHE}" in labels
    assert_only_text(at)
    opts = at.sidebar.multiselect(key=keys.F_PROVINCIE).options
    assert PAYLOADS["image"] in opts


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
