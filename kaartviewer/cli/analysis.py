"""Analysis commands: ``indelingen``, ``congruentie``, ``overlap``, ``spaghetti``, ``regios``.

Thin over :mod:`kaartviewer.network`; the formulas are documented there and in README.
"""

from __future__ import annotations

import argparse

from kaartviewer import network as nw
from kaartviewer.cli.common import EXIT_OK, write_json
from kaartviewer.cli.fmt import LEEG, aantal, geheel, getal, json_getal, procent
from kaartviewer.cli.laag import ACTUEEL, HISTORISCH, Weergave, load_layer, opties_gegeven, toon
from kaartviewer.cli.nl_argparse import (
    UsageError,
    aantal_arg,
    fractie_arg,
    positief_arg,
)
from kaartviewer.registry import NotFound, Registry
from kaartviewer.schema import ONDERWERPEN
from kaartviewer.text import close_matches

#: ``overlap_soort`` of a candidate pair (see :func:`kaartviewer.network.overlap_pairs`).
OVERLAP_SOORTEN: tuple[str, ...] = ("identiek", "genest", "vergelijkbaar")
REGIOS = "regio's"

# --- indelingen --------------------------------------------------------------------------


def indelingen(args: argparse.Namespace) -> int:
    """Every regio-indeling with its indeling_soort and size."""
    reg = load_layer(args)
    ov = nw.regio_indelingen_overview(reg)
    rows = [
        {
            "id": r.regio_indeling,
            "naam": r.naam,
            "indeling_soort": r.indeling_soort,
            "regios": int(r.regios),
            "gemeenten": int(r.gemeenten),
        }
        for r in ov.itertuples()
    ]

    def human():
        print(f"{'regio_indeling':<24} {'indeling_soort':<14} {REGIOS:>7} {'gemeenten':>9}  naam")
        for d in rows:
            print(
                f"{d['id']:<24} {d['indeling_soort']:<14} {d['regios']:>7} "
                f"{d['gemeenten']:>9}  {d['naam']}"
            )

    toon(args, Weergave.van(reg), {"indelingen": rows}, human)
    return EXIT_OK


# --- congruentie -------------------------------------------------------------------------


def congruentie_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("a", nargs="?", help="regio-indeling (id of naam), bijv. ggd")
    p.add_argument("b", nargs="?", help="tweede regio-indeling, bijv. veiligheidsregio")
    p.add_argument(
        "--matrix",
        action="store_true",
        help="ARI en NMI voor alle paren regio-indelingen (als lijst, hoogste ARI eerst; "
        "met --json als matrices)",
    )
    p.add_argument(
        "--toen-nu",
        action="store_true",
        help="dezelfde paren in 2016 (laag 2016, RegioAtlas) en vandaag (laag actueel, "
        "CBS 2025) naast elkaar (laadt beide zelf; --laag, --peildatum en "
        "--gemeente-indeling horen er niet bij)",
    )


def find_regio_indeling(reg: Registry, name: str) -> str:
    """A regio-indeling by id or (case-insensitive) name; close matches as suggestions."""
    ov = nw.regio_indelingen_overview(reg)
    ids = list(ov["regio_indeling"])
    if name in ids or name == "provincie":
        return name
    by_name = {n.casefold(): i for i, n in zip(ov["regio_indeling"], ov["naam"], strict=True)}
    if name.casefold() in by_name:
        return by_name[name.casefold()]
    raise NotFound(
        f"Geen regio-indeling '{name}'.", close_matches(name, ids + list(ov["naam"]), n=5)
    )


def congruentie(args: argparse.Namespace) -> int:
    """ARI/NMI of two regio-indelingen, of all pairs (``--matrix``) or 2016 vs 2025."""
    modes = [args.matrix, args.toen_nu, bool(args.a or args.b)]
    if sum(modes) != 1 or (modes[2] and not (args.a and args.b)):
        raise UsageError(
            "geef twee regio-indelingen (bijv. 'kaartviewer congruentie ggd "
            "veiligheidsregio'), of --matrix, of --toen-nu"
        )
    if args.toen_nu:
        if opties_gegeven(args):
            raise UsageError(
                f"--toen-nu vergelijkt zelf de laag 2016 met vandaag; laat "
                f"{' en '.join(opties_gegeven(args))} weg"
            )
        return _toen_nu(args)
    if args.matrix:
        return _matrix(args)
    return _pair(args)


def _pair(args: argparse.Namespace) -> int:
    reg = load_layer(args)
    a, b = find_regio_indeling(reg, args.a), find_regio_indeling(reg, args.b)
    res = nw.compare_regio_indelingen(reg, a, b)
    data = {k: (json_getal(v) if k in ("ari", "nmi") else v) for k, v in res.items()}
    for r in data["per_regio"]:
        r["aandeel"] = json_getal(r["aandeel"])

    def human():
        print(
            f"{a} ↔ {b} over {res['gemeenten']} gemeenten: "
            f"ARI {getal(res['ari'])}, NMI {getal(res['nmi'])}"
        )
        print(f"  {'regio (' + a + ')':<40} {'gem.':>4}  grootste deel in {b}")
        for r in res["per_regio"]:
            print(
                f"  {r['regio'][:40]:<40} {r['gemeenten']:>4}  {r['grootste_deel']} "
                f"({procent(r['aandeel'])})"
            )

    toon(args, Weergave.van(reg), data, human)
    return EXIT_OK


def _matrix(args: argparse.Namespace) -> int:
    reg = load_layer(args)
    ari, nmi = nw.congruence_matrix(reg)
    ids = list(ari.index)
    data = {
        "indelingen": ids,
        "ari": [[json_getal(v) for v in row] for row in ari.to_numpy()],
        "nmi": [[json_getal(v) for v in row] for row in nmi.to_numpy()],
    }
    pairs = [(a, b, ari.at[a, b], nmi.at[a, b]) for i, a in enumerate(ids) for b in ids[i + 1 :]]
    pairs.sort(key=lambda p: (-_or(p[2], -2.0), p[0], p[1]))

    def human():
        print(
            f"Congruentie van {aantal(len(pairs), 'paar', 'paren')} regio-indelingen, hoogste "
            "ARI eerst (1 = gelijke indeling, 0 = onafhankelijk; --json geeft de matrices):"
        )
        print(f"  {'ARI':>6} {'NMI':>6}  {'regio-indeling A':<24} regio-indeling B")
        for a, b, x, y in pairs:
            print(f"  {getal(x):>6} {getal(y):>6}  {a:<24} {b}")

    toon(args, Weergave.van(reg), data, human)
    return EXIT_OK


def _or(x, default: float) -> float:
    return default if json_getal(x) is None else float(x)


def _toen_nu(args: argparse.Namespace) -> int:
    then = load_layer(args, laag=HISTORISCH, gemeente_indeling="2016")
    now = load_layer(args, laag=ACTUEEL)
    res = nw.then_and_now(then, now)
    ids = res["indelingen"]
    pairs = [
        {
            "a": a,
            "b": b,
            "ari_2016": json_getal(res["ari_toen"].at[a, b]),
            "ari_2025": json_getal(res["ari_nu"].at[a, b]),
            "nmi_2016": json_getal(res["nmi_toen"].at[a, b]),
            "nmi_2025": json_getal(res["nmi_nu"].at[a, b]),
        }
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
    ]
    data = {
        "toen": Weergave.van(then).json(),
        "nu": Weergave.van(now).json(),
        "indelingen": ids,
        "paren": pairs,
    }

    def human():
        print(
            "Congruentie tussen regio-indelingen, 2016 (laag 2016: RegioAtlas) en 2025 "
            f"(laag actueel: CBS 2025, peildatum {data['nu']['peildatum']}):"
        )
        print(
            f"  {'regio-indeling A':<18} {'regio-indeling B':<18} "
            f"{'ARI 2016':>8} {'ARI 2025':>8} {'NMI 2016':>8} {'NMI 2025':>8}"
        )
        for p in sorted(pairs, key=lambda p: -_or(p["ari_2025"], -2.0)):
            print(
                f"  {p['a']:<18} {p['b']:<18} {getal(p['ari_2016']):>8} "
                f"{getal(p['ari_2025']):>8} {getal(p['nmi_2016']):>8} {getal(p['nmi_2025']):>8}"
            )

    if args.json:
        write_json(data)
    else:
        human()
    return EXIT_OK


# --- overlap -----------------------------------------------------------------------------

OVERLAP_UITLEG = (
    "Identieke en geneste paren tellen altijd mee; --min-jaccard geldt alleen voor "
    "'vergelijkbaar' (kies soorten met --overlap-soort)."
)


def overlap_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--onderwerp",
        choices=list(ONDERWERPEN),
        metavar="ONDERWERP",
        help="één onderwerp: " + ", ".join(ONDERWERPEN),
    )
    p.add_argument(
        "--min-jaccard",
        type=fractie_arg,
        default=0.5,
        metavar="J",
        help="drempel 0–1 voor 'vergelijkbare' paren (standaard 0,5). "
        "Identieke en geneste paren tellen altijd mee, welke drempel ook",
    )
    p.add_argument(
        "--overlap-soort",
        action="append",
        choices=OVERLAP_SOORTEN,
        help="alleen paren van deze overlap_soort (herhaalbaar); standaard alle drie",
    )
    p.add_argument(
        "--alleen-zelfde-onderwerp",
        action="store_true",
        help="alleen paren met hetzelfde onderwerp (mogelijke dubbeling)",
    )
    p.add_argument(
        "--top", type=aantal_arg, default=25, metavar="N", help="toon de eerste N (0 = alle)"
    )


def _pair_json(r) -> dict:
    return {
        **{k: r[k] for k in ("a", "b", "naam_a", "naam_b", "overlap_soort")},
        "n_a": int(r["n_a"]),
        "n_b": int(r["n_b"]),
        "gedeeld": int(r["gedeeld"]),
        "jaccard": json_getal(r["jaccard"]),
        "containment": json_getal(r["containment"]),
        "zelfde_onderwerp": bool(r["zelfde_onderwerp"]),
    }


def overlap(args: argparse.Namespace) -> int:
    """Candidate pairs of overlapping samenwerkingen (identiek, genest, vergelijkbaar)."""
    reg = load_layer(args)
    onderwerp = [args.onderwerp] if args.onderwerp else None
    df = nw.overlap_pairs(reg, min_jaccard=args.min_jaccard, onderwerp=onderwerp)
    if args.overlap_soort:
        df = df[df["overlap_soort"].isin(args.overlap_soort)]
    if args.alleen_zelfde_onderwerp:
        df = df[df["zelfde_onderwerp"]]
    shown = df.head(args.top) if args.top else df
    counts = df["overlap_soort"].value_counts()
    data = {
        "aantal": int(len(df)),
        "min_jaccard": args.min_jaccard,
        "per_overlap_soort": {k: int(counts[k]) for k in OVERLAP_SOORTEN if k in counts},
        "paren": [_pair_json(r) for _, r in shown.iterrows()],
    }

    def human():
        per = ", ".join(f"{v} {k}" for k, v in data["per_overlap_soort"].items())
        print(
            f"{len(df)} kandidaat-paren{': ' + per if per else ''} "
            f"(vergelijkbaar: Jaccard ≥ {getal(args.min_jaccard, 2)})"
        )
        print(f"  {OVERLAP_UITLEG}")
        for p in data["paren"]:
            flag = " [zelfde onderwerp]" if p["zelfde_onderwerp"] else ""
            print(
                f"  {p['overlap_soort']:<13} J={getal(p['jaccard'], 2)} "
                f"C={getal(p['containment'], 2)}  "
                f"{p['naam_a']} ({p['n_a']}) ↔ {p['naam_b']} ({p['n_b']}){flag}"
            )
        if args.top and len(df) > args.top:
            print(f"  … en {len(df) - args.top} meer (gebruik --top 0 voor alles)")

    toon(args, Weergave.van(reg), data, human)
    return EXIT_OK


# --- spaghetti ---------------------------------------------------------------------------


def spaghetti_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--top",
        type=aantal_arg,
        default=20,
        metavar="N",
        help="toon de eerste N (0 = alle, ook gemeenten zonder index)",
    )


def spaghetti(args: argparse.Namespace) -> int:
    """Spaghetti index per gemeente, highest first; gemeenten without one come last."""
    reg = load_layer(args)
    df = nw.gemeente_metrics(reg).sort_values(["rang", "gemeentenaam"], na_position="last")
    shown = df.head(args.top) if args.top else df
    rows = [
        {
            "gemeentecode": c,
            "gemeentenaam": r.gemeentenaam,
            "rang": geheel(r.rang),
            "spaghetti": json_getal(r.spaghetti),
            "lidmaatschappen": int(r.lidmaatschappen),
            "partners": int(r.partners),
            "aandeel_buiten_provincie": json_getal(r.aandeel_buiten_provincie),
        }
        for c, r in shown.iterrows()
    ]

    def human():
        print(
            "Spaghetti-index S = 1 − gemiddelde Jaccard-gelijkenis tussen de "
            f"samenwerkingen van een gemeente (0 = steeds dezelfde partners; {LEEG} = "
            "minder dan twee samenwerkingen)"
        )
        print(
            f"{'rang':>4}  {'gemeente':<32} {'S':>5} {'lidm.':>5} {'partners':>8} "
            f"{'buiten prov.':>12}"
        )
        for d in rows:
            rang = LEEG if d["rang"] is None else d["rang"]
            print(
                f"{rang:>4}  {d['gemeentenaam']:<32} {getal(d['spaghetti']):>5} "
                f"{d['lidmaatschappen']:>5} {d['partners']:>8} "
                f"{procent(d['aandeel_buiten_provincie']):>12}"
            )

    toon(args, Weergave.van(reg), {"gemeenten": rows}, human)
    return EXIT_OK


# --- regios ------------------------------------------------------------------------------


def regios_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--resolutie",
        type=positief_arg,
        default=1.0,
        metavar="R",
        help="Louvain-resolutie > 0; hoger = meer, kleinere regio's (standaard 1,0)",
    )
    p.add_argument("--seed", type=int, default=42, metavar="N", help="vaste seed (standaard 42)")


def regios(args: argparse.Namespace) -> int:
    """Natural regions (Louvain) of the co-membership graph and their fit to indelingen."""
    reg = load_layer(args)
    labels = nw.natural_regions(reg, resolution=args.resolutie, seed=args.seed)
    agree = nw.natural_regions_agreement(reg, labels)
    prov = agree[agree["regio_indeling"] == "provincie"].iloc[0]
    names = reg.gemeenten["gemeentenaam"]
    found = [
        {"regio": int(k), "gemeenten": sorted(names[g.index])} for k, g in labels.groupby(labels)
    ]
    data = {
        "resolutie": args.resolutie,
        "seed": args.seed,
        "aantal": len(found),
        "ari_provincies": json_getal(prov["ari"]),
        "nmi_provincies": json_getal(prov["nmi"]),
        "overeenkomst": [
            {"regio_indeling": r.regio_indeling, "ari": json_getal(r.ari), "nmi": json_getal(r.nmi)}
            for r in agree.itertuples()
        ],
        "regios": found,
    }

    def human():
        print(
            f"{len(found)} natuurlijke regio's (Louvain, resolutie {getal(args.resolutie, 1)}, "
            f"seed {args.seed}); overeenkomst met provincies: ARI {getal(prov['ari'])}, "
            f"NMI {getal(prov['nmi'])}"
        )
        for r in found:
            n = len(r["gemeenten"])
            more = f" … (+{n - 8})" if n > 8 else ""
            print(
                f"  regio {r['regio']}: {aantal(n, 'gemeente', 'gemeenten')}: "
                f"{', '.join(r['gemeenten'][:8])}{more}"
            )
        print("Best passende regio-indelingen:")
        for r in data["overeenkomst"][:5]:
            print(f"  {r['regio_indeling']}: ARI {getal(r['ari'])}, NMI {getal(r['nmi'])}")

    toon(args, Weergave.van(reg), data, human)
    return EXIT_OK
