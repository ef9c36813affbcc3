"""Loader and validator: one test per kind of bad input, plus hypothesis corruption tests."""

import json
from pathlib import Path

import pytest
from fixtures import SAMENWERKINGEN, write_layer_2016
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from loader_oracle import english_in, physical_lines, row_lines

from kaartviewer.load import load_2016
from kaartviewer.validation import LoadError


@pytest.fixture
def data_dir(tmp_path):
    """A 2016-layer directory (these tests exercise the checks on the 2016 format)."""
    return write_layer_2016(tmp_path / "data")


def csv_path(d: Path) -> Path:
    return d / "samenwerkingen.csv"


def rewrite_csv(d: Path, fn) -> None:
    p = csv_path(d)
    p.write_text(fn(p.read_text(encoding="utf-8")), encoding="utf-8")


def reasons(report):
    return [m.reden for m in report.meldingen]


def test_valid_fixture_loads_completely(data_dir):
    (data_dir / "bouwrapport.json").write_text('{"peildatum": "2016"}', encoding="utf-8")
    reg, report = load_2016(data_dir)
    assert report.ok and not report.meldingen
    assert len(reg.samenwerkingen) == 5 and len(reg.gemeenten) == 6
    assert report.balanced() and reg.meta == {"peildatum": "2016", "laag": "2016"}


def test_missing_build_report_is_a_warning(data_dir):
    (data_dir / "bouwrapport.json").unlink()
    reg, report = load_2016(data_dir)
    assert report.ok and reg.meta == {"laag": "2016", "peildatum": "2016"}
    assert [(m.bestand, m.ernst) for m in report.meldingen] == [
        ("bouwrapport.json", "waarschuwing")
    ]


def test_missing_key_column_is_structural(data_dir):
    rewrite_csv(data_dir, lambda t: t.replace("deelnemers,overige", "leden,overige", 1))
    with pytest.raises(LoadError, match="deelnemers"):
        load_2016(data_dir)


def test_missing_optional_column_is_reported_and_defaulted(data_dir):
    def drop_onderwerp(text):
        lines = [line.split(",") for line in text.splitlines()]
        i = lines[0].index("onderwerp")
        return "\n".join(",".join(c for j, c in enumerate(row) if j != i) for row in lines) + "\n"

    rewrite_csv(data_dir, drop_onderwerp)
    reg, report = load_2016(data_dir)
    assert any(m.plaats == "kolom onderwerp" and m.ernst == "fout" for m in report.meldingen)
    assert set(reg.samenwerkingen["onderwerp"]) == {"overig"}
    assert len(reg.samenwerkingen) == 5


def test_extra_column_is_a_warning(data_dir):
    rewrite_csv(
        data_dir,
        lambda t: (
            "\n".join(
                line + (",extra" if i == 0 else ",x") for i, line in enumerate(t.splitlines())
            )
            + "\n"
        ),
    )
    reg, report = load_2016(data_dir)
    assert report.ok and len(reg.samenwerkingen) == 5
    assert any(m.plaats == "kolom extra" and m.ernst == "waarschuwing" for m in report.meldingen)


def test_unknown_gemeentecode_suggests_nearest(data_dir):
    rows = list(SAMENWERKINGEN)
    rows[0] = ("s1", "Afval Noord", "openbaar_lichaam", "afval", "GM0001;GM0002;Gama")
    rows[1] = ("s2", "Belasting Noord", "wgr_onbekend", "belastingen", "GM9999")
    write_layer_2016(data_dir, rows)
    reg, report = load_2016(data_dir)
    warn = [m for m in report.waarschuwingen if "Gama" in m.reden][0]
    assert warn.plaats == "regel 2 (id s1)" and "GM0004 (Gamma)" in warn.suggestie
    assert list(reg.deelnemers_van("s1")["gemeentecode"]) == ["GM0001", "GM0002"]
    # A row left with no valid member at all is rejected.
    err = [m for m in report.fouten if "s2" in m.plaats][0]
    assert "geen (geldige) gemeente" in err.reden
    assert "s2" not in reg.samenwerkingen.index
    assert report.balanced()


def test_duplicate_id(data_dir):
    rows = list(SAMENWERKINGEN) + [("s1", "Dubbel", "netwerk", "overig", "GM0001")]
    write_layer_2016(data_dir, rows)
    reg, report = load_2016(data_dir)
    assert reg.samenwerkingen.at["s1", "naam"] == "Afval Noord"
    m = report.fouten[0]
    assert m.plaats == "regel 7 (id s1)" and "dubbel" in m.reden
    assert report.rijen_afgewezen["samenwerkingen.csv"] == 1


def test_empty_participants(data_dir):
    write_layer_2016(data_dir, list(SAMENWERKINGEN) + [("s9", "Leeg", "netwerk", "overig", "")])
    _reg, report = load_2016(data_dir)
    assert any("geen (geldige) gemeente" in r for r in reasons(report))


def test_value_outside_vocabulary_suggests(data_dir):
    write_layer_2016(data_dir, list(SAMENWERKINGEN) + [("s9", "X", "netwerk", "afvall", "GM0001")])
    reg, report = load_2016(data_dir)
    m = report.fouten[0]
    assert "onderwerp 'afvall'" in m.reden and "afval" in m.suggestie
    assert "s9" not in reg.samenwerkingen.index


def test_undecodable_text(data_dir):
    p = csv_path(data_dir)
    raw = p.read_bytes().replace(b"Regio Midden", b"Regio M\xe9dden")  # latin-1 é
    p.write_bytes(raw)
    reg, report = load_2016(data_dir)
    assert any("UTF-8" in r for r in reasons(report))
    assert "s5" not in reg.samenwerkingen.index and report.balanced()


def test_wrong_field_count(data_dir):
    rewrite_csv(data_dir, lambda t: t + "s9,kapot\n")
    _reg, report = load_2016(data_dir)
    assert any("te weinig velden" in r for r in reasons(report))


def geo(d: Path) -> dict:
    return json.loads((d / "gemeenten.geojson").read_text(encoding="utf-8"))


def put_geo(d: Path, doc: dict) -> None:
    (d / "gemeenten.geojson").write_text(json.dumps(doc), encoding="utf-8")


def test_bad_and_empty_geometry(data_dir):
    doc = geo(data_dir)
    doc["features"][0]["geometry"] = {"type": "Polygon", "coordinates": []}
    doc["features"][1]["geometry"] = {"type": "Polygon", "coordinates": [[[1, 2]]]}
    doc["features"][2]["geometry"] = None
    # A bow-tie: invalid but repairable.
    doc["features"][3]["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[5.0, 51.0], [5.1, 51.1], [5.1, 51.0], [5.0, 51.1], [5.0, 51.0]]],
    }
    put_geo(data_dir, doc)
    reg, report = load_2016(data_dir)
    assert len(reg.gemeenten) == 3
    errs = {
        m.plaats.split(" (")[0]: m.reden for m in report.fouten if m.bestand == "gemeenten.geojson"
    }
    assert set(errs) == {"feature 1", "feature 2", "feature 3"}
    assert any("hersteld" in m.reden for m in report.waarschuwingen)
    assert report.balanced()
    # Members whose gemeente was rejected are reported on the arrangement rows, not lost.
    assert any("onbekende gemeentecode" in m.reden for m in report.waarschuwingen)


def test_wrong_crs_declared_is_reprojected(data_dir):
    from pyproj import Transformer

    t = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)
    doc = geo(data_dir)
    for f in doc["features"]:
        f["geometry"]["coordinates"] = [
            [list(t.transform(x, y)) for x, y in ring] for ring in f["geometry"]["coordinates"]
        ]
    doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}
    put_geo(data_dir, doc)
    reg, report = load_2016(data_dir)
    assert len(reg.gemeenten) == 6
    assert any("EPSG::28992" in m.reden for m in report.waarschuwingen)
    assert abs(reg.gemeenten.geometry.iloc[0].bounds[0] - 5.0) < 1e-6


def test_wrong_crs_undeclared_is_rejected_per_feature(data_dir):
    doc = geo(data_dir)
    doc["features"][0]["geometry"]["coordinates"] = [
        [[155000, 463000], [156000, 463000], [156000, 464000], [155000, 463000]]
    ]
    put_geo(data_dir, doc)
    reg, report = load_2016(data_dir)
    assert len(reg.gemeenten) == 5
    assert "WGS84" in report.fouten[0].reden or "WGS84" in report.fouten[0].suggestie


def test_unreadable_geojson_is_structural(data_dir):
    (data_dir / "gemeenten.geojson").write_text("{niet json", encoding="utf-8")
    with pytest.raises(LoadError, match="geen geldige GeoJSON"):
        load_2016(data_dir)


def test_missing_file_is_structural(tmp_path):
    with pytest.raises(LoadError, match="Kan .* niet lezen"):
        load_2016(tmp_path)


# --- hypothesis: random corruption never crashes and never loses a row unreported --------

_corruptions = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=10_000),
        st.sampled_from(["delete", "insert", "replace", "dup_line", "drop_line"]),
        st.sampled_from([",", ";", '"', "\n", "\r", "x", "GM", "\udcff", "é", "\x00", "=", ""]),
    ),
    max_size=8,
)


def apply(text: str, ops) -> str:
    for pos, op, s in ops:
        if not text:
            break
        i = pos % len(text)
        if op == "delete":
            text = text[:i] + text[i + 1 :]
        elif op == "insert":
            text = text[:i] + s + text[i:]
        elif op == "replace":
            text = text[:i] + s + text[i + 1 :]
        else:
            lines = text.split("\n")
            j = pos % len(lines)
            if j == 0:
                continue  # keep the header: its loss is a structural failure by design
            if op == "dup_line":
                lines.insert(j, lines[j])
            else:
                del lines[j]
            text = "\n".join(lines)
    return text


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=_corruptions)
def test_corrupted_csv_never_crashes_or_loses_rows(tmp_path_factory, ops):
    """End to end through load_2016(): rows in is the number of non-blank physical lines after
    the header (counted on the bytes, independently of the loader), and every one of them
    is loaded or rejected with its own melding. (tests/test_fuzz_csv.py runs thousands of
    byte-level cases against the CSV reader alone.)"""
    d = write_layer_2016(tmp_path_factory.mktemp("fuzz"))
    p = csv_path(d)
    header = physical_lines(p.read_bytes())[0]
    text = apply(p.read_text(encoding="utf-8"), ops)
    data = text.encode("utf-8", errors="surrogateescape")
    p.write_bytes(data)
    try:
        reg, report = load_2016(d)
    except LoadError as exc:
        # Only a damaged header line is structural; the message is Dutch and names the file.
        assert physical_lines(data)[:1] != [header] and "samenwerkingen.csv" in str(exc)
        return
    f = "samenwerkingen.csv"
    rows = row_lines(data)
    assert report.rijen_in[f] == len(rows)
    assert report.rijen_in[f] == report.rijen_geladen[f] + report.rijen_afgewezen[f]
    assert len(reg.samenwerkingen) == report.rijen_geladen[f]
    rejected = {m.regel for m in report.fouten if m.bestand == f and m.regel in set(rows)}
    assert len(rejected) == report.rijen_afgewezen[f]
    assert not english_in(report)


@given(st.text(alphabet=st.sampled_from(["a", ",", " ", "\t", "\n", "\x0c", "\x1c", "\u2028"])))
def test_fast_line_count_agrees_with_looking_at_every_line(body):
    """The clean-table fast path counts lines with content without splitting the text; it
    must agree with the plain definition, whitespace-only lines included (the text starts
    with its header, a line with content)."""
    from kaartviewer.checks.register import _nonblank_lines

    text = "id,naam" + body
    assert _nonblank_lines(text) == sum(1 for ln in text.split("\n") if ln.strip())


def test_in_force_picks_the_later_version_when_two_overlap():
    import pandas as pd

    from kaartviewer.register import in_force

    versies = pd.DataFrame(
        {
            "samenwerking": ["a", "a", "a", "b"],
            "roo_id": ["1", "2", "3", "9"],
            "geldig_van": ["2020-01-01", "2021-01-01", "2022-01-01", "2019-01-01"],
            "geldig_tot": ["", "2022-01-01", "", "2020-06-01"],
        }
    )
    # On 2021-06-01 versions 1 (open) and 2 overlap: the later geldig_van wins; b has ended.
    assert in_force(versies, "2021-06-01")["roo_id"].tolist() == ["2"]
    assert in_force(versies, "2022-01-01")["roo_id"].tolist() == ["3"]
    assert in_force(versies, "2020-05-31")["roo_id"].tolist() == ["1", "9"]
    assert in_force(versies, "2019-12-31")["roo_id"].tolist() == ["9"]
