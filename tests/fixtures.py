"""Small, hand-checkable synthetic sources and data sets for the tests.

Six gemeenten laid out as 0.1° squares (two provincies), so every overlay, membership and
metric can be worked out on paper:

    lat 52.0–52.1 (PV01 Noordland):  GM0001 Alfa | GM0002 Bergen (NH.) | GM0005 Súdwest-Fryslân
    lat 51.0–51.1 (PV02 Zuidland):   GM0003 Bergen (L.) | GM0004 Gamma | GM0006 Delta
    lon            5.0–5.1             5.1–5.2               5.2–5.3
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from kaartviewer.schema import SAMENWERKING_COLUMNS, SAMENWERKING_OPTIONAL_COLUMNS

GEMEENTEN = [
    # code, naam, lon0, lat0, provinciecode
    ("GM0001", "Alfa", 5.0, 52.0, "PV01"),
    ("GM0002", "Bergen (NH.)", 5.1, 52.0, "PV01"),
    ("GM0005", "Súdwest-Fryslân", 5.2, 52.0, "PV01"),
    ("GM0003", "Bergen (L.)", 5.0, 51.0, "PV02"),
    ("GM0004", "Gamma", 5.1, 51.0, "PV02"),
    ("GM0006", "Delta", 5.2, 51.0, "PV02"),
]
PROVINCIES = {"PV01": ("Noordland", 52.0), "PV02": ("Zuidland", 51.0)}


def square(lon0: float, lat0: float, dx: float = 0.1, dy: float = 0.1) -> dict:
    ring = [
        [lon0, lat0],
        [lon0 + dx, lat0],
        [lon0 + dx, lat0 + dy],
        [lon0, lat0 + dy],
        [lon0, lat0],
    ]
    return {"type": "Polygon", "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]]}


def _fc(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def _write_geojson(path: Path, features: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(_fc(features)), encoding="utf-8")


def make_bronnen(root: Path) -> Path:
    """Write a miniature ``bronnen/`` tree (CBS, OpenGR, RegioAtlas) and return its path."""
    cbs = root / "cbs"
    _write_geojson(
        cbs / "gemeente_2016.wgs84.geojson",
        [
            {
                "type": "Feature",
                "properties": {"statcode": c, "statnaam": n},
                "geometry": square(x, y),
            }
            for c, n, x, y, _ in GEMEENTEN
        ],
    )
    _write_geojson(
        cbs / "provincie_2016.wgs84.geojson",
        [
            {
                "type": "Feature",
                "properties": {"statcode": c, "statnaam": n},
                "geometry": square(4.9, lat - 0.05, 0.6, 0.2),
            }
            for c, (n, lat) in PROVINCIES.items()
        ],
    )
    # 2015: "Oudedorp" was the west half of Alfa (a merge); "Splitdorp" covered the east
    # half of Gamma and the west half of Delta (a split, 50 % / 50 %).
    _write_geojson(
        cbs / "gemeente_2015.wgs84.geojson",
        [
            {
                "type": "Feature",
                "properties": {"statcode": "GM0901", "statnaam": "Oudedorp"},
                "geometry": square(5.0, 52.0, 0.05, 0.1),
            },
            {
                "type": "Feature",
                "properties": {"statcode": "GM0902", "statnaam": "Splitdorp"},
                "geometry": square(5.15, 51.0, 0.1, 0.1),
            },
        ],
    )
    # 2025: Alfa and Bergen (NH.) merged into "Alfabergen"; the rest unchanged.
    _write_geojson(
        cbs / "gemeente_2025.wgs84.geojson",
        [
            {
                "type": "Feature",
                "properties": {"statcode": "GM0100", "statnaam": "Alfabergen"},
                "geometry": square(5.0, 52.0, 0.2, 0.1),
            }
        ]
        + [
            {
                "type": "Feature",
                "properties": {"statcode": c, "statnaam": n},
                "geometry": square(x, y),
            }
            for c, n, x, y, _ in GEMEENTEN
            if c not in ("GM0001", "GM0002")
        ],
    )
    _write_geojson(
        cbs / "provincie_2025.wgs84.geojson",
        [
            {
                "type": "Feature",
                "properties": {"statcode": c, "statnaam": n},
                "geometry": square(4.9, lat - 0.05, 0.6, 0.2),
            }
            for c, (n, lat) in PROVINCIES.items()
        ],
    )
    _write_geojson(
        cbs / "ggdregio_2025.wgs84.geojson",
        [
            {
                "type": "Feature",
                "properties": {"statcode": "GG1", "statnaam": "GGD Noord"},
                "geometry": square(4.9, 51.95, 0.6, 0.2),
            },
            {
                "type": "Feature",
                "properties": {"statcode": "GG2", "statnaam": "GGD Zuid"},
                "geometry": square(4.9, 50.95, 0.6, 0.2),
            },
        ],
    )
    ogr = root / "openstate" / "provincies"
    ogr.mkdir(parents=True)
    rows = [
        ("Alfa", "Afvalschap Noord", "Provincie Noordland"),
        ("Bergen", "Afvalschap Noord", "Provincie Noordland"),  # ambiguous → by provincie
        ("SÃºdwest-FryslÃ¢n", "Afvalschap Noord", "Provincie Noordland"),  # mojibake
        ("Provincie Noordland", "Afvalschap Noord", "Provincie Noordland"),
        ("Waterschap Noorderzijl", "Afvalschap Noord", "Provincie Noordland"),
        ("Gamma", "GGD Zuid", "Provincie Zuidland"),
        ("Delta", "GGD Zuid", "Provincie Zuidland"),
        ("Bergen", "GGD Zuid", "Provincie Zuidland"),
        ("Oudedorp", "Samenwerking Oud (SO)", "Provincie Noordland"),  # merged → Alfa
        ("Alfa", "Samenwerking Oud", "Provincie Noordland"),  # same name, no abbreviation
        ("Splitdorp", "Openbaar lichaam Splitwerk", "Provincie Zuidland"),  # split
        ("Emden (Duitsland)", "Openbaar lichaam Splitwerk", "Provincie Zuidland"),
        ("Onbekendheim", "Openbaar lichaam Splitwerk", "Provincie Zuidland"),  # unresolved
        ("Waterschap A", "Waterschapslab", "Provincie Zuidland"),  # no gemeente at all
        # The rules of the 2016 layer (tests/test_build.py):
        ("Alfa", "Veiligheidsregio Noord", "Provincie Noordland"),
        ("Bergen", "Veiligheidsregio Noord", "Provincie Noordland"),
        ("Gamma", "Veiligheidsregio Noord", "Provincie Noordland"),  # of VR Zuid by law
        ("Gamma", "Werkvoorzieningschap Zuidland (Promenade)", "Provincie Zuidland"),
        ("Delta", "Werkvoorzieningschap Zuidland (Promenade)", "Provincie Zuidland"),
        ("Alfa", "Oud Schap (in liquidatie)", "Provincie Noordland"),  # status in the name
        ("Súdwest-Fryslân", "Oud Schap", "Provincie Noordland"),
        ("Delta", "Recreatieschap Delta", "Provincie Zuidland"),  # one gemeente + provincie
        ("Provincie Zuidland", "Recreatieschap Delta", "Provincie Zuidland"),
    ]
    with (ogr / "opengr_provincies.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Deelnemer", "Gemeenschappelijke regeling", "Postcode", "Plaats", "Provincie"])
        for d, r, p in rows:
            w.writerow([d, r, "1234 AB", "Plaats", p])
    ra = root / "openstate" / "regioatlas"
    _ra(
        ra / "Sociaal" / "ggds.csv",
        "GGD's",
        [
            ("Gamma", "0004", "GGD Zuid"),
            ("Delta", "0006", "GGD Zuid"),
            ("Bergen (L.)", "0003", "GGD Zuid"),
            ("Alfa", "0001", "GGD Noord"),
            ("Bergen (NH.)", "0002", "GGD Noord"),
            ("Súdwest-Fryslân", "0005", "GGD Noord"),
        ],
    )
    # A veiligheidsregio indeling (Zuid has the same gemeenten as GGD Zuid, another body) and
    # SW-bedrijven: "Promenade" is the OpenGR "Werkvoorzieningschap Zuidland (Promenade)",
    # "Eenling" has one gemeente.
    _ra(
        ra / "Veiligheid" / "veiligheidsregios.csv",
        "Veiligheidsregio's",
        [
            ("Alfa", "0001", "Noord"),
            ("Bergen (NH.)", "0002", "Noord"),
            ("Súdwest-Fryslân", "0005", "Noord"),
            ("Bergen (L.)", "0003", "Zuid"),
            ("Gamma", "0004", "Zuid"),
            ("Delta", "0006", "Zuid"),
        ],
    )
    _ra(
        ra / "Sociaal" / "socialewerkvoorziening.csv",
        "Sociale werkvoorziening",
        [
            ("Gamma", "0004", "Promenade"),
            ("Delta", "0006", "Promenade"),
            ("Bergen (L.)", "0003", "Eenling"),
        ],
    )
    _ra(
        ra / "Bestuurlijk" / "provincies.csv",
        "Provincies",
        [(n, c[2:], PROVINCIES[p][0]) for c, n, _, _, p in GEMEENTEN],
    )
    _write_roo(root / "roo")
    return root


_TOOI = "https://identifier.overheid.nl/tooi/id"
_NAMEN = {c: n for c, n, *_ in GEMEENTEN} | {"GM0100": "Alfabergen"}


def _roo_versie(roo_id, titel, van, tot, codes, vorige=None, volgende=None) -> dict:
    deelnemers = [
        {
            "naam": f"Gemeente {_NAMEN.get(code, code)}",
            "tooi": f"{_TOOI}/gemeente/{code.lower()}",
            "toetredings_datum": van,
            "bestuursorganen": [{"naam": "College van burgemeester en wethouders"}],
        }
        for code in codes
    ]
    return {
        "id": f"org:gr-{roo_id}",
        "type": "gemeenschappelijke-regeling",
        "identifiers": {"roo_id": roo_id},
        "names": [{"value": titel, "valid_from": van, "valid_until": tot}],
        "gr_meta": {
            "doel": f"Doel van {titel}.",
            "samenwerkingsvorm": {"value": "Openbaar lichaam", "afkorting": "OL"},
            "bronhouder": {"naam": titel},
            "deelnemende_organisaties": deelnemers,
            "datum_inwerkingtreding": van,
            "datum_uitwerkingtreding": tot,
            "previous_version": {"roo_id": vorige, "naam": titel} if vorige else None,
            "next_version": {"roo_id": volgende, "naam": titel} if volgende else None,
        },
        "valid_from": van,
        "valid_until": tot,
        "sources": [
            {
                "id": "roo",
                "url": f"https://organisaties.overheid.nl/{roo_id}/x",
                "retrieved": "2026-05-16",
            }
        ],
    }


def _write_roo(roo: Path) -> None:
    """A miniature GR-register: Afvalschap Noord in two versions (Alfa and Bergen (NH.)
    merged into Alfabergen in between), and the GR of GGD Zuid (the same body as the CBS
    GGD-regio Zuid)."""
    import yaml

    folder = roo / "gemeenschappelijke-regelingen"
    folder.mkdir(parents=True, exist_ok=True)
    records = {
        "afval-1001.yaml": _roo_versie(
            "1001",
            "Afvalschap Noord",
            "2015-01-01",
            "2022-01-01",
            ["GM0001", "GM0002", "GM0005"],
            volgende="1002",
        ),
        "afval-1002.yaml": _roo_versie(
            "1002", "Afvalschap Noord", "2022-01-01", None, ["GM0100", "GM0005"], vorige="1001"
        ),
        "ggd-2001.yaml": _roo_versie(
            "2001", "GGD Zuid", "2010-01-01", None, ["GM0003", "GM0004", "GM0006"]
        ),
    }
    for name, record in records.items():
        (folder / name).write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")


def _ra(path: Path, col: str, rows) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";", quoting=csv.QUOTE_ALL)
        w.writerow(["Gemeente", "CBS", col, "Inwoneraantal van regio"])
        for g, c, r in rows:
            w.writerow([g, c, r, "1000"])


# --- a ready-made data/ directory for loader, registry and network tests -----------------

#: The 2016 file's columns without the optional ones: the fixture also proves that a file
#: without ``status`` loads (every row ``actief``).
SAMENWERKINGEN_HEADER = [c for c in SAMENWERKING_COLUMNS if c not in SAMENWERKING_OPTIONAL_COLUMNS]

#: (id, naam, vorm, onderwerp, members). Hand-checkable: see tests/test_network.py.
SAMENWERKINGEN = [
    ("s1", "Afval Noord", "openbaar_lichaam", "afval", "GM0001;GM0002;GM0005"),
    ("s2", "Belasting Noord", "wgr_onbekend", "belastingen", "GM0001;GM0002"),
    ("s3", "GGD Zuid", "wettelijke_regio", "gezondheid", "GM0003;GM0004;GM0006"),
    ("s4", "Afval Zuid", "wgr_onbekend", "afval", "GM0003;GM0004;GM0006"),
    ("s5", "Regio Midden", "netwerk", "regionaal", "GM0002;GM0003"),
]


#: The snapshot date of the fixture's register layer.
SNAPSHOT = "2026-05-16"


def write_data(root: Path, rows=None, extra_overige: dict | None = None) -> Path:
    """A whole data directory: today's layer in ``root`` and the 2016 layer in ``root/2016``.

    Both hold the same samenwerkingen (``rows``, default :data:`SAMENWERKINGEN`) on the same
    six gemeenten, so a test reads the same answers from either layer. Today's layer gives
    every samenwerking one version, in force since 2020-01-01 (``roo_id`` = ``v-<id>``).
    """
    rows = SAMENWERKINGEN if rows is None else rows
    write_layer_2016(root / "2016", rows, extra_overige)
    for name in ("gemeenten.geojson", "indelingen.csv"):
        (root / name).write_bytes((root / "2016" / name).read_bytes())
    (root / "2016" / "bouwrapport.json").unlink()
    with (root / "2016" / "herindeling_2016_2025.csv").open("w", encoding="utf-8") as fh:
        fh.write(
            "gemeentecode_oud,gemeentenaam_oud,gemeentecode_nieuw,gemeentenaam_nieuw,aandeel,mutatie\n"
        )
        for c, n, *_ in GEMEENTEN:
            fh.write(f"{c},{n},{c},{n},1.0000,ongewijzigd\n")
    _write_register(root, rows, extra_overige or {})
    meta = {"peildatum": "2016", "actueel": {"snapshot": SNAPSHOT}}
    (root / "bouwrapport.json").write_text(json.dumps(meta), encoding="utf-8")
    return root


def _write_register(root: Path, rows, extra_overige: dict) -> None:
    from kaartviewer.schema import (
        DEELNEMER_COLUMNS,
        REGISTER_COLUMNS,
        SAMENWERKING_COLUMNS,
        VERSIE_COLUMNS,
    )

    sw, versies, deelnemers = [], [], []
    for sid, naam, vorm, onderwerp, leden in rows:
        roo = f"v-{sid}"
        sw.append(
            dict.fromkeys(SAMENWERKING_COLUMNS + REGISTER_COLUMNS, "")
            | {
                "id": sid,
                "naam": naam,
                "juridische_vorm": vorm,
                "juridische_vorm_herkomst": "bron",
                "onderwerp": onderwerp,
                "onderwerp_herkomst": "regel",
                "deelnemers": leden,
                "bron": f"GR-register {SNAPSHOT}",
                "peildatum": SNAPSHOT,
                "status": "actief",
                "roo_id": roo,
                "roo_ids": roo,
                "geldig_van": "2020-01-01",
            }
        )
        versies.append(
            dict.fromkeys(VERSIE_COLUMNS, "")
            | {
                "samenwerking": sid,
                "roo_id": roo,
                "titel": naam,
                "geldig_van": "2020-01-01",
                "juridische_vorm": vorm,
            }
        )
        for code in [c for c in leden.split(";") if c]:
            deelnemers.append(
                dict.fromkeys(DEELNEMER_COLUMNS, "")
                | {
                    "samenwerking": sid,
                    "roo_id": roo,
                    "deelnemer_type": "gemeente",
                    "gemeentecode": code,
                    "naam": code,
                    "aandeel": "1.0000",
                    "bestuursorganen": "College van burgemeester en wethouders",
                }
            )
        for item in [i for i in extra_overige.get(sid, "").split(";") if i]:
            typ, _, naam_o = item.partition(":")
            deelnemers.append(
                dict.fromkeys(DEELNEMER_COLUMNS, "")
                | {
                    "samenwerking": sid,
                    "roo_id": roo,
                    "deelnemer_type": typ,
                    "naam": naam_o,
                    "aandeel": "1.0000",
                }
            )
    for name, cols, table in (
        ("samenwerkingen.csv", SAMENWERKING_COLUMNS + REGISTER_COLUMNS, sw),
        ("versies.csv", VERSIE_COLUMNS, versies),
        ("deelnemers.csv", DEELNEMER_COLUMNS, deelnemers),
    ):
        with (root / name).open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(cols), lineterminator="\n")
            w.writeheader()
            w.writerows(table)


def write_layer_2016(root: Path, rows=None, extra_overige: dict | None = None) -> Path:
    """Write one 2016-layer directory: gemeenten.geojson + samenwerkingen.csv +
    indelingen.csv + bouwrapport.json into ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    feats = [
        {
            "type": "Feature",
            "properties": {
                "gemeentecode": c,
                "gemeentenaam": n,
                "provinciecode": p,
                "provincienaam": PROVINCIES[p][0],
            },
            "geometry": square(x, y),
        }
        for c, n, x, y, p in GEMEENTEN
    ]
    (root / "gemeenten.geojson").write_text(json.dumps(_fc(feats)), encoding="utf-8")
    rows = SAMENWERKINGEN if rows is None else rows
    with (root / "samenwerkingen.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(SAMENWERKINGEN_HEADER)
        for sid, naam, vorm, onderwerp, leden in rows:
            overige = (extra_overige or {}).get(sid, "")
            w.writerow(
                [
                    sid,
                    naam,
                    vorm,
                    "regel",
                    onderwerp,
                    "regel",
                    leden,
                    overige,
                    "test",
                    "2016",
                    "",
                    naam,
                ]
            )
    # Two indelingen: provincie (reference) and "ggd" with a region that crosses it.
    ind = []
    for c, _n, _x, _y, p in GEMEENTEN:
        ind.append(("provincie", "Provincie", "referentie", c, PROVINCIES[p][0]))
    for c, r in [
        ("GM0001", "Noord"),
        ("GM0002", "Noord"),
        ("GM0005", "Noord"),
        ("GM0003", "Zuid"),
        ("GM0004", "Zuid"),
        ("GM0006", "Noord"),
    ]:
        ind.append(("ggd", "GGD-regio", "samenwerking", c, r))
    with (root / "indelingen.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(
            ["regio_indeling", "regio_indeling_naam", "indeling_soort", "gemeentecode", "regio"]
        )
        w.writerows(ind)
    (root / "bouwrapport.json").write_text('{"peildatum": "2016"}', encoding="utf-8")
    return root


def _tijdlijn_gemeenten():
    import geopandas as gpd
    from shapely.geometry import shape

    return gpd.GeoDataFrame(
        {
            "gemeentecode": [g[0] for g in GEMEENTEN],
            "gemeentenaam": [g[1] for g in GEMEENTEN],
            "provinciecode": [g[4] for g in GEMEENTEN],
            "provincienaam": ["Noordland" if g[4] == "PV01" else "Zuidland" for g in GEMEENTEN],
        },
        geometry=[shape(square(g[2], g[3])) for g in GEMEENTEN],
        crs="EPSG:4326",
    )


def _tijdlijn_sw(id_, naam, vorm, onderwerp):
    return {"id": id_, "naam": naam, "juridische_vorm": vorm, "onderwerp": onderwerp, "bron": "x"}


def _tijdlijn_dn(sid, roo, code, via_code="", via_naam="", typ="gemeente", naam=""):
    return {
        "samenwerking": sid,
        "roo_id": roo,
        "deelnemer_type": typ,
        "gemeentecode": code,
        "naam": naam or code,
        "via_code": via_code,
        "via_naam": via_naam,
        "aandeel": 1.0,
        "toetredingsdatum": "",
        "bestuursorganen": "College van burgemeester en wethouders",
    }


def register_tijdlijn():
    """RegisterData on a hand-made timeline (tests/test_register.py's docstring draws it):

        S1 Afvalschap Noord   v11 2015-01-01 – 2022-01-01  RZM  A, B (+ Provincie Noordland)
                              v12 2022-01-01 –             OL   A, B, C
        S2 Oude regeling      v21 2010-01-01 – 2020-07-01  OL   A, D           (ended)
        S3 GGD-regio Zuid     no versions (a CBS regio)          C, D
        S4 Nieuwe BVO         v41 2023-05-01 –             BVO  B, C (C via merged GM0099)

    with A = GM0001, B = GM0002, C = GM0004, D = GM0006 and snapshot 2026-05-16."""
    import pandas as pd

    from kaartviewer.register import RegisterData

    A, B, C, D = "GM0001", "GM0002", "GM0004", "GM0006"

    sw = pd.DataFrame(
        [
            _tijdlijn_sw("S1", "Afvalschap Noord", "openbaar_lichaam", "afval"),
            _tijdlijn_sw("S2", "Oude regeling", "openbaar_lichaam", "overig"),
            _tijdlijn_sw("S3", "GGD-regio Zuid", "wettelijke_regio", "gezondheid"),
            _tijdlijn_sw("S4", "Nieuwe BVO", "bedrijfsvoeringsorganisatie", "bedrijfsvoering"),
        ]
    ).set_index("id", drop=False)
    sw.index.name = None
    versies = pd.DataFrame(
        [
            ("S1", "11", "GR Afval Noord", "2015-01-01", "2022-01-01", "regeling_zonder_meer"),
            ("S1", "12", "GR Afvalschap Noord", "2022-01-01", "", "openbaar_lichaam"),
            ("S2", "21", "GR Oude regeling", "2010-01-01", "2020-07-01", "openbaar_lichaam"),
            ("S4", "41", "GR Nieuwe BVO", "2023-05-01", "", "bedrijfsvoeringsorganisatie"),
        ],
        columns=["samenwerking", "roo_id", "titel", "geldig_van", "geldig_tot", "juridische_vorm"],
    )
    deelnemers = pd.DataFrame(
        [
            _tijdlijn_dn("S1", "11", A),
            _tijdlijn_dn("S1", "11", B),
            _tijdlijn_dn("S1", "11", "", typ="provincie", naam="Provincie Noordland"),
            _tijdlijn_dn("S1", "12", A),
            _tijdlijn_dn("S1", "12", B),
            _tijdlijn_dn("S1", "12", C),
            _tijdlijn_dn("S2", "21", A),
            _tijdlijn_dn("S2", "21", D),
            _tijdlijn_dn("S3", "", C),
            _tijdlijn_dn("S3", "", D),
            _tijdlijn_dn("S4", "41", B),
            _tijdlijn_dn("S4", "41", C, via_code="GM0099", via_naam="Oudgem"),
            _tijdlijn_dn("S4", "41", C),  # the successor is listed as well: one membership
        ]
    )
    ind = pd.DataFrame(
        columns=["regio_indeling", "regio_indeling_naam", "indeling_soort", "gemeentecode", "regio"]
    )
    return RegisterData(
        _tijdlijn_gemeenten(), sw, versies, deelnemers, ind, {"snapshot": "2026-05-16"}
    )
