"""Data commands: ``validate`` (check every file of both layers) and ``build-data`` (the
pipeline)."""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kaartviewer import config
from kaartviewer.cli.common import EXIT_DATA, EXIT_NIET_GEVONDEN, EXIT_OK, Fout, data_path, emit
from kaartviewer.cli.fmt import aantal, procent
from kaartviewer.cli.laag import HISTORISCH
from kaartviewer.schema import JURIDISCHE_VORMEN
from kaartviewer.validation import LoadError, Melding, ValidationReport

# --- validate ----------------------------------------------------------------------------

#: The checks ``validate`` runs, in order: (key, what it is, how to load it).
STAPPEN: tuple[tuple[str, str], ...] = (
    ("actueel", "laag actueel (GR-register en CBS 2025)"),
    ("2016", "laag 2016 (OpenGR en RegioAtlas)"),
    ("2016_op_2025", "laag 2016 op de gemeenten van 2025 (herindeling)"),
)


@dataclass
class Controle:
    """What ``validate`` found: one report over every file, and per step the files it read."""

    report: ValidationReport = field(default_factory=ValidationReport)
    bestanden: dict[str, list[str]] = field(default_factory=dict)
    onbruikbaar: list[str] = field(default_factory=list)  # steps that raised LoadError
    ontbrekend: list[str] = field(default_factory=list)  # parts not there, not checked

    def neem_op(self, stap: str, report: ValidationReport) -> None:
        """Add ``report``'s files not yet checked by an earlier step (a file read twice —
        today's gemeenten by the projection — is reported once)."""
        seen = set(self.report.bestanden())
        nieuw = [f for f in report.bestanden() if f not in seen]
        part = ValidationReport(
            meldingen=[m for m in report.meldingen if m.bestand in nieuw],
            rijen_in=Counter({f: n for f, n in report.rijen_in.items() if f in nieuw}),
            rijen_geladen=Counter({f: n for f, n in report.rijen_geladen.items() if f in nieuw}),
            rijen_afgewezen=Counter(
                {f: n for f, n in report.rijen_afgewezen.items() if f in nieuw}
            ),
        )
        self.report.absorb(part)
        self.bestanden[stap] = nieuw


def _stap(controle: Controle, stap: str, laad) -> None:
    try:
        _reg, report = laad()
    except LoadError as exc:
        controle.onbruikbaar.append(stap)
        report = exc.report or ValidationReport()
        if not any(m.ernst == "fout" and str(exc) in m.reden for m in report.meldingen):
            report.fout(exc.bestand or "bestand", exc.plaats or "bestand", str(exc))
    controle.neem_op(stap, report)


def controleer(folder: Path) -> Controle:
    """Check every file of both layers in ``folder``: today's, then the 2016 layer, then its
    projection on today's gemeenten (the crosswalk). A part that is not there is listed in
    ``ontbrekend`` and not checked."""
    from kaartviewer.load import CROSSWALK_FILE, HISTORIE_MAP, load, load_register

    c = Controle()
    _stap(c, "actueel", lambda: load_register(folder))
    if not (folder / HISTORIE_MAP).is_dir():
        c.ontbrekend.append(f"{HISTORIE_MAP}/")
        return c
    _stap(c, "2016", lambda: load(folder, "2016", laag=HISTORISCH))
    if not (folder / HISTORIE_MAP / CROSSWALK_FILE).exists():
        c.ontbrekend.append(f"{HISTORIE_MAP}/{CROSSWALK_FILE}")
    elif "2016" not in c.onbruikbaar:
        _stap(c, "2016_op_2025", lambda: load(folder, "2025", laag=HISTORISCH))
    return c


def _print_bestand(naam: str, b: dict) -> None:
    r = b["rijen"]
    rijen = f"{r['in']} in, {r['geladen']} geladen, {r['afgewezen']} afgewezen" if r else "—"
    print(
        f"  {naam}: {rijen}; {aantal(b['fouten'], 'fout', 'fouten')}, "
        f"{aantal(b['waarschuwingen'], 'waarschuwing', 'waarschuwingen')}"
    )
    for m in b["meldingen"]:
        print(f"    [{m['ernst']}] {Melding(**m)}")


def validate(args: argparse.Namespace) -> int:
    """Check every data file of both layers and list every melding per file.

    Exit 0 when there are no errors, 1 with errors, 3 when a required file is unusable."""
    folder = data_path(args)
    c = controleer(folder)
    summary = c.report.to_dict()
    data = {
        "map": str(folder),
        "lagen": c.bestanden,
        "onbruikbaar": c.onbruikbaar,
        "ontbrekend": c.ontbrekend,
        **summary,
    }

    def human():
        print(f"gecontroleerd in {folder}:")
        for stap, titel in STAPPEN:
            if stap not in c.bestanden:
                continue
            print(f"{titel}{' — ONBRUIKBAAR' if stap in c.onbruikbaar else ''}:")
            for naam in c.bestanden[stap]:
                _print_bestand(naam, summary["bestanden"][naam])
        if c.ontbrekend:
            print(f"niet aanwezig (niet gecontroleerd): {', '.join(c.ontbrekend)}")
        print(
            f"{aantal(summary['fouten'], 'fout', 'fouten')}, "
            f"{aantal(summary['waarschuwingen'], 'waarschuwing', 'waarschuwingen')}"
        )

    emit(args, data, human)
    if c.onbruikbaar:
        return EXIT_DATA
    return EXIT_OK if c.report.ok else EXIT_NIET_GEVONDEN


# --- build-data --------------------------------------------------------------------------


def build_data_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "bronnen",
        nargs="?",
        default=str(config.DEFAULT_BRONNEN),
        help="map met de ruwe bronnen (standaard: %(default)s); de nieuwe data komt in --data",
    )


def build_data(args: argparse.Namespace) -> int:
    """Run the pipeline ``bronnen`` → ``--data``. An unusable source is exit 3 with the
    pipeline's Dutch reason, never a traceback."""
    from kaartviewer.pipeline import build_data as pipeline_build

    bronnen = Path(args.bronnen)
    out = data_path(args)
    try:
        report = pipeline_build(bronnen, out)
    except FileNotFoundError as exc:
        raise Fout(str(exc), EXIT_DATA) from exc
    except (ValueError, csv.Error, OSError) as exc:
        raise Fout(
            f"de bronnen in {bronnen} zijn niet bruikbaar: {exc}\n"
            "Herstel het bronbestand of vul de tabellen in kaartviewer/pipeline/ aan en "
            "bouw opnieuw; de data in "
            f"{out} is niet (volledig) bijgewerkt.",
            EXIT_DATA,
        ) from exc
    data = build_summary(report, bronnen, out)
    emit(args, data, lambda: _print_build(data))
    return EXIT_OK


#: Today's layer in the build report: the lists stay in bouwrapport.json, the CLI counts them.
_ACTUEEL_LIJSTEN = ("koppelingen", "verschillen", "meldingen")
#: Counts of today's layer that the summary sentence of ``build-data`` already gives.
_IN_DE_ZIN = frozenset(
    {
        "samenwerkingen",
        "samenwerkingen_register",
        "samenwerkingen_register_in_werking",
        "samenwerkingen_alleen_cbs",
        "koppelingen_cbs_register",
    }
)
#: At most this many changes are listed by name in the human output.
MAX_WIJZIGINGEN = 10


def build_summary(report, bronnen: Path, out: Path) -> dict:
    """What a build made: today's layer, what changed, the 2016 layer (JSON-ready)."""
    s = report.summary()
    actueel = {k: v for k, v in report.actueel.items() if k not in _ACTUEEL_LIJSTEN}
    actueel |= {f"aantal_{k}": len(report.actueel.get(k, [])) for k in _ACTUEEL_LIJSTEN}
    return {
        "map": str(out),
        "bronnen": str(bronnen),
        "actueel": actueel,
        "wijzigingen": report.wijzigingen,
        "laag_2016": {
            k: s[k]
            for k in (
                "aantallen",
                "opgelost_aandeel_gemeentelijke_rijen",
                "overig_aandeel",
                "onopgelost",
            )
        },
    }


def _print_wijzigingen(w: dict | None) -> None:
    if w is None:
        print("Wijzigingen: geen eerdere data in deze map (eerste bouw), niets te vergelijken.")
        return
    a = w["aantallen"]
    print(f"Wijzigingen ten opzichte van de vorige data (peildatum {w['van']} → {w['tot']}):")
    print(
        f"  samenwerkingen: {a['nieuw']} nieuw, {a['beeindigd']} beëindigd, "
        f"{a['gewijzigd']} gewijzigd; lidmaatschappen: {a['lidmaatschappen_bij']} "
        f"toegetreden, {a['lidmaatschappen_af']} uitgetreden"
    )
    regels = [
        f"{r['mutatie']}: {r['naam']} ({r['id']})" + (f" — {r['wat']}" if r["wat"] else "")
        for r in w["samenwerkingen"]
    ]
    for r in regels[:MAX_WIJZIGINGEN]:
        print(f"    {r}")
    if len(regels) > MAX_WIJZIGINGEN or w.get("ingekort"):
        print("    … (alles in bouwrapport.md)")


def _print_build(d: dict) -> None:
    a, h = d["actueel"], d["laag_2016"]
    print(f"data gebouwd in {d['map']} uit {d['bronnen']}")
    n = a.get("aantallen", {})
    print(f"Laag actueel (GR-register, snapshot {a.get('snapshot') or 'onbekend'}, en CBS 2025):")
    print(
        f"  {n.get('samenwerkingen', 0)} samenwerkingen: "
        f"{n.get('samenwerkingen_register', 0)} uit het register (waarvan "
        f"{n.get('samenwerkingen_register_in_werking', 0)} in werking op de snapshot), "
        f"{n.get('samenwerkingen_alleen_cbs', 0)} alleen CBS; "
        + aantal(
            n.get("koppelingen_cbs_register", 0),
            "CBS-regio gekoppeld aan een regeling",
            "CBS-regio's gekoppeld aan een regeling",
        )
    )
    for k, v in n.items():
        if k not in _IN_DE_ZIN:
            print(f"    {k}: {v}")
    vormen = a.get("juridische_vormen_register_in_werking", {})
    print(
        "  juridische vorm (register, in werking): "
        + (", ".join(f"{JURIDISCHE_VORMEN.get(k, k)} {v}" for k, v in vormen.items()) or "—")
    )
    print(f"  meldingen bij het lezen van het register: {a.get('aantal_meldingen', 0)}")
    _print_wijzigingen(d["wijzigingen"])
    t = h["aantallen"]
    print(
        f"Laag 2016 (map 2016/): {t.get('samenwerkingen', 0)} samenwerkingen op "
        f"{t.get('gemeenten', 0)} gemeenten, {t.get('lidmaatschappen', 0)} lidmaatschappen; "
        "opgeloste gemeentelijke deelnemersrijen "
        f"{procent(h['opgelost_aandeel_gemeentelijke_rijen'], 2)}, onderwerp 'overig' "
        f"{procent(h['overig_aandeel'], 1)}, onopgelost {len(h['onopgelost'])}"
    )
    print(f"Details: {Path(d['map']) / 'bouwrapport.md'}")
