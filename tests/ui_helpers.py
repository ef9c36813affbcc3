"""Helpers for the UI tests: what a reader sees of Markdown, and data with hostile names."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from fixtures import GEMEENTEN, PROVINCIES, SAMENWERKINGEN, square, write_data

from kaartviewer.ui.safe import WORD_JOINER

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown(markdown: str) -> str:
    """The text a reader sees of Markdown written by ``safe.md`` (escapes resolved)."""
    return _ESCAPE.sub(r"\1", str(markdown)).replace(WORD_JOINER, "")


def texts(at) -> str:
    """Everything the page says in Markdown elements, as read on screen."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [h.value for h in at.title] + [h.value for h in at.subheader]
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
    """The fixture data with a hostile name in every place a name can come from (gemeente,
    provincie, samenwerking, overige deelnemer, regio-indeling, regio), plus 2025 files
    (Alfa and Bergen (NH.) merged into a gemeente with a hostile name)."""
    rows = [
        ("s1", PAYLOADS["link"], "openbaar_lichaam", "afval", "GM0001;GM0002;GM0005"),
        ("s2", PAYLOADS["image"], "wgr_onbekend", "belastingen", "GM0001;GM0002"),
        ("s3", PAYLOADS["latex"], "wettelijke_regio", "gezondheid", "GM0003;GM0004;GM0006"),
        ("s4", PAYLOADS["html"], "wgr_onbekend", "afval", "GM0003;GM0004;GM0006"),
        ("s5", PAYLOADS["entity"], "netwerk", "regionaal", "GM0002;GM0003"),
        ("s6", PAYLOADS["directive"], "netwerk", "overig", "GM0004;GM0006"),
    ]
    write_data(root, rows, extra_overige={"s1": "overig:" + PAYLOADS["autolink"]})
    names = {
        "GM0001": APOSTROPHE,
        "GM0002": PAYLOADS["link"],
        "GM0003": PAYLOADS["latex"],
        "GM0004": PAYLOADS["html"],
    }
    provincienamen = {"PV01": PAYLOADS["image"], "PV02": PAYLOADS["directive"]}
    _rename(root / "gemeenten.geojson", names, provincienamen)
    _rewrite(
        root / "indelingen.csv",
        lambda r: {
            **r,
            "regio_indeling_naam": PAYLOADS["autolink"]
            if r["regio_indeling"] == "ggd"
            else r["regio_indeling_naam"],
            "regio": PAYLOADS["entity"] if r["regio"] == "Noord" else r["regio"],
        },
    )
    _write_2025(root, names, provincienamen)
    return root


def _rename(path: Path, names: dict, provincienamen: dict) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    for f in doc["features"]:
        p = f["properties"]
        p["gemeentenaam"] = names.get(p["gemeentecode"], p["gemeentenaam"])
        p["provincienaam"] = provincienamen.get(p["provinciecode"], p["provincienaam"])
    path.write_text(json.dumps(doc), encoding="utf-8")


def _rewrite(path: Path, change) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(change(r) for r in rows)


def _write_2025(root: Path, names: dict, provincienamen: dict) -> None:
    merged = ("GM0100", PAYLOADS["link"] + " 2025")
    feats = [
        {
            "type": "Feature",
            "properties": {
                "gemeentecode": merged[0],
                "gemeentenaam": merged[1],
                "provinciecode": "PV01",
                "provincienaam": provincienamen["PV01"],
            },
            "geometry": square(5.0, 52.0, 0.2, 0.1),
        }
    ]
    for c, n, x, y, p in GEMEENTEN:
        if c in ("GM0001", "GM0002"):
            continue
        feats.append(
            {
                "type": "Feature",
                "properties": {
                    "gemeentecode": c,
                    "gemeentenaam": names.get(c, n),
                    "provinciecode": p,
                    "provincienaam": provincienamen.get(p, PROVINCIES[p][0]),
                },
                "geometry": square(x, y),
            }
        )
    (root / "gemeenten_2025.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": feats}), encoding="utf-8"
    )
    with (root / "herindeling_2016_2025.csv").open("w", encoding="utf-8", newline="") as fh:
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
            new = merged if c in ("GM0001", "GM0002") else (c, names.get(c, n))
            mutatie = "samengevoegd" if c in ("GM0001", "GM0002") else "ongewijzigd"
            w.writerow([c, names.get(c, n), new[0], new[1], "1.0", mutatie])
    with (root / "indelingen_2025.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(
            ["regio_indeling", "regio_indeling_naam", "indeling_soort", "gemeentecode", "regio"]
        )
        for code in ["GM0100", "GM0005", "GM0003", "GM0004", "GM0006"]:
            w.writerow(["ggd", PAYLOADS["autolink"], "samenwerking", code, PAYLOADS["entity"]])


__all__ = ["SAMENWERKINGEN", "PAYLOADS", "shown", "texts", "write_payload_data"]
