"""Analysis verbs of the CLI: indelingen, congruentie, overlap, spaghetti, regios."""

from __future__ import annotations

import math

from kaartviewer import network as nw
from kaartviewer.registry import NotFound
from kaartviewer.schema import ONDERWERPEN


def _num(x):
    """JSON-safe number (NaN → None), rounded for humans and machines alike."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return round(float(x), 4)


def _indeling(reg, name: str) -> str:
    ov = nw.regio_indelingen_overview(reg)
    ids = list(ov["regio_indeling"])
    if name in ids or name == "provincie":
        return name
    by_name = {n.casefold(): i for i, n in zip(ov["regio_indeling"], ov["naam"], strict=True)}
    if name.casefold() in by_name:
        return by_name[name.casefold()]
    from kaartviewer.text import close_matches

    raise NotFound(
        f"Geen regio-indeling '{name}'.", close_matches(name, ids + list(ov["naam"]), n=5)
    )


def register(sub, common, emit, registry) -> None:
    """Add the analysis sub-commands to the ``kaartviewer`` parser."""

    def cmd_indelingen(args) -> int:
        reg = registry(args)
        ov = nw.regio_indelingen_overview(reg)
        data = [
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
            print(f"{'id':<24} {'soort':<13} {'regio’s':>7} {'gemeenten':>9}  naam")
            for d in data:
                print(
                    f"{d['id']:<24} {d['indeling_soort']:<13} {d['regios']:>7} {d['gemeenten']:>9}  {d['naam']}"
                )

        emit(args, data, human)
        return 0

    def cmd_congruentie(args) -> int:
        if args.toen_nu:  # loads both indelingen itself; no need for the default registry
            from kaartviewer.load import load

            then, _ = load(args.data, "2016")
            now, _ = load(args.data, "2025")
            res = nw.then_and_now(then, now)
            ids = res["indelingen"]
            pairs = [
                {
                    "a": a,
                    "b": b,
                    "ari_2016": _num(res["ari_toen"].at[a, b]),
                    "ari_2025": _num(res["ari_nu"].at[a, b]),
                    "nmi_2016": _num(res["nmi_toen"].at[a, b]),
                    "nmi_2025": _num(res["nmi_nu"].at[a, b]),
                }
                for i, a in enumerate(ids)
                for b in ids[i + 1 :]
            ]
            data = {"indelingen": ids, "paren": pairs}

            def human():
                print("Congruentie tussen regio-indelingen, 2016 (RegioAtlas) en 2025 (CBS):")
                print(
                    f"  {'indeling A':<18} {'indeling B':<18} {'ARI 2016':>8} {'ARI 2025':>8} {'NMI 2016':>8} {'NMI 2025':>8}"
                )
                for p in sorted(pairs, key=lambda p: -(p["ari_2025"] or 0)):
                    print(
                        f"  {p['a']:<18} {p['b']:<18} {p['ari_2016']:>8.3f} {p['ari_2025']:>8.3f} "
                        f"{p['nmi_2016']:>8.3f} {p['nmi_2025']:>8.3f}"
                    )

            emit(args, data, human)
            return 0
        reg = registry(args)
        if args.matrix:
            ari, nmi = nw.congruence_matrix(reg)
            data = {
                "indelingen": list(ari.index),
                "ari": [[_num(v) for v in row] for row in ari.to_numpy()],
                "nmi": [[_num(v) for v in row] for row in nmi.to_numpy()],
            }

            def human():
                ids = list(ari.index)
                print(
                    "Adjusted Rand index (ARI) tussen indelingen (1 = gelijk, 0 = onafhankelijk):"
                )
                print(" " * 24 + " ".join(f"{i[:6]:>6}" for i in ids))
                for i in ids:
                    print(f"{i:<24}" + " ".join(f"{ari.at[i, j]:>6.2f}" for j in ids))

            emit(args, data, human)
            return 0
        if not args.a or not args.b:
            print(
                "Geef twee indelingen (bijv. 'kaartviewer congruentie ggd veiligheidsregio') "
                "of --matrix."
            )
            return 2
        try:
            a, b = _indeling(reg, args.a), _indeling(reg, args.b)
        except NotFound as exc:
            return _not_found(args, exc, emit)
        res = nw.compare_regio_indelingen(reg, a, b)
        data = {k: (_num(v) if k in ("ari", "nmi") else v) for k, v in res.items()}
        for r in data["per_regio"]:
            r["aandeel"] = _num(r["aandeel"])

        def human():
            print(
                f"{a} ↔ {b} over {res['gemeenten']} gemeenten: "
                f"ARI {res['ari']:.3f}, NMI {res['nmi']:.3f}"
            )
            print(f"  {'regio (' + a + ')':<40} {'gem.':>4}  grootste deel in {b}")
            for r in res["per_regio"]:
                print(
                    f"  {r['regio'][:40]:<40} {r['gemeenten']:>4}  {r['grootste_deel']} "
                    f"({r['aandeel']:.0%})"
                )

        emit(args, data, human)
        return 0

    def cmd_overlap(args) -> int:
        reg = registry(args)
        onderwerp = None
        if args.onderwerp:
            if args.onderwerp not in ONDERWERPEN:
                from kaartviewer.text import close_matches

                return _not_found(
                    args,
                    NotFound(
                        f"Onbekend onderwerp '{args.onderwerp}'.",
                        close_matches(args.onderwerp, ONDERWERPEN, n=3),
                    ),
                    emit,
                )
            onderwerp = [args.onderwerp]
        df = nw.overlap_pairs(reg, min_jaccard=args.min_jaccard, onderwerp=onderwerp)
        if args.alleen_zelfde_onderwerp:
            df = df[df["zelfde_onderwerp"]]
        shown = df.head(args.top) if args.top else df
        data = {
            "aantal": int(len(df)),
            "per_overlap_soort": {k: int(v) for k, v in df["overlap_soort"].value_counts().items()},
            "paren": [
                {
                    **{k: r[k] for k in ("a", "b", "naam_a", "naam_b", "overlap_soort")},
                    "n_a": int(r["n_a"]),
                    "n_b": int(r["n_b"]),
                    "gedeeld": int(r["gedeeld"]),
                    "jaccard": _num(r["jaccard"]),
                    "containment": _num(r["containment"]),
                    "zelfde_onderwerp": bool(r["zelfde_onderwerp"]),
                }
                for _, r in shown.iterrows()
            ],
        }

        def human():
            print(
                f"{len(df)} kandidaat-paren (identiek/genest/Jaccard ≥ {args.min_jaccard}); "
                + ", ".join(f"{k}: {v}" for k, v in data["per_overlap_soort"].items())
            )
            for p in data["paren"]:
                flag = " [zelfde onderwerp]" if p["zelfde_onderwerp"] else ""
                print(
                    f"  {p['overlap_soort']:<13} J={p['jaccard']:.2f} C={p['containment']:.2f}  "
                    f"{p['naam_a']} ({p['n_a']}) ↔ {p['naam_b']} ({p['n_b']}){flag}"
                )
            if args.top and len(df) > args.top:
                print(f"  … en {len(df) - args.top} meer (gebruik --top 0 voor alles)")

        emit(args, data, human)
        return 0

    def cmd_spaghetti(args) -> int:
        reg = registry(args)
        df = nw.gemeente_metrics(reg).sort_values(["rang", "gemeentenaam"], na_position="last")
        shown = df.head(args.top) if args.top else df
        data = [
            {
                "gemeentecode": c,
                "gemeentenaam": r.gemeentenaam,
                "rang": None if r.rang is None or r.rang != r.rang else int(r.rang),
                "spaghetti": _num(r.spaghetti),
                "lidmaatschappen": int(r.lidmaatschappen),
                "partners": int(r.partners),
                "aandeel_buiten_provincie": _num(r.aandeel_buiten_provincie),
            }
            for c, r in shown.iterrows()
        ]

        def human():
            print(
                "Spaghetti-index S = 1 − gemiddelde Jaccard-gelijkenis tussen de "
                "samenwerkingen van een gemeente (0 = steeds dezelfde partners)"
            )
            print(
                f"{'rang':>4}  {'gemeente':<32} {'S':>5} {'lidm.':>5} {'partners':>8} {'buiten prov.':>12}"
            )
            for d in data:
                s = "—" if d["spaghetti"] is None else f"{d['spaghetti']:.3f}"
                bp = (
                    "—"
                    if d["aandeel_buiten_provincie"] is None
                    else f"{d['aandeel_buiten_provincie']:.0%}"
                )
                rang = "—" if d["rang"] is None else d["rang"]
                print(
                    f"{rang:>4}  {d['gemeentenaam']:<32} {s:>5} {d['lidmaatschappen']:>5} "
                    f"{d['partners']:>8} {bp:>12}"
                )

        emit(args, data, human)
        return 0

    def cmd_regios(args) -> int:
        reg = registry(args)
        labels = nw.natural_regions(reg, resolution=args.resolutie, seed=args.seed)
        agree = nw.natural_regions_agreement(reg, labels)
        prov = agree[agree["regio_indeling"] == "provincie"].iloc[0]
        names = reg.gemeenten["gemeentenaam"]
        regios = [
            {"regio": int(k), "gemeenten": sorted(names[g.index])}
            for k, g in labels.groupby(labels)
        ]
        data = {
            "resolutie": args.resolutie,
            "seed": args.seed,
            "aantal": len(regios),
            "ari_provincies": _num(prov["ari"]),
            "nmi_provincies": _num(prov["nmi"]),
            "overeenkomst": [
                {"regio_indeling": r.regio_indeling, "ari": _num(r.ari), "nmi": _num(r.nmi)}
                for r in agree.itertuples()
            ],
            "regios": regios,
        }

        def human():
            print(
                f"{len(regios)} natuurlijke regio's (Louvain, resolutie {args.resolutie}, "
                f"seed {args.seed}); overeenkomst met provincies: ARI {prov['ari']:.3f}, "
                f"NMI {prov['nmi']:.3f}"
            )
            for r in regios:
                more = f" … (+{len(r['gemeenten']) - 8})" if len(r["gemeenten"]) > 8 else ""
                print(
                    f"  regio {r['regio']}: {len(r['gemeenten'])} gemeenten: "
                    f"{', '.join(r['gemeenten'][:8])}{more}"
                )
            print("Best passende indelingen:")
            for r in data["overeenkomst"][:5]:
                print(f"  {r['regio_indeling']}: ARI {r['ari']:.3f}, NMI {r['nmi']:.3f}")

        emit(args, data, human)
        return 0

    s = sub.add_parser("indelingen", parents=[common], help="alle regio-indelingen")
    s.set_defaults(func=cmd_indelingen)
    s = sub.add_parser(
        "congruentie",
        parents=[common],
        help="ARI/NMI tussen twee indelingen, of --matrix voor alle paren",
    )
    s.add_argument("a", nargs="?", help="regio-indeling (id of naam), bijv. ggd")
    s.add_argument("b", nargs="?", help="tweede indeling, bijv. veiligheidsregio")
    s.add_argument("--matrix", action="store_true", help="matrix van alle paren indelingen")
    s.add_argument(
        "--toen-nu",
        action="store_true",
        help="vergelijk de congruentie van 2016 met die van 2025 (zelfde indelingen)",
    )
    s.set_defaults(func=cmd_congruentie)
    s = sub.add_parser("overlap", parents=[common], help="overlappende samenwerkingen")
    s.add_argument("--onderwerp", help=f"één onderwerp ({', '.join(ONDERWERPEN)})")
    s.add_argument("--min-jaccard", type=float, default=0.5, help="drempel (standaard 0.5)")
    s.add_argument(
        "--alleen-zelfde-onderwerp",
        action="store_true",
        help="alleen paren met hetzelfde onderwerp (mogelijke dubbeling)",
    )
    s.add_argument("--top", type=int, default=25, help="toon de eerste N (0 = alle)")
    s.set_defaults(func=cmd_overlap)
    s = sub.add_parser("spaghetti", parents=[common], help="spaghetti-index per gemeente")
    s.add_argument("--top", type=int, default=20, help="toon de eerste N (0 = alle)")
    s.set_defaults(func=cmd_spaghetti)
    s = sub.add_parser("regios", parents=[common], help="natuurlijke regio's (Louvain)")
    s.add_argument("--resolutie", type=float, default=1.0, help="Louvain-resolutie (standaard 1.0)")
    s.add_argument("--seed", type=int, default=42, help="vaste seed (standaard 42)")
    s.set_defaults(func=cmd_regios)


def _not_found(args, exc: NotFound, _emit) -> int:
    from kaartviewer.cli import _not_found as report

    return report(args, exc)
