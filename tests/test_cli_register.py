"""The CLI on today's registry: layers (``--laag``), peildata (``--peildatum``), the
register's incompleteness before 1 July 2021, ``wijzigingen`` and a samenwerking's history.

The fixture's register (tests/fixtures.py) gives each of the five samenwerkingen one version
in force since 2020-01-01, snapshot 2026-05-16. :func:`met_versies` writes a small history
on top of it, so every expectation below can be worked out by hand:

* s1 Afval Noord: version ``v-s1`` 2020-01-01 – 2023-01-01 (Alfa, Bergen (NH.),
  Súdwest-Fryslân), then ``v-s1b`` from 2023-01-01 (Alfa, Súdwest-Fryslân and Gamma, whose
  gemeenteraad takes part itself): Bergen (NH.) leaves, Gamma joins.
* s2 Belasting Noord: its only version ends on 2024-01-01 (beëindigd).
* s6 Sportpark De Wielen: new, from 2022-06-01 (Alfa, Bergen (NH.)), with register details.
"""

from __future__ import annotations

import csv
import json

import pytest

from kaartviewer.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _read(path):
    with path.open(encoding="utf-8", newline="") as fh:
        r = csv.DictReader(fh)
        return list(r), list(r.fieldnames or [])


def _write(path, fields, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _lid(fields, sid, roo, code, organen="College van burgemeester en wethouders"):
    return dict.fromkeys(fields, "") | {
        "samenwerking": sid,
        "roo_id": roo,
        "deelnemer_type": "gemeente",
        "gemeentecode": code,
        "naam": code,
        "aandeel": "1.0000",
        "toetredingsdatum": "2020-01-01",
        "bestuursorganen": organen,
    }


DOEL_S6 = "Samen sporten in het noorden. " * 20  # 600 characters: shortened for people


def met_versies(data_dir):
    """The fixture with the history described in the module docstring."""
    versies, vf = _read(data_dir / "versies.csv")
    deelnemers, df = _read(data_dir / "deelnemers.csv")
    sw, sf = _read(data_dir / "samenwerkingen.csv")
    for v in versies:
        if v["roo_id"] == "v-s1":
            v |= {"geldig_tot": "2023-01-01", "volgende_roo_id": "v-s1b"}
        if v["roo_id"] == "v-s2":
            v["geldig_tot"] = "2024-01-01"
    base = dict.fromkeys(vf, "")
    versies += [
        base
        | {
            "samenwerking": "s1",
            "roo_id": "v-s1b",
            "titel": "Gemeenschappelijke regeling Afval Noord 2023",
            "geldig_van": "2023-01-01",
            "juridische_vorm": "openbaar_lichaam",
            "vorige_roo_id": "v-s1",
        },
        base
        | {
            "samenwerking": "s6",
            "roo_id": "v-s6",
            "titel": "Sportpark De Wielen",
            "geldig_van": "2022-06-01",
            "juridische_vorm": "gemeenschappelijk_orgaan",
        },
    ]
    deelnemers += [
        _lid(df, "s1", "v-s1b", "GM0001"),
        _lid(df, "s1", "v-s1b", "GM0005"),
        _lid(df, "s1", "v-s1b", "GM0004", "College van burgemeester en wethouders;Gemeenteraad"),
        _lid(df, "s6", "v-s6", "GM0001"),
        _lid(df, "s6", "v-s6", "GM0002"),
    ]
    for r in sw:
        if r["id"] == "s1":
            r |= {"deelnemers": "GM0001;GM0004;GM0005", "roo_id": "v-s1b", "roo_ids": "v-s1;v-s1b"}
        if r["id"] == "s2":
            r["geldig_tot"] = "2024-01-01"
    sw.append(
        dict(next(r for r in sw if r["id"] == "s1"))
        | {
            "id": "s6",
            "naam": "Sportpark De Wielen",
            "juridische_vorm": "gemeenschappelijk_orgaan",
            "onderwerp": "recreatie",
            "onderwerp_herkomst": "beleidsterrein",
            "deelnemers": "GM0001;GM0002",
            "afkorting": "SN",
            "centrumgemeente": "GM0001",
            "beleidsterreinen": "sport;recreatie",
            "doel": DOEL_S6,
            "bevoegdheden": "Artikel 3 Taken;Artikel 4 Bevoegdheden",
            "bevoegdheidsverkrijgingen": "Mandaat",
            "bronhouder": "Gemeente Alfa",
            "website": "https://sportnoord.example",
            "instellingsbesluiten": "https://example.org/besluit-1;https://example.org/besluit-2",
            "register_url": "https://organisaties.overheid.nl/v-s6/sport-noord",
            "roo_id": "v-s6",
            "roo_ids": "v-s6",
            "geldig_van": "2022-06-01",
        }
    )
    _write(data_dir / "versies.csv", vf, versies)
    _write(data_dir / "deelnemers.csv", df, deelnemers)
    _write(data_dir / "samenwerkingen.csv", sf, sw)
    return data_dir


@pytest.fixture
def historie(data_dir):
    return met_versies(data_dir)


def test_the_history_fixture_loads_clean(capsys, historie):
    code, out, _ = run(capsys, "validate", "--data", str(historie))
    assert code == 0 and "0 fouten, 0 waarschuwingen" in out, out


# --- layer and peildatum -----------------------------------------------------------------


def test_default_is_today_at_the_snapshot(capsys, data_dir):
    code, out, err = run(capsys, "gemeente", "Bergen (NH.)", "--json", "--data", str(data_dir))
    data = json.loads(out)
    assert code == 0 and err == ""
    assert (data["laag"], data["peildatum"], data["gemeente_indeling"]) == (
        "actueel",
        "2026-05-16",
        "2025",
    )
    assert data["snapshot"] == "2026-05-16" and "let_op" not in data
    code, out, _ = run(capsys, "gemeente", "Bergen (NH.)", "--data", str(data_dir))
    assert out.splitlines()[0] == (
        "Laag actueel: Vandaag (GR-register en CBS 2025); peildatum 2026-05-16 "
        "(snapshot van het register 2026-05-16)"
    )


def test_peildatum_before_the_first_version_shows_none_and_warns(capsys, data_dir):
    """Every version starts on 2020-01-01: on 2019-01-01 none of the five is in force."""
    args = ("gemeente", "Bergen (NH.)", "--peildatum", "2019-01-01", "--data", str(data_dir))
    code, out, err = run(capsys, *args, "--json")
    data = json.loads(out)
    assert code == 0 and data["peildatum"] == "2019-01-01" and data["aantal"] == 0
    assert "pas sinds 1 juli 2021 verplicht" in data["let_op"]
    assert "onvolledig" in data["let_op"]
    code, out, err = run(capsys, *args)
    assert code == 0 and "peildatum 2019-01-01" in out.splitlines()[0]
    assert "Bergen (NH.) (GM0002, Noordland): 0 samenwerkingen" in out
    assert err.startswith("let op: Het GR-register is pas sinds 1 juli 2021 verplicht")
    assert "let op" not in out  # the warning is not part of the answer
    code, out, _ = run(
        capsys, "stats", "--peildatum", "2019-01-01", "--json", "--data", str(data_dir)
    )
    st = json.loads(out)
    assert st["samenwerkingen"] == 0 and st["register"]["onvolledig_voor_1_juli_2021"] is True


def test_peildatum_on_or_after_1_july_2021_gives_no_warning(capsys, data_dir):
    for p in ("2021-07-01", "2024-03-01"):
        code, out, err = run(capsys, "stats", "--peildatum", p, "--json", "--data", str(data_dir))
        data = json.loads(out)
        assert code == 0 and data["peildatum"] == p and data["samenwerkingen"] == 5
        assert "let_op" not in data and err == ""


def test_peildatum_after_the_snapshot_says_later_changes_are_unknown(capsys, data_dir):
    code, out, _ = run(
        capsys, "stats", "--peildatum", "2030-01-01", "--json", "--data", str(data_dir)
    )
    data = json.loads(out)
    assert code == 0 and data["samenwerkingen"] == 5
    assert "na de snapshot van het register (2026-05-16)" in data["let_op"]


def test_peildatum_follows_the_versions(capsys, historie):
    """Bergen (NH.) is in Afval Noord until 2023, Gamma from 2023; Sportpark De Wielen from mid-2022."""

    def ids(naam, p):
        code, out, _ = run(
            capsys, "gemeente", naam, "--peildatum", p, "--json", "--data", str(historie)
        )
        assert code == 0
        return {s["id"] for s in json.loads(out)["samenwerkingen"]}

    assert ids("Bergen (NH.)", "2022-01-01") == {"s1", "s2", "s5"}
    assert ids("Bergen (NH.)", "2022-12-31") == {"s1", "s2", "s5", "s6"}
    assert ids("Bergen (NH.)", "2023-01-01") == {"s2", "s5", "s6"}
    assert ids("Bergen (NH.)", "2026-05-16") == {"s5", "s6"}
    assert ids("Gamma", "2022-12-31") == {"s3", "s4"}
    assert ids("Gamma", "2023-01-01") == {"s1", "s3", "s4"}


def test_laag_2016(capsys, data_dir):
    code, out, _ = run(
        capsys, "gemeente", "Bergen (NH.)", "--laag", "2016", "--json", "--data", str(data_dir)
    )
    data = json.loads(out)
    assert code == 0 and (data["laag"], data["peildatum"], data["gemeente_indeling"]) == (
        "2016",
        "2016",
        "2016",
    )
    assert {s["id"] for s in data["samenwerkingen"]} == {"s1", "s2", "s5"}
    assert "let_op" not in data and "roo_id" not in data["samenwerkingen"][0]
    code, out, err = run(
        capsys,
        *("gemeente", "Bergen (NH.)", "--laag", "2016", "--gemeente-indeling", "2025"),
        *("--data", str(data_dir)),
    )
    assert code == 0 and out.splitlines()[0] == (
        "Laag 2016: 2016 (OpenGR en RegioAtlas, historisch); peildatum 2016, gemeente-indeling 2025"
    )
    assert "Samenwerkingen zoals geregistreerd in 2016" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["gemeente", "Alfa", "--gemeente-indeling", "2016"],
            "--gemeente-indeling hoort bij --laag 2016; de laag actueel staat altijd op de "
            "gemeenten van vandaag (2025)",
        ),
        (["stats", "--gemeente-indeling", "2025"], "--gemeente-indeling hoort bij --laag 2016"),
        (
            ["stats", "--laag", "2016", "--peildatum", "2022-01-01"],
            "--peildatum hoort bij de laag actueel; de laag 2016 heeft één peildatum (2016)",
        ),
        (
            ["stats", "--peildatum", "1-7-2021"],
            "argument --peildatum: Peildatum '1-7-2021' is geen datum; schrijf JJJJ-MM-DD",
        ),
        (["stats", "--laag", "2020"], "argument --laag: ongeldige keuze: '2020'"),
        (
            ["congruentie", "--toen-nu", "--peildatum", "2022-01-01"],
            "--toen-nu vergelijkt zelf de laag 2016 met vandaag; laat --peildatum weg",
        ),
        (["wijzigingen", "--van", "gisteren"], "argument --van: Peildatum 'gisteren' is geen"),
        (["wijzigingen", "--tot", "2016"], "--tot 2016 kan niet: vergelijk de laag 2016"),
        (
            ["wijzigingen", "--van", "2024-01-01", "--tot", "2022-01-01"],
            "--van 2024-01-01 ligt na --tot 2022-01-01",
        ),
        (["wijzigingen", "--peildatum", "2022-01-01"], "onbekende argumenten: --peildatum"),
    ],
)
def test_layer_usage_errors_are_dutch_exit_2(capsys, data_dir, args, message):
    code, out, err = run(capsys, *args, "--data", str(data_dir))
    assert code == 2 and out == "", err
    assert err.startswith("gebruik: kaartviewer") and message in err
    code, out, _ = run(capsys, *args, "--data", str(data_dir), "--json")
    assert code == 2 and message in json.loads(out)["fout"]


def test_every_registry_command_says_its_layer(capsys, data_dir):
    for args in (
        ["gemeente", "Alfa"],
        ["samenwerking", "s1"],
        ["stats"],
        ["indelingen"],
        ["congruentie", "provincie", "ggd"],
        ["congruentie", "--matrix"],
        ["overlap"],
        ["spaghetti"],
        ["regios"],
    ):
        for laag, p in (("actueel", "2022-02-02"), ("2016", None)):
            extra = ["--laag", laag] + (["--peildatum", p] if p else [])
            code, out, err = run(capsys, *args, *extra, "--data", str(data_dir), "--json")
            data = json.loads(out)
            assert code == 0, (args, err)
            assert data["laag"] == laag and data["peildatum"] == (p or "2016"), args
            code, out, _ = run(capsys, *args, *extra, "--data", str(data_dir))
            assert out.startswith(f"Laag {laag}: "), args
            assert f"peildatum {p or 2016}" in out.splitlines()[0], args


# --- samenwerking: register details and history ------------------------------------------


def test_samenwerking_shows_register_details(capsys, historie):
    code, out, _ = run(
        capsys, "samenwerking", "Sportpark De Wielen", "--json", "--data", str(historie)
    )
    d = json.loads(out)
    assert code == 0 and d["id"] == "s6" and d["afkorting"] == "SN"
    assert d["juridische_vorm"] == "gemeenschappelijk_orgaan"
    assert d["centrumgemeente"] == {"gemeentecode": "GM0001", "gemeentenaam": "Alfa"}
    assert d["onderwerp_herkomst"] == "beleidsterrein" and d["doel"] == DOEL_S6.strip()
    assert d["bevoegdheden"] == ["Artikel 3 Taken", "Artikel 4 Bevoegdheden"]
    assert d["bevoegdheidsverkrijgingen"] == ["Mandaat"] and d["bronhouder"] == "Gemeente Alfa"
    assert d["instellingsbesluiten"] == [
        "https://example.org/besluit-1",
        "https://example.org/besluit-2",
    ]
    assert d["register_url"] == "https://organisaties.overheid.nl/v-s6/sport-noord"
    assert d["roo_id"] == "v-s6" and d["roo_ids"] == ["v-s6"]
    assert d["versies"] == [
        {
            "roo_id": "v-s6",
            "titel": "Sportpark De Wielen",
            "citeertitel": "",
            "geldig_van": "2022-06-01",
            "geldig_tot": "",
            "juridische_vorm": "gemeenschappelijk_orgaan",
            "in_werking": True,
        }
    ]
    code, out, _ = run(capsys, "samenwerking", "s6", "--data", str(historie))
    assert "juridische vorm: Gemeenschappelijk orgaan (uit de bron); centrumgemeente Alfa" in out
    assert "onderwerp: Recreatie & natuur (uit de beleidsterreinen van het GR-register)" in out
    assert "  afkorting: SN\n" in out and "  bronhouder: Gemeente Alfa\n" in out
    assert "  in het register: https://organisaties.overheid.nl/v-s6/sport-noord\n" in out
    doel = next(line for line in out.splitlines() if line.startswith("  doel: "))
    assert len(doel) < 360 and doel.endswith("… [volledig met --json]")
    assert "  verkregen door: mandaat\n" in out


def test_samenwerking_version_history_and_deelnemers(capsys, historie):
    code, out, _ = run(capsys, "samenwerking", "s1", "--json", "--data", str(historie))
    d = json.loads(out)
    assert code == 0 and d["roo_id"] == "v-s1b" and d["roo_ids"] == ["v-s1", "v-s1b"]
    assert [
        (v["roo_id"], v["geldig_van"], v["geldig_tot"], v["in_werking"]) for v in d["versies"]
    ] == [
        ("v-s1", "2020-01-01", "2023-01-01", False),
        ("v-s1b", "2023-01-01", "", True),
    ]
    leden = {r["gemeentecode"]: r for r in d["deelnemers"]}
    assert set(leden) == {"GM0001", "GM0004", "GM0005"}
    assert leden["GM0004"]["bestuursorganen"] == [
        "College van burgemeester en wethouders",
        "Gemeenteraad",
    ]
    assert leden["GM0004"]["gemeenteraad_neemt_deel"] is True
    assert leden["GM0001"]["gemeenteraad_neemt_deel"] is False
    assert leden["GM0001"]["herkomst"] == {
        "via": [],
        "via_codes": [],
        "deels": False,
        "aandeel": 1.0,
    }
    code, out, _ = run(capsys, "samenwerking", "s1", "--data", str(historie))
    assert "roo_id v-s1b (de versie op 2026-05-16); 2 versies in het register (* = getoond):" in out
    lines = out.splitlines()
    assert any(line.split()[:4] == ["*", "v-s1b", "2023-01-01", "–"] for line in lines)
    assert any(line.split()[:4] == ["v-s1", "2020-01-01", "–", "2023-01-01"] for line in lines)
    assert "    GM0004  Gamma (Zuidland)  [college, raad]  toegetreden 2020-01-01" in lines
    # The version in force on an earlier peildatum, with its own members.
    code, out, _ = run(
        capsys, "samenwerking", "s1", "--peildatum", "2022-01-01", "--json", "--data", str(historie)
    )
    d = json.loads(out)
    assert d["roo_id"] == "v-s1" and [v["in_werking"] for v in d["versies"]] == [True, False]
    assert [r["gemeentecode"] for r in d["deelnemers"]] == ["GM0001", "GM0002", "GM0005"]


def test_samenwerking_not_in_force_says_when_it_was(capsys, historie):
    code, out, err = run(
        capsys,
        "samenwerking",
        "Sportpark De Wielen",
        "--peildatum",
        "2021-01-01",
        "--data",
        str(historie),
    )
    assert code == 1 and out == ""
    assert "Sportpark De Wielen (s6) is niet in werking op peildatum 2021-01-01" in err
    assert "vanaf 2022-06-01" in err and "--peildatum 2022-06-01" in err
    code, _out, err = run(capsys, "samenwerking", "s2", "--data", str(historie))
    assert code == 1 and "van 2020-01-01 tot 2024-01-01" in err


def test_gemeente_says_whether_the_raad_takes_part(capsys, historie):
    code, out, _ = run(capsys, "gemeente", "Gamma", "--json", "--data", str(historie))
    items = {s["id"]: s for s in json.loads(out)["samenwerkingen"]}
    assert items["s1"]["gemeenteraad_neemt_deel"] is True
    assert items["s3"]["gemeenteraad_neemt_deel"] is False
    assert items["s1"]["roo_id"] == "v-s1b" and items["s1"]["roo_ids"] == ["v-s1", "v-s1b"]
    assert items["s1"]["register_url"] == ""
    assert items["s1"]["herkomst"]["via"] == []
    code, out, _ = run(capsys, "gemeente", "Gamma", "--data", str(historie))
    assert (
        "  Afval Noord  [Afval & reiniging; Openbaar lichaam; 2 partners; raad: ja (college, raad)]  s1"
        in out
    )
    assert "raad: nee (college)]  s3" in out


def test_gemeente_shows_via_provenance_from_the_register(capsys, data_dir):
    """A register row that names a predecessor (here: 'Oudedorp' → Alfa) says so."""
    rows, fields = _read(data_dir / "deelnemers.csv")
    for r in rows:
        if r["samenwerking"] == "s2" and r["gemeentecode"] == "GM0001":
            r |= {"via_code": "GM0901", "via_naam": "Oudedorp"}
    _write(data_dir / "deelnemers.csv", fields, rows)
    code, out, _ = run(capsys, "gemeente", "Alfa", "--json", "--data", str(data_dir))
    items = {s["id"]: s for s in json.loads(out)["samenwerkingen"]}
    assert items["s2"]["herkomst"]["via"] == ["Oudedorp"]
    assert items["s2"]["herkomst"]["via_codes"] == ["GM0901"]
    code, out, _ = run(capsys, "gemeente", "Alfa", "--data", str(data_dir))
    assert "raad: nee (college)]  via Oudedorp  s2" in out
    code, out, _ = run(capsys, "samenwerking", "s2", "--data", str(data_dir))
    assert "    GM0001  Alfa (Noordland)  [college]  via Oudedorp" in out


# --- wijzigingen -------------------------------------------------------------------------


def test_wijzigingen_nationally(capsys, historie):
    code, out, _ = run(capsys, "wijzigingen", "--json", "--data", str(historie))
    d = json.loads(out)
    assert code == 0 and (d["van"], d["tot"]) == ("2021-07-01", "2026-05-16")
    assert d["aantallen"] == {
        "nieuw": 1,
        "beeindigd": 1,
        "gewijzigd": 1,
        "lidmaatschappen_bij": 3,
        "lidmaatschappen_af": 3,
    }
    assert {(s["id"], s["mutatie"], s["wat"]) for s in d["samenwerkingen"]} == {
        ("s6", "nieuw", ""),
        ("s2", "beeindigd", ""),
        ("s1", "gewijzigd", "versie (roo_id), deelnemers"),
    }
    assert {(r["samenwerking"], r["gemeentecode"], r["mutatie"]) for r in d["lidmaatschappen"]} == {
        ("s6", "GM0001", "bij"),
        ("s6", "GM0002", "bij"),
        ("s1", "GM0004", "bij"),
        ("s1", "GM0002", "af"),
        ("s2", "GM0001", "af"),
        ("s2", "GM0002", "af"),
    }
    assert d["laag_van"] == d["laag_tot"] == "actueel" and "let_op" not in d
    code, out, _ = run(capsys, "wijzigingen", "--data", str(historie))
    assert out.splitlines()[:3] == [
        "Wijzigingen van peildatum 2021-07-01 tot peildatum 2026-05-16 (laag actueel: "
        "GR-register, snapshot 2026-05-16)",
        "samenwerkingen: 1 nieuw, 1 beëindigd, 1 gewijzigd",
        "lidmaatschappen: 3 toegetreden, 3 uitgetreden",
    ]
    assert "Nieuw (1):\n  Sportpark De Wielen  (s6; 2 gemeenten)\n" in out
    assert "Gewijzigd (1):\n  Afval Noord  (s1; 3 gemeenten): versie (roo_id), deelnemers\n" in out
    assert "Uitgetreden (3):\n  Alfa — Belasting Noord\n" in out


def test_wijzigingen_between_two_peildata_and_top(capsys, historie):
    code, out, _ = run(
        capsys, "wijzigingen", "--tot", "2022-12-31", "--json", "--data", str(historie)
    )
    d = json.loads(out)
    assert d["aantallen"]["nieuw"] == 1 and d["aantallen"]["lidmaatschappen_af"] == 0
    code, out, _ = run(capsys, "wijzigingen", "--top", "1", "--data", str(historie))
    assert (
        "Toegetreden (3):\n  Alfa — Sportpark De Wielen\n  … en 2 meer (gebruik --top 0 voor alles)"
        in out
    )


def test_wijzigingen_per_gemeente_in_a_sentence(capsys, historie):
    code, out, _ = run(capsys, "wijzigingen", "--gemeente", "Bergen (NH.)", "--data", str(historie))
    assert code == 0
    assert out.splitlines()[1] == (
        "Sinds 2021-07-01 trad Bergen (NH.) toe tot Sportpark De Wielen (nieuw), en trad uit "
        "Afval Noord en Belasting Noord (beëindigd)."
    )
    code, out, _ = run(
        capsys, "wijzigingen", "--gemeente", "Gamma", "--json", "--data", str(historie)
    )
    d = json.loads(out)
    assert d["gemeente"] == {"gemeentecode": "GM0004", "gemeentenaam": "Gamma"}
    assert d["zin"] == "Sinds 2021-07-01 trad Gamma toe tot Afval Noord."
    assert d["aantallen"]["lidmaatschappen_bij"] == 1 and d["aantallen"]["gewijzigd"] == 1
    code, out, _ = run(
        capsys,
        *("wijzigingen", "--gemeente", "Delta", "--tot", "2022-12-31", "--json"),
        *("--data", str(historie)),
    )
    assert json.loads(out)["zin"] == (
        "Tussen 2021-07-01 en 2022-12-31 trad Delta nergens toe en nergens uit."
    )
    code, _out, err = run(capsys, "wijzigingen", "--gemeente", "Gama", "--data", str(historie))
    assert code == 1 and "Geen gemeente 'Gama'" in err and "Gamma" in err


def test_wijzigingen_before_1_july_2021_warns(capsys, historie):
    code, out, err = run(
        capsys, "wijzigingen", "--van", "2019-01-01", "--json", "--data", str(historie)
    )
    d = json.loads(out)
    assert code == 0 and d["aantallen"]["nieuw"] == 5  # s1, s3, s4, s5 (2020) and s6
    assert "pas sinds 1 juli 2021 verplicht" in d["let_op"]
    code, out, err = run(capsys, "wijzigingen", "--van", "2019-01-01", "--data", str(historie))
    assert "let op: Het GR-register is pas sinds 1 juli 2021 verplicht" in err
    assert "let op" not in out


def test_wijzigingen_since_2016(capsys, historie):
    """The 2016 layer holds s1–s5 under the same names: matched one to one; Sportpark De Wielen is
    new, Belasting Noord is not found today."""
    code, out, _ = run(capsys, "wijzigingen", "--van", "2016", "--json", "--data", str(historie))
    d = json.loads(out)
    assert code == 0 and d["van"] == "2016" and d["laag_van"] == "2016"
    assert {(s["id"], s["mutatie"]) for s in d["samenwerkingen"]} == {
        ("s6", "nieuw"),
        ("s2", "beeindigd"),
        ("s1", "gewijzigd"),
    }
    assert "verschillende bronnen" in d["let_op"]
    code, out, err = run(
        capsys,
        "wijzigingen",
        "--van",
        "2016",
        "--gemeente",
        "Bergen (NH.)",
        "--data",
        str(historie),
    )
    assert out.splitlines()[1] == (
        "Sinds 2016 trad Bergen (NH.) toe tot Sportpark De Wielen (niet in 2016), en trad uit "
        "Afval Noord en Belasting Noord (niet teruggevonden)."
    )
    assert "verschillende bronnen" in err


# --- stats -------------------------------------------------------------------------------


def test_stats_reports_the_register(capsys, historie):
    code, out, _ = run(capsys, "stats", "--json", "--data", str(historie))
    d = json.loads(out)
    r = d["register"]
    assert code == 0 and r["snapshot"] == "2026-05-16" and r["samenwerkingen"] == 5
    assert r["per_juridische_vorm"] == {
        "gemeenschappelijk_orgaan": 1,
        "netwerk": 1,
        "openbaar_lichaam": 1,
        "wettelijke_regio": 1,
        "wgr_onbekend": 1,
    }
    assert r["dekking"] == {
        "gemeenten": 6,
        "gemeenten_met_regeling": 6,
        "aandeel_gemeenten_met_regeling": 1.0,
        "regelingen_per_gemeente_gemiddeld": 2.17,  # 13 memberships / 6
    }
    assert d["per_bron"] == {"GR-register 2026-05-16": 5}
    assert d["dekking"]["bronnen"][0]["naam"] == "GR-register 2026-05-16"
    code, out, _ = run(capsys, "stats", "--data", str(historie))
    assert "Deze laag toont het register van vandaag op de peildatum" in out
    assert "  GR-register 2026-05-16: 5 samenwerkingen — Wgr-regelingen uit het landelijke" in out
    assert "GR-register: 5 regelingen in werking op 2026-05-16 (snapshot 2026-05-16)" in out
    assert "dekking: 6 van de 6 gemeenten nemen deel aan ten minste één regeling (100%)" in out
    code, out, _ = run(capsys, "stats", "--laag", "2016", "--json", "--data", str(historie))
    d = json.loads(out)
    assert d["laag"] == "2016" and d["register"] is None and d["samenwerkingen"] == 5


# --- the shipped data --------------------------------------------------------------------


@pytest.mark.shipped_data
def test_every_command_answers_on_todays_shipped_registry(capsys):
    for args in (
        ["gemeente", "Groningen"],
        ["gemeente", "Groningen", "--peildatum", "2020-01-01"],
        ["gemeente", "Groningen", "--laag", "2016", "--gemeente-indeling", "2025"],
        ["samenwerking", "GGD Groningen"],
        ["stats"],
        ["stats", "--laag", "2016"],
        ["indelingen"],
        ["congruentie", "ggd", "veiligheidsregio"],
        ["congruentie", "--toen-nu"],
        ["overlap", "--top", "3"],
        ["spaghetti", "--top", "3"],
        ["regios"],
        ["wijzigingen", "--top", "3"],
        ["wijzigingen", "--gemeente", "Groningen"],
    ):
        code, out, err = run(capsys, *args)
        assert code == 0, (args, err)
        assert out.strip(), args
    code, out, _ = run(capsys, "stats", "--json")
    d = json.loads(out)
    assert d["laag"] == "actueel" and d["peildatum"] == d["register"]["snapshot"]
    assert "onbekend" not in d["register"]["per_juridische_vorm"]
    assert d["register"]["samenwerkingen"] > 400 and d["gemeenten"] == 342


@pytest.mark.shipped_data
def test_samenwerking_with_versions_on_shipped_data(capsys):
    code, out, _ = run(capsys, "gemeente", "Groningen", "--json")
    items = json.loads(out)["samenwerkingen"]
    reg = [s for s in items if s.get("roo_id")]
    assert reg and all(s["register_url"].startswith("https://") for s in reg)
    assert any(s["gemeenteraad_neemt_deel"] is not None for s in reg)
    code, out, _ = run(capsys, "samenwerking", reg[0]["id"], "--json")
    d = json.loads(out)
    assert code == 0 and d["roo_id"] in d["roo_ids"] and d["versies"]
    assert sum(v["in_werking"] for v in d["versies"]) == 1


@pytest.mark.shipped_data
def test_wijzigingen_since_2016_on_shipped_data(capsys):
    code, out, err = run(capsys, "wijzigingen", "--van", "2016", "--gemeente", "Groningen")
    assert code == 0, err
    assert out.splitlines()[1].startswith("Sinds 2016 trad Groningen ")
    code, out, _ = run(capsys, "wijzigingen", "--van", "2016", "--json")
    d = json.loads(out)
    assert d["laag_van"] == "2016" and sum(d["aantallen"].values()) > 0
