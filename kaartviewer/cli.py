"""``kaartviewer`` command line: thin verbs over load/registry/network, Dutch output,
``--json`` for scripting. Exit codes: 0 ok, 1 not found / validation errors,
2 usage, 3 data unusable (structural failure)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from kaartviewer.registry import NotFound, Registry
from kaartviewer.schema import JURIDISCHE_VORMEN, ONDERWERPEN
from kaartviewer.validation import LoadError

#: The maintainers' checkout keeps the raw sources next to the repository.
DEFAULT_BRONNEN = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "bronnen"


def _emit(args, data, human: Callable[[], None]) -> None:
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        human()


def _registry(args) -> Registry:
    from kaartviewer.load import load

    reg, report = load(args.data, getattr(args, "gemeente_indeling", "2016"))
    if not report.ok and not args.json:
        print(
            f"let op: {len(report.fouten)} rij(en) afgewezen bij het laden; "
            "zie 'kaartviewer validate'",
            file=sys.stderr,
        )
    return reg


def _not_found(args, exc: NotFound) -> int:
    if args.json:
        json.dump({"fout": str(exc), "suggesties": exc.suggestions}, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(str(exc), file=sys.stderr)
        if exc.suggestions:
            print("Bedoelde u: " + "; ".join(exc.suggestions) + "?", file=sys.stderr)
    return 1


# --- commands ----------------------------------------------------------------------------


def cmd_validate(args) -> int:
    from kaartviewer.load import load

    _reg, report = load(args.data)
    data = report.to_dict()

    def human():
        for f, r in data["rijen"].items():
            print(f"{f}: {r['in']} in, {r['geladen']} geladen, {r['afgewezen']} afgewezen")
        for m in report.meldingen:
            print(f"[{m.ernst}] {m}")
        print(f"{len(report.fouten)} fout(en), {len(report.waarschuwingen)} waarschuwing(en)")

    _emit(args, data, human)
    return 0 if report.ok else 1


def cmd_build(args) -> int:
    from kaartviewer.pipeline import build_data

    bronnen = Path(args.bronnen)
    try:
        report = build_data(bronnen, Path(args.data))
    except FileNotFoundError as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 3
    s = report.summary()
    data = {
        k: s[k] for k in ("aantallen", "opgelost_aandeel_gemeentelijke_rijen", "overig_aandeel")
    }
    data["onopgelost"] = s["onopgelost"]

    def human():
        print(f"data gebouwd in {args.data} uit {bronnen}")
        for k, v in s["aantallen"].items():
            print(f"  {k}: {v}")
        print(
            f"  opgeloste gemeentelijke deelnemersrijen: {s['opgelost_aandeel_gemeentelijke_rijen']:.2%}"
        )
        print(f"  onderwerp 'overig': {s['overig_aandeel']:.1%}")
        print(
            f"  onopgelost: {len(s['onopgelost'])} (details in {Path(args.data) / 'bouwrapport.md'})"
        )

    _emit(args, data, human)
    return 0


def cmd_gemeente(args) -> int:
    reg = _registry(args)
    try:
        code = reg.find_gemeente(args.naam)
    except NotFound as exc:
        return _not_found(args, exc)
    g = reg.gemeenten.loc[code]
    df = reg.samenwerkingen_van(code)
    projected = "via" in df.columns
    items = []
    for i, r in df.iterrows():
        item = {
            "id": i,
            "naam": r.naam,
            "onderwerp": r.onderwerp,
            "juridische_vorm": r.juridische_vorm,
            "partners": int(r.partners),
            "bron": r.bron,
        }
        if projected:
            item["herkomst"] = {
                "via": r.via.split(", "),
                "via_codes": r.via_codes.split(";"),
                "deels": bool(r.deels),
                "aandeel": round(float(r.aandeel), 4),
            }
        items.append(item)
    data = {
        "gemeentecode": code,
        "gemeentenaam": g.gemeentenaam,
        "provincie": g.provincienaam,
        "gemeente_indeling": args.gemeente_indeling,
        "aantal": len(items),
        "samenwerkingen": items,
    }
    if projected:
        data["let_op"] = (
            "Samenwerkingen zoals geregistreerd in 2016, toegekend via de "
            "voorgangers van deze gemeente; ze kunnen sindsdien zijn veranderd."
        )

    def human():
        print(f"{g.gemeentenaam} ({code}, {g.provincienaam}): {len(items)} samenwerkingen")
        if projected:
            print(f"  (gemeente-indeling {args.gemeente_indeling}; {data['let_op']})")
        for it in items:
            via = ""
            if projected:
                h = it["herkomst"]
                via = f"  via {', '.join(h['via'])}" + (
                    f" (deels: {h['aandeel']:.0%} van het gebied)" if h["deels"] else ""
                )
            print(
                f"  {it['naam']}  [{ONDERWERPEN[it['onderwerp']]}; "
                f"{JURIDISCHE_VORMEN[it['juridische_vorm']]}; {it['partners']} partners]"
                f"{via}  {it['id']}"
            )

    _emit(args, data, human)
    return 0


def cmd_samenwerking(args) -> int:
    reg = _registry(args)
    try:
        sid = reg.find_samenwerking(args.naam)
    except NotFound as exc:
        return _not_found(args, exc)
    s = reg.samenwerkingen.loc[sid]
    leden = reg.deelnemers_van(sid)
    overige = reg.overige_van(sid)
    data = {
        "id": sid,
        "naam": s.naam,
        "onderwerp": s.onderwerp,
        "juridische_vorm": s.juridische_vorm,
        "onderwerp_herkomst": s.onderwerp_herkomst,
        "juridische_vorm_herkomst": s.juridische_vorm_herkomst,
        "bron": s.bron,
        "peildatum": s.peildatum,
        "regio_indeling": s.regio_indeling,
        "deelnemers": [
            {
                "gemeentecode": r.gemeentecode,
                "gemeentenaam": r.gemeentenaam,
                "provincie": r.provincienaam,
            }
            for r in leden.itertuples()
        ],
        "overige_deelnemers": [{"type": r.type, "naam": r.naam} for r in overige.itertuples()],
    }

    def human():
        print(f"{s.naam}  ({sid})")
        print(
            f"  onderwerp: {ONDERWERPEN[s.onderwerp]} ({s.onderwerp_herkomst}); "
            f"vorm: {JURIDISCHE_VORMEN[s.juridische_vorm]} ({s.juridische_vorm_herkomst})"
        )
        print(f"  bron: {s.bron}, peildatum {s.peildatum}")
        print(f"  {len(leden)} gemeenten:")
        for r in leden.itertuples():
            print(f"    {r.gemeentecode}  {r.gemeentenaam} ({r.provincienaam})")
        if len(overige):
            print(f"  {len(overige)} overige deelnemers:")
            for r in overige.itertuples():
                print(f"    [{r.type}] {r.naam}")

    _emit(args, data, human)
    return 0


def cmd_stats(args) -> int:
    reg = _registry(args)
    data = reg.stats()

    def human():
        m = data["lidmaatschappen_per_gemeente"]
        d = data["dekking"]
        print(f"gemeenten: {data['gemeenten']} (met geometrie: {data['gemeenten_met_geometrie']})")
        print(
            f"samenwerkingen: {data['samenwerkingen']} (OpenGR: {data['samenwerkingen_opengr']}, "
            f"RegioAtlas: {data['samenwerkingen_regioatlas']})"
        )
        print(
            f"lidmaatschappen: {data['lidmaatschappen']}; per gemeente gemiddeld {m['gemiddeld']}, "
            f"mediaan {m['mediaan']}, maximum {m['maximum']} ({m['maximum_gemeente']})"
        )
        print("per onderwerp:")
        for k, v in data["per_onderwerp"].items():
            print(f"  {ONDERWERPEN.get(k, k)}: {v}")
        print("per juridische vorm:")
        for k, v in data["per_juridische_vorm"].items():
            print(f"  {JURIDISCHE_VORMEN.get(k, k)}: {v}")
        share = d.get("opgelost_aandeel_gemeentelijke_rijen")
        print(
            f"peildatum: {d.get('peildatum')}; opgeloste gemeentelijke deelnemersrijen: {share:.2%}"
            if share is not None
            else f"peildatum: {d.get('peildatum')}"
        )
        for b in d.get("bronnen", []):
            print(f"  bron: {b['naam']} ({b['uitgever']}, {b['licentie']})")

    _emit(args, data, human)
    return 0


# --- parser ------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    from kaartviewer.load import DEFAULT_DATA_DIR, GEMEENTE_INDELINGEN

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="uitvoer als JSON")
    common.add_argument(
        "--data",
        default=str(DEFAULT_DATA_DIR),
        help="map met gemeenten.geojson en samenwerkingen.csv (standaard: %(default)s)",
    )
    common.add_argument(
        "--gemeente-indeling",
        choices=GEMEENTE_INDELINGEN,
        default="2016",
        help="gemeente-indeling: 2016 (peildatum van het register) of 2025 "
        "(vandaag; lidmaatschappen via de voorgangers)",
    )
    p = argparse.ArgumentParser(
        prog="kaartviewer",
        description="Kaartviewer intergemeentelijke samenwerking: register, analyse en kaart.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMANDO")
    s = sub.add_parser("validate", parents=[common], help="controleer de data (0 fouten = exit 0)")
    s.set_defaults(func=cmd_validate)
    s = sub.add_parser("build-data", parents=[common], help="bouw data/ opnieuw uit de bronnen")
    s.add_argument(
        "bronnen",
        nargs="?",
        default=str(DEFAULT_BRONNEN),
        help="map met de ruwe bronnen (standaard: %(default)s)",
    )
    s.set_defaults(func=cmd_build)
    s = sub.add_parser("gemeente", parents=[common], help="samenwerkingen van een gemeente")
    s.add_argument("naam", help="gemeentenaam of -code (GM0363)")
    s.set_defaults(func=cmd_gemeente)
    s = sub.add_parser("samenwerking", parents=[common], help="deelnemers van een samenwerking")
    s.add_argument("naam", help="naam of id van de samenwerking")
    s.set_defaults(func=cmd_samenwerking)
    s = sub.add_parser("stats", parents=[common], help="kerncijfers en dekking van de data")
    s.set_defaults(func=cmd_stats)
    from kaartviewer import cli_analysis

    cli_analysis.register(sub, common, _emit, _registry)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except LoadError as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 3
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error of ours.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
