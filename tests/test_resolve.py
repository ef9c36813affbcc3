"""Name resolution on the miniature sources (see tests/fixtures.py for the map)."""

from pathlib import Path

import pytest

from kaartviewer.pipeline import boundaries, sources
from kaartviewer.pipeline.resolve import NameResolver, read_aliases


@pytest.fixture
def resolver(bronnen: Path, tmp_path: Path) -> NameResolver:
    gem = boundaries.build_gemeenten(
        sources.cbs_file(bronnen, "gemeente_2016"), sources.cbs_file(bronnen, "provincie_2016")
    )
    hist = boundaries.name_history(sources.history_files(bronnen), gem)
    alias = tmp_path / "alias.csv"
    alias.write_text(
        "naam,doel,type,reden\n"
        "Gama,Gamma,gemeente,tikfout\n"
        "Alfa Gamma,Alfa;Gamma,gemeente,samengestelde cel\n"
        "De Zijl,Waterschap De Zijl,waterschap,waterschap zonder voorvoegsel\n",
        encoding="utf-8",
    )
    return NameResolver(gem, hist, read_aliases(alias))


def test_exact_and_mojibake(resolver):
    assert resolver.resolve("Alfa").codes == ("GM0001",)
    r = resolver.resolve("SÃºdwest-FryslÃ¢n")
    assert r.stap == "exact" and r.codes == ("GM0005",)
    assert resolver.resolve("  alfa ").codes == ("GM0001",)


def test_merged_gemeente_by_overlay(resolver):
    r = resolver.resolve("Oudedorp")
    # Oudedorp (2015) is the west half of Alfa: 100 % of it lies in Alfa.
    assert r.stap == "historie" and r.codes == ("GM0001",)
    assert "2015" in r.toelichting


def test_split_gemeente_goes_to_all_successors(resolver):
    r = resolver.resolve("Splitdorp")
    assert r.stap == "historie"
    assert set(r.codes) == {"GM0004", "GM0006"}  # half in Gamma, half in Delta


def test_ambiguous_bergen_by_provincie(resolver):
    assert resolver.resolve("Bergen", "Provincie Noordland").codes == ("GM0002",)
    assert resolver.resolve("Bergen", "Provincie Zuidland").codes == ("GM0003",)


def test_ambiguous_bergen_by_partners(resolver):
    # A German province says nothing; partners Gamma and Delta lie next to Bergen (L.).
    r = resolver.resolve("Bergen", "Noordrijn-Westfalen (Duitsland)", ("GM0004", "GM0006"))
    assert r.stap == "ambigu" and r.codes == ("GM0003",)


def test_ambiguous_bergen_undecidable_is_reported(resolver):
    r = resolver.resolve("Bergen", "", ())
    assert r.stap == "onopgelost" and not r.codes
    assert set(r.suggesties) == {"Bergen (NH.)", "Bergen (L.)"}


def test_typo_and_compound_alias(resolver):
    r = resolver.resolve("Gama")
    assert r.stap == "alias" and r.codes == ("GM0004",) and r.toelichting == "tikfout"
    assert resolver.resolve("Alfa Gamma").codes == ("GM0001", "GM0004")
    r = resolver.resolve("De Zijl")
    assert r.typed == (("waterschap", "Waterschap De Zijl"),) and not r.municipal


def test_typed_participants(resolver):
    assert resolver.resolve("Emden (Duitsland)").typed == (("buitenland", "Emden (Duitsland)"),)
    assert resolver.resolve("Provincie Noordland").typed[0][0] == "provincie"
    assert resolver.resolve("Hoogheemraadschap van Rijnland").typed[0][0] == "waterschap"
    assert resolver.resolve("Ministerie van OCW").typed[0][0] == "rijk"
    assert resolver.resolve("Recreatieschap Hoog").typed[0][0] == "overig"


def test_unknown_name_gets_suggestions(resolver):
    r = resolver.resolve("Deltaa")
    assert r.stap == "onopgelost" and r.municipal and "Delta" in r.suggesties
