from hypothesis import given
from hypothesis import strategies as st

from kaartviewer.text import clean, close_matches, fix_mojibake, fold, slug


def test_mojibake_examples_from_opengr():
    assert fix_mojibake("FryslÃ¢n") == "Fryslân"
    assert fix_mojibake("SÃºdwest-FryslÃ¢n") == "Súdwest-Fryslân"
    assert fix_mojibake("BarÃŸel (Duitsland)") == "Barßel (Duitsland)"
    assert fix_mojibake("Waterschap â€™t Suydevelt") == "Waterschap ’t Suydevelt"


def test_correct_text_is_left_alone():
    for s in ["Fryslân", "Coöperatie", "Súdwest-Fryslân", "'s-Hertogenbosch", "Ämter"]:
        assert fix_mojibake(s) == s


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x17F), max_size=30))
def test_mojibake_round_trip(s):
    # Text that went through UTF-8 → cp1252 once is restored exactly.
    try:
        garbled = s.encode("utf-8").decode("cp1252")
    except UnicodeDecodeError:
        return  # not representable as cp1252 mojibake at all
    assert fix_mojibake(garbled) == s


def test_fold_and_clean():
    assert fold("EnkHuizen") == fold("Enkhuizen")
    assert fold("Sint-Oedenrode") == fold("Sint Oedenrode")
    assert fold("Capelle aan den Ijssel") == fold("Capelle aan den IJssel")
    assert fold("Súdwest-Fryslân") == "sudwest fryslan"
    assert clean("  Overbetuwe, ") == "Overbetuwe"
    assert clean("Dronten ") == "Dronten"


def test_slug_and_close_matches():
    assert slug("GGD Hart voor Brabant") == "ggd-hart-voor-brabant"
    assert slug("!!!") == "x"
    assert close_matches("Amsterdm", ["Amsterdam", "Rotterdam", "Assen"])[0] == "Amsterdam"
