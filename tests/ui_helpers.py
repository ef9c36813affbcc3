"""Helpers for the UI tests: what a reader sees of Markdown, and data with hostile names."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from fixtures import GEMEENTEN, SAMENWERKINGEN, square, write_data

from kaartviewer.ui import toegang
from kaartviewer.ui.safe import WORD_JOINER, md, safe_url

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown(markdown: str) -> str:
    """The text a reader sees of Markdown written by ``safe.md`` (escapes resolved)."""
    return _ESCAPE.sub(r"\1", str(markdown)).replace(WORD_JOINER, "")


def texts(at) -> str:
    """Everything the page says in Markdown elements, as read on screen."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [h.value for h in at.title] + [h.value for h in at.header]
    parts += [a.value for kind in ("error", "warning", "info", "success") for a in at.get(kind)]
    return "\n".join(shown(p) for p in parts)


#: Hostile names: Markdown links and images, LaTeX, HTML, entities, directives, autolinks.
PAYLOADS = {
    "link": "[Klik hier om opnieuw in te loggen](https://evil.example/login)",
    "image": "![x](http://evil.example/x.png)",
    "latex": "$\\rule{3000px}{3000px}$",
    "html": "<img src=x onerror=alert(1)>",
    "entity": "&#x27;s-Hertogenbosch &amp; co",
    "directive": ":red[rood] :material/home: **vet** `code`",
    "autolink": "zie https://evil.example/a of www.evil.example of info@evil.example",
}
APOSTROPHE = "'s-Hertogenbosch"


def write_payload_data(root: Path) -> Path:
    """The fixture data (both layers) with a hostile name in every place a name can come
    from (gemeente, provincie, samenwerking, overige deelnemer, regio-indeling, regio, the
    register's doel, bronhouder, afkorting, titel, website and instellingsbesluiten, a
    predecessor's name), and Alfa and Bergen (NH.) merged today into a gemeente with a
    hostile name (GM0100), reached from the 2016 layer through the crosswalk."""
    rows = [
        ("s1", PAYLOADS["link"], "openbaar_lichaam", "afval", "GM0001;GM0002;GM0005"),
        ("s2", PAYLOADS["image"], "wgr_onbekend", "belastingen", "GM0001;GM0002"),
        ("s3", PAYLOADS["latex"], "wettelijke_regio", "gezondheid", "GM0003;GM0004;GM0006"),
        ("s4", PAYLOADS["html"], "wgr_onbekend", "afval", "GM0003;GM0004;GM0006"),
        ("s5", PAYLOADS["entity"], "netwerk", "regionaal", "GM0002;GM0003"),
        ("s6", PAYLOADS["directive"], "netwerk", "overig", "GM0004;GM0006"),
    ]
    write_data(root, rows, extra_overige={"s1": "overig:" + PAYLOADS["autolink"]})
    for layer in (root, root / "2016"):
        _rename(layer / "gemeenten.geojson", NAMES, PROVINCIENAMEN)
        _rewrite(layer / "indelingen.csv", _hostile_regions)
    _rewrite(root / "samenwerkingen.csv", _hostile_register)
    _rewrite(root / "versies.csv", lambda r: {**r, "titel": PAYLOADS["html"] + " " + r["titel"]})
    _merge_today(root)
    return root


NAMES = {
    "GM0001": APOSTROPHE,
    "GM0002": PAYLOADS["link"],
    "GM0003": PAYLOADS["latex"],
    "GM0004": PAYLOADS["html"],
}
PROVINCIENAMEN = {"PV01": PAYLOADS["image"], "PV02": PAYLOADS["directive"]}
MERGED = ("GM0100", PAYLOADS["link"] + " 2025")


def _hostile_regions(r: dict) -> dict:
    return {
        **r,
        "regio_indeling_naam": PAYLOADS["autolink"]
        if r["regio_indeling"] == "ggd"
        else r["regio_indeling_naam"],
        "regio": PAYLOADS["entity"] if r["regio"] == "Noord" else r["regio"],
    }


def _hostile_register(r: dict) -> dict:
    return {
        **r,
        "afkorting": PAYLOADS["directive"],
        "doel": PAYLOADS["link"] + " " + PAYLOADS["latex"],
        "bevoegdheden": PAYLOADS["image"],
        "bronhouder": PAYLOADS["html"],
        "beleidsterreinen": PAYLOADS["entity"],
        "website": "javascript:alert(1)",
        "instellingsbesluiten": "https://lokaleregelgeving.overheid.nl/CVDR1/1;"
        + "javascript:alert(2);data:text/html,<script>alert(3)</script>",
        "register_url": "https://organisaties.overheid.nl/1/x?a=(b)",
        "regionaal_samenwerkingsorgaan": PAYLOADS["autolink"],
        "centrumgemeente": "GM0100" if r["id"] == "s1" else "",
    }


def _merge_today(root: Path) -> None:
    """Today's layer: GM0001 and GM0002 merged into GM0100 (memberships 'via' them)."""
    doc = json.loads((root / "gemeenten.geojson").read_text(encoding="utf-8"))
    feats = [
        f for f in doc["features"] if f["properties"]["gemeentecode"] not in ("GM0001", "GM0002")
    ]
    feats.insert(
        0,
        {
            "type": "Feature",
            "properties": {
                "gemeentecode": MERGED[0],
                "gemeentenaam": MERGED[1],
                "provinciecode": "PV01",
                "provincienaam": PROVINCIENAMEN["PV01"],
            },
            "geometry": square(5.0, 52.0, 0.2, 0.1),
        },
    )
    doc["features"] = feats
    (root / "gemeenten.geojson").write_text(json.dumps(doc), encoding="utf-8")

    def via(r: dict) -> dict:
        if r["gemeentecode"] in ("GM0001", "GM0002"):
            old = r["gemeentecode"]
            return {**r, "gemeentecode": MERGED[0], "via_code": old, "via_naam": NAMES[old]}
        return r

    _rewrite(root / "deelnemers.csv", via)
    _rewrite(
        root / "indelingen.csv",
        lambda r: (
            {**r, "gemeentecode": MERGED[0]} if r["gemeentecode"] in ("GM0001", "GM0002") else r
        ),
    )
    _dedupe(root / "indelingen.csv")
    with (root / "2016" / "herindeling_2016_2025.csv").open(
        "w", encoding="utf-8", newline=""
    ) as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(
            [
                "gemeentecode_oud",
                "gemeentenaam_oud",
                "gemeentecode_nieuw",
                "gemeentenaam_nieuw",
                "aandeel",
                "mutatie",
            ]
        )
        for c, n, *_ in GEMEENTEN:
            new = MERGED if c in ("GM0001", "GM0002") else (c, NAMES.get(c, n))
            mutatie = "samengevoegd" if c in ("GM0001", "GM0002") else "ongewijzigd"
            w.writerow([c, NAMES.get(c, n), new[0], new[1], "1.0", mutatie])


def _rename(path: Path, names: dict, provincienamen: dict) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    for f in doc["features"]:
        p = f["properties"]
        p["gemeentenaam"] = names.get(p["gemeentecode"], p["gemeentenaam"])
        p["provincienaam"] = provincienamen.get(p["provinciecode"], p["provincienaam"])
    path.write_text(json.dumps(doc), encoding="utf-8")


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, rows: list[dict], fieldnames: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fieldnames, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _rewrite(path: Path, change) -> None:
    rows = _read(path)
    _write(path, [change(r) for r in rows], list(rows[0]))


def _dedupe(path: Path) -> None:
    rows = _read(path)
    seen, out = set(), []
    for r in rows:
        key = tuple(r.values())
        if key not in seen:
            seen.add(key)
            out.append(r)
    _write(path, out, list(rows[0]))


# --- today's register with history: a peildatum changes the answer -----------------------------

#: The version of Afval Noord (s1) in force since this date: Alfa left, Delta joined, and the
#: gemeenteraad takes part.
NIEUWE_VERSIE = "2024-01-01"
#: Regio Midden (s5) ended on this date.
EINDE_S5 = "2023-01-01"
#: The register's hostile fields of s1 in the history fixture.
DOEL = "Afval ophalen. " + PAYLOADS["link"]


def write_history(root: Path, rows=None) -> Path:
    """The fixture data where today's register has history: Afval Noord (s1) has a second
    version since :data:`NIEUWE_VERSIE` (GM0002, GM0005 and GM0006; the raad takes part),
    Regio Midden (s5) ended on :data:`EINDE_S5`, and s1 carries register details with a
    hostile doel and a ``javascript:`` website.

    On the snapshot: s1 {GM0002, GM0005, GM0006}, no s5 (4 samenwerkingen). On 2022-06-01:
    s1 {GM0001, GM0002, GM0005}, s5 (5 samenwerkingen). ``rows`` as for ``write_data``
    (they must hold s1 and s5 as in :data:`SAMENWERKINGEN`).
    """
    write_data(root, rows)
    versies = _read(root / "versies.csv")
    for v in versies:
        if v["samenwerking"] == "s1":
            v.update(geldig_tot=NIEUWE_VERSIE, volgende_roo_id="v-s1b")
        if v["samenwerking"] == "s5":
            v["geldig_tot"] = EINDE_S5
    versies.append(
        {
            **next(v for v in versies if v["samenwerking"] == "s1"),
            "roo_id": "v-s1b",
            "titel": "Gemeenschappelijke regeling Afval Noord 2024",
            "geldig_van": NIEUWE_VERSIE,
            "geldig_tot": "",
            "vorige_roo_id": "v-s1",
            "volgende_roo_id": "",
        }
    )
    _write(root / "versies.csv", versies, list(versies[0]))
    deelnemers = _read(root / "deelnemers.csv")
    for code in ("GM0002", "GM0005", "GM0006"):
        deelnemers.append(
            {
                **deelnemers[0],
                "samenwerking": "s1",
                "roo_id": "v-s1b",
                "gemeentecode": code,
                "naam": code,
                "toetredingsdatum": "2024-01-01" if code == "GM0006" else "2020-01-01",
                "bestuursorganen": "College van burgemeester en wethouders;Gemeenteraad",
            }
        )
    _write(root / "deelnemers.csv", deelnemers, list(deelnemers[0]))

    def details(r: dict) -> dict:
        if r["id"] == "s5":
            return {**r, "geldig_tot": EINDE_S5}
        if r["id"] != "s1":
            return r
        return {
            **r,
            "afkorting": "AN",
            "centrumgemeente": "GM0002",
            "doel": DOEL,
            "bevoegdheden": "Artikel 5",
            "bevoegdheidsverkrijgingen": "Delegatie;Mandaat",
            "bronhouder": "Afvalschap Noord",
            "website": "javascript:alert(1)",
            "instellingsbesluiten": "https://lokaleregelgeving.overheid.nl/CVDR1/1;"
            "javascript:alert(2)",
            "register_url": "https://organisaties.overheid.nl/1002/afval-noord",
            "roo_id": "v-s1b",
            "roo_ids": "v-s1;v-s1b",
            "deelnemers": "GM0002;GM0005;GM0006",
        }

    _rewrite(root / "samenwerkingen.csv", details)
    return root


# --- what counts as unsafe in a Markdown body (used by the safe-text walk) -------------------

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
                if kind == "html" and getattr(proto, field, None) == toegang.BLOK:
                    continue  # the page's own fixed CSS and language script, no data
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
    for button in at.link_button:
        url = button.proto.url
        assert url.startswith(("http://", "https://")) and safe_url(url) == url, url


__all__ = [
    "SAMENWERKINGEN",
    "PAYLOADS",
    "assert_only_text",
    "shown",
    "texts",
    "unsafe",
    "write_history",
    "write_payload_data",
]
