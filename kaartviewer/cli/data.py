"""Data commands: ``validate`` (check every shipped file) and ``build-data`` (the pipeline)."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from kaartviewer import config
from kaartviewer.cli.common import EXIT_DATA, EXIT_NIET_GEVONDEN, EXIT_OK, Fout, data_path, emit
from kaartviewer.cli.fmt import aantal, procent

# --- validate ----------------------------------------------------------------------------


def validate(args: argparse.Namespace) -> int:
    """Check every file in the data directory: the 2016 files always, the 2025 files
    (gemeenten, crosswalk, regio-indelingen) when they are there. Exit 1 on any error."""
    from kaartviewer.load import (
        CROSSWALK_FILE,
        GEMEENTEN_2025_FILE,
        INDELINGEN_2025_FILE,
        load,
    )

    folder = data_path(args)
    files_2025 = (GEMEENTEN_2025_FILE, CROSSWALK_FILE, INDELINGEN_2025_FILE)
    ontbrekend = [f for f in files_2025 if not (folder / f).exists()]
    # Loading on 2025 reads the 2016 files too: one pass checks every file that is there.
    indelingen = ["2016"] if len(ontbrekend) == len(files_2025) else ["2016", "2025"]
    _reg, report = load(folder, indelingen[-1])
    data = {
        "map": str(folder),
        "gemeente_indelingen": indelingen,
        "ontbrekend": ontbrekend,
        **report.to_dict(),
    }

    def human():
        print(f"gecontroleerd: gemeente-indeling {' en '.join(indelingen)} in {folder}")
        for f, r in data["rijen"].items():
            print(f"  {f}: {r['in']} in, {r['geladen']} geladen, {r['afgewezen']} afgewezen")
        if ontbrekend:
            print(f"  niet aanwezig (niet gecontroleerd): {', '.join(ontbrekend)}")
        for m in report.meldingen:
            print(f"[{m.ernst}] {m}")
        print(
            f"{aantal(len(report.fouten), 'fout', 'fouten')}, "
            f"{aantal(len(report.waarschuwingen), 'waarschuwing', 'waarschuwingen')}"
        )

    emit(args, data, human)
    return EXIT_OK if report.ok else EXIT_NIET_GEVONDEN


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
    s = report.summary()
    data = {
        k: s[k] for k in ("aantallen", "opgelost_aandeel_gemeentelijke_rijen", "overig_aandeel")
    }
    data["onopgelost"] = s["onopgelost"]

    def human():
        print(f"data gebouwd in {out} uit {bronnen}")
        for k, v in s["aantallen"].items():
            print(f"  {k}: {v}")
        print(
            "  opgeloste gemeentelijke deelnemersrijen: "
            f"{procent(s['opgelost_aandeel_gemeentelijke_rijen'], 2)}"
        )
        print(f"  onderwerp 'overig': {procent(s['overig_aandeel'], 1)}")
        print(f"  onopgelost: {len(s['onopgelost'])} (details in {out / 'bouwrapport.md'})")

    emit(args, data, human)
    return EXIT_OK
