"""``kaartviewer build-data``: raw sources → the shipped ``data/`` files.

Deterministic by construction: every collection is sorted before it is written and the
report carries no timestamps, so two builds from the same sources give identical bytes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from kaartviewer import provenance
from kaartviewer.pipeline import actueel, boundaries, classify, link, sources
from kaartviewer.pipeline.resolve import NameResolver, Resolution, read_aliases
from kaartviewer.schema import (
    BEEINDIGDE_STATUSSEN,
    INDELING_COLUMNS,
    JURIDISCHE_VORMEN,
    LIST_SEP,
    SAMENWERKING_COLUMNS,
    STATUSSEN,
    TYPE_SEP,
    WGR_VORMEN,
)
from kaartviewer.text import clean, fold, slug

PEILDATUM = "2016"
BRON_OPENGR = "OpenGR 2016"
BRON_REGIOATLAS = "RegioAtlas 2016"
_ABBREV_SUFFIX = re.compile(r"\s*\(([A-Z0-9&+\-. ]{2,12}|[A-Za-z]{2,6})\)\s*$")

#: What a source says about a body's life in a bracket at the end of its name → ``status``.
#: "Servicebureau | Gemeenten (opgeheven)", "… (opgeheven per 25 januari 2016)",
#: "WOT (TOP-Craft) (in 2016 opgeheven)", "… (in liquidatie)",
#: "WHW-bedrijven (in 2016 opgegaan in Werk & Inkomen Hoeksche Waard)".
STATUS_REGELS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\s*\(\s*in\s+liquidatie\s*\)\s*$", re.I), "in_liquidatie"),
    (re.compile(r"\s*\(\s*(in\s+\d{4}\s+)?opgeheven(\s+per\s+[^()]*)?\)\s*$", re.I), "opgeheven"),
    (re.compile(r"\s*\(\s*(in\s+\d{4}\s+)?opgegaan\s+in\s+[^()]*\)\s*$", re.I), "opgegaan"),
)
#: When the spellings of one arrangement disagree, the most final status wins.
_STATUS_RANG = {"actief": 0, "in_liquidatie": 1, "opgegaan": 2, "opgeheven": 3}
#: Wgr forms specific enough to replace ``wgr_onbekend`` when two records are one body.
_SPECIFIEKE_WGR_VORMEN = WGR_VORMEN - {"wgr_onbekend"}


def status_from_name(naam: str) -> tuple[str, str, str]:
    """``(naam zonder status, status, wat de bron zegt)``; ``actief`` when the name says nothing.

    >>> status_from_name("Streekraad Oost-Groningen (in liquidatie)")
    ('Streekraad Oost-Groningen', 'in_liquidatie', 'in liquidatie')
    """
    for rx, status in STATUS_REGELS:
        m = rx.search(naam)
        if m:
            return naam[: m.start()].strip(), status, m.group(0).strip(" ()")
    return naam, "actief", ""


@dataclass
class Samenwerking:
    id: str
    naam: str
    juridische_vorm: str
    juridische_vorm_herkomst: str
    onderwerp: str
    onderwerp_herkomst: str
    deelnemers: set[str] = field(default_factory=set)
    overige: set[tuple[str, str]] = field(default_factory=set)
    bron: list[str] = field(default_factory=list)
    regio_indeling: str = ""  # "indeling:regio", several joined with ";"
    bron_namen: set[str] = field(default_factory=set)
    status: str = "actief"

    def row(self) -> dict[str, str]:
        return {
            "id": self.id,
            "naam": self.naam,
            "juridische_vorm": self.juridische_vorm,
            "juridische_vorm_herkomst": self.juridische_vorm_herkomst,
            "onderwerp": self.onderwerp,
            "onderwerp_herkomst": self.onderwerp_herkomst,
            "deelnemers": LIST_SEP.join(sorted(self.deelnemers)),
            "overige_deelnemers": LIST_SEP.join(
                f"{t}{TYPE_SEP}{n}" for t, n in sorted(self.overige)
            ),
            "bron": "; ".join(self.bron),
            "peildatum": PEILDATUM,
            "regio_indeling": self.regio_indeling,
            "bron_namen": " | ".join(sorted(self.bron_namen)),
            "status": self.status,
        }

    def add_regio_indeling(self, value: str) -> None:
        parts = {p for p in self.regio_indeling.split(LIST_SEP) if p} | {value}
        self.regio_indeling = LIST_SEP.join(sorted(parts))

    def absorb(self, other: Samenwerking) -> None:
        """Take in another record of the same body: members, participants, names, status;
        a specific Wgr form replaces ``wgr_onbekend``."""
        self.deelnemers |= other.deelnemers
        self.overige |= other.overige
        self.bron_namen |= other.bron_namen
        for b in other.bron:
            if b not in self.bron:
                self.bron.append(b)
        self.bron.sort(key=lambda b: (b != BRON_OPENGR, b))
        for p in other.regio_indeling.split(LIST_SEP):
            if p:
                self.add_regio_indeling(p)
        if _STATUS_RANG[other.status] > _STATUS_RANG[self.status]:
            self.status = other.status
        if (
            self.juridische_vorm == "wgr_onbekend"
            and other.juridische_vorm in _SPECIFIEKE_WGR_VORMEN
        ):
            self.juridische_vorm, self.juridische_vorm_herkomst = other.juridische_vorm, "regel"


@dataclass
class BuildReport:
    """Everything the build decided, for ``bouwrapport.md`` and ``bouwrapport.json``."""

    counts: dict[str, int] = field(default_factory=dict)
    resolutions: Counter = field(default_factory=Counter)  # step → rows
    unresolved: list[dict] = field(default_factory=list)
    decisions: list[dict] = field(default_factory=list)  # non-exact resolutions, per name
    merged_names: list[dict] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)
    left_out: list[dict] = field(default_factory=list)
    overig: list[str] = field(default_factory=list)
    multi_region: list[dict] = field(default_factory=list)
    corrections: list[dict] = field(default_factory=list)
    passed_over: list[dict] = field(default_factory=list)  # link candidates not taken
    wettelijk: list[dict] = field(default_factory=list)  # veiligheidsregio members by law
    statussen: list[dict] = field(default_factory=list)  # ended / in liquidation
    een_gemeente: list[dict] = field(default_factory=list)  # one gemeente + other bodies
    herindeling: list[dict] = field(default_factory=list)  # crosswalk pieces not used
    vormen: Counter = field(default_factory=Counter)
    actueel: dict = field(default_factory=dict)  # today's registry: counts, links, meldingen
    wijzigingen: dict | None = None  # against the data that was there before the build

    @property
    def municipal_rows(self) -> int:
        return sum(
            n for step, n in self.resolutions.items() if step not in ("type", "overig")
        ) - self.resolutions.get("alias_typed", 0)

    def summary(self) -> dict:
        municipal = self.counts["opengr_rijen_gemeentelijk"]
        resolved = self.counts["opengr_rijen_gemeentelijk_opgelost"]
        return {
            "peildatum": PEILDATUM,
            # The sources, as declared once in provenance (shown by CLI, app and exports).
            "bronnen": [asdict(b) for b in provenance.BRONNEN],
            "actueel": self.actueel,
            "wijzigingen": self.wijzigingen,
            "aantallen": dict(sorted(self.counts.items())),
            "opgelost_aandeel_gemeentelijke_rijen": round(resolved / municipal, 4)
            if municipal
            else 1.0,
            "oplossing_per_stap": dict(sorted(self.resolutions.items())),
            "onopgelost": self.unresolved,
            "overig_aandeel": round(len(self.overig) / self.counts["samenwerkingen"], 4),
            "juridische_vormen": {v: self.vormen[v] for v in JURIDISCHE_VORMEN if self.vormen[v]},
            "statussen": {
                v: sum(x["status"] == v for x in self.statussen) for v in STATUSSEN if v != "actief"
            },
        }


#: The folder inside ``data/`` that holds the 2016 layer (OpenGR + RegioAtlas 2016).
HISTORIE_MAP = "2016"
#: Files of earlier layouts that a build removes so nothing stale is left behind.
_VEROUDERD = ("gemeenten_2025.geojson", "indelingen_2025.csv", "herindeling_2016_2025.csv")


def build_data(bronnen: Path, out: Path) -> BuildReport:
    """Rebuild ``out/``: today's registry at the top, the 2016 layer in ``out/2016/``.

    Today: ``gemeenten.geojson`` (2025), ``samenwerkingen.csv``, ``versies.csv``,
    ``deelnemers.csv``, ``indelingen.csv`` (2025 regio-indelingen). The 2016 layer:
    ``2016/gemeenten.geojson``, ``2016/samenwerkingen.csv``, ``2016/indelingen.csv``,
    ``2016/herindeling_2016_2025.csv``. ``bouwrapport.md|json`` describe both and start
    with what changed against the data that was in ``out/`` before.
    """
    bronnen, out = Path(bronnen), Path(out)
    for required in (sources.OPENGR, sources.ROO):
        if not (bronnen / required).exists():
            raise FileNotFoundError(
                f"bronbestand ontbreekt: {bronnen / required} — geef de map 'bronnen' op"
            )
    previous = _previous(out)
    hist = out / HISTORIE_MAP
    hist.mkdir(parents=True, exist_ok=True)
    report = BuildReport()

    gemeenten, samenwerkingen, indeling_rows = _build_2016(bronnen, report)
    boundaries.write_geojson(gemeenten, hist / "gemeenten.geojson")
    _write_csv(
        hist / "samenwerkingen.csv",
        SAMENWERKING_COLUMNS,
        [samenwerkingen[k].row() for k in sorted(samenwerkingen)],
    )
    _write_csv(hist / "indelingen.csv", INDELING_COLUMNS, indeling_rows)

    g25, cw, ind25 = _build_2025(bronnen, out, gemeenten, report)
    actueel.build(bronnen / sources.ROO, out, g25, cw, ind25, report)
    for name in _VEROUDERD:
        (out / name).unlink(missing_ok=True)
    report.wijzigingen = actueel.changes(previous, out)

    (out / "bouwrapport.json").write_text(
        json.dumps(report.summary(), ensure_ascii=False, indent=1, sort_keys=False) + "\n",
        encoding="utf-8",
    )
    (out / "bouwrapport.md").write_text(_markdown(report), encoding="utf-8")
    return report


def _previous(out: Path):
    """Today's registry as it is in ``out/`` before the build, or ``None`` (first build,
    an older layout, or unreadable data): the build report compares with it."""
    if not (out / "versies.csv").exists():
        return None
    from kaartviewer.load import load

    try:
        return load(out)[0]
    except Exception:  # noqa: BLE001 - whatever is there, the new build replaces it
        return None


def _build_2016(bronnen: Path, report: BuildReport):
    """The 2016 layer: gemeenten 2016, samenwerkingen (OpenGR + RegioAtlas), indeling rows."""
    gemeenten = boundaries.build_gemeenten(
        sources.cbs_file(bronnen, "gemeente_2016"), sources.cbs_file(bronnen, "provincie_2016")
    )
    report.counts["gemeenten"] = len(gemeenten)
    history = boundaries.name_history(sources.history_files(bronnen), gemeenten)
    resolver = NameResolver(
        gemeenten, history, read_aliases(classify.TABELLEN / "deelnemer_aliassen.csv")
    )
    keywords = classify.read_keywords()

    opengr = _build_opengr(bronnen, resolver, keywords, report)
    regio, indeling_rows = _build_regioatlas(bronnen, set(gemeenten["gemeentecode"]), report)
    gemeentenamen = dict(zip(gemeenten["gemeentecode"], gemeenten["gemeentenaam"], strict=True))
    _apply_wettelijke_leden(opengr, regio, gemeentenamen, report)
    # Names of places, which never identify one body (the "distinctive word" test of link.py).
    plaatsnamen = (
        set(gemeentenamen.values())
        | set(gemeenten["provincienaam"])
        | {o.naam for o in history.values()}
        | {r["regio"] for r in indeling_rows if r["regio_indeling"] not in link.ORGANISATIES}
    )
    samenwerkingen, went_to = _merge_links(opengr, regio, plaatsnamen, report)
    _leave_out_single(samenwerkingen, report)
    _apply_corrections(samenwerkingen, report)
    for x in report.statussen:
        x["id"] = went_to.get(x["id"], x["id"])
    report.statussen = [x for x in report.statussen if x["id"] in samenwerkingen]
    _count_2016(samenwerkingen, report)
    return gemeenten, samenwerkingen, indeling_rows


def _count_2016(samenwerkingen: dict[str, Samenwerking], report: BuildReport) -> None:
    report.counts["samenwerkingen"] = len(samenwerkingen)
    report.counts["samenwerkingen_opengr"] = sum(
        BRON_OPENGR in s.bron for s in samenwerkingen.values()
    )
    report.counts["samenwerkingen_regioatlas"] = sum(
        s.bron == [BRON_REGIOATLAS] for s in samenwerkingen.values()
    )
    report.counts["lidmaatschappen"] = sum(len(s.deelnemers) for s in samenwerkingen.values())
    report.counts["koppelingen_regio"] = sum(not x["samen_met"] for x in report.links)
    report.counts["koppelingen_opengr_samengevoegd"] = sum(
        bool(x["samen_met"]) for x in report.links
    )
    report.counts["samenwerkingen_beeindigd"] = sum(
        s.status in BEEINDIGDE_STATUSSEN for s in samenwerkingen.values()
    )
    report.counts["samenwerkingen_een_gemeente_met_anderen"] = len(report.een_gemeente)
    report.counts["niet_opgenomen_een_gemeente"] = sum(
        x.get("reden", "").startswith("één gemeente") for x in report.left_out
    )
    report.vormen = Counter(s.juridische_vorm for s in samenwerkingen.values())
    report.overig = sorted(s.naam for s in samenwerkingen.values() if s.onderwerp == "overig")


# --- OpenGR ------------------------------------------------------------------------------


def arrangement_key(naam: str) -> str:
    """Grouping key: folded name without a trailing abbreviation in brackets.

    ``Openbaar Lichaam Crematoria Twente (OLCT)`` and ``… Twente`` share a key;
    ``Avri (voorheen Afvalverwijdering Rivierenland)`` keeps its bracket (not an abbreviation).
    """
    return fold(_ABBREV_SUFFIX.sub("", clean(naam)))


def _read_name_aliases() -> dict[str, tuple[str, str]]:
    out = {}
    with (classify.TABELLEN / "samenwerking_aliassen.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out[fold(row["naam"])] = (clean(row["doel"]), row["reden"])
    return out


def _build_opengr(bronnen, resolver: NameResolver, keywords, report: BuildReport):
    rows = sources.read_opengr(bronnen)
    report.counts["opengr_rijen"] = len(rows)
    aliases = _read_name_aliases()
    groups: dict[str, list[sources.OpenGRRow]] = defaultdict(list)
    names: dict[str, Counter] = defaultdict(Counter)
    status_of: dict[str, tuple[str, str]] = {}  # source name → (status, what it says)
    for r in rows:
        # A status in the name ("(in liquidatie)") is not part of the name: stripped first.
        stripped, status, zegt = status_from_name(r.regeling)
        status_of[r.regeling] = (status, zegt)
        naam = stripped
        if fold(r.regeling) in aliases or fold(stripped) in aliases:
            doel, reden = aliases.get(fold(r.regeling)) or aliases[fold(stripped)]
            report.merged_names.append({"naam": r.regeling, "naar": doel, "reden": reden})
            naam = doel
        key = arrangement_key(naam)
        groups[key].append(r)
        names[key][stripped] += 1
        names[key][naam] += 0
    report.counts["opengr_namen"] = len({r.regeling for r in rows})

    result: dict[str, Samenwerking] = {}
    municipal = resolved_municipal = 0
    decisions: dict[tuple[str, str], dict] = {}
    for key in sorted(groups):
        grp = groups[key]
        # Display name: the most frequent spelling, then the longest (it has the abbreviation).
        naam = sorted(names[key].items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]
        if fold(naam) in aliases:
            naam = aliases[fold(naam)][0]
        first = [resolver.resolve(r.deelnemer, r.provincie) for r in grp]
        partners = tuple(sorted({c for res in first if res.stap != "ambigu" for c in res.codes}))
        res_list: list[Resolution] = [
            resolver.resolve(r.deelnemer, r.provincie, partners)
            if res.stap in ("ambigu", "onopgelost")
            else res
            for r, res in zip(grp, first, strict=True)
        ]
        sw = Samenwerking("", naam, *_vorm_onderwerp(naam, keywords))
        sw.bron = [BRON_OPENGR]
        sw.bron_namen = {r.regeling for r in grp}
        said = sorted(
            {(status_of[n][0], n, status_of[n][1]) for n in sw.bron_namen},
            key=lambda x: (-_STATUS_RANG[x[0]], x[1]),
        )
        sw.status = said[0][0]
        for r, res in zip(grp, res_list, strict=True):
            step = res.stap
            report.resolutions[step] += 1
            if res.municipal:
                municipal += 1
                if res.codes:
                    resolved_municipal += 1
            sw.deelnemers.update(res.codes)
            sw.overige.update(res.typed)
            if step == "onopgelost":
                report.unresolved.append(
                    {
                        "regel": r.line,
                        "deelnemer": res.naam,
                        "samenwerking": naam,
                        "reden": res.toelichting,
                        "suggesties": list(res.suggesties),
                    }
                )
            elif step in ("alias", "ambigu", "historie"):
                d = decisions.setdefault(
                    (res.naam, step, res.codes, res.toelichting),
                    {
                        "naam": res.naam,
                        "stap": step,
                        "gemeenten": list(res.codes),
                        "overig": [n for _, n in res.typed],
                        "toelichting": res.toelichting,
                        "regels": [],
                    },
                )
                d["regels"].append(r.line)
        if not sw.deelnemers:
            report.left_out.append(
                {
                    "samenwerking": naam,
                    "regels": [r.line for r in grp],
                    "reden": "geen gemeente onder de deelnemers (geen intergemeentelijke samenwerking)",
                    "deelnemers": sorted(res.naam for res in res_list),
                }
            )
            continue
        sw.id = _unique_id("gr-" + slug(naam), result)
        result[sw.id] = sw
        if sw.status != "actief":
            report.statussen.append(
                {
                    "id": sw.id,
                    "samenwerking": naam,
                    "status": sw.status,
                    "bron": [n for st, n, _ in said if st != "actief"],
                    "regels": sorted(r.line for r in grp if status_of[r.regeling][0] != "actief"),
                }
            )
    report.decisions = sorted(decisions.values(), key=lambda d: (d["stap"], fold(d["naam"])))
    report.counts["opengr_rijen_gemeentelijk"] = municipal
    report.counts["opengr_rijen_gemeentelijk_opgelost"] = resolved_municipal
    report.counts["opengr_regelingen_gegroepeerd"] = len(groups)
    return result


def _vorm_onderwerp(naam: str, keywords) -> tuple[str, str, str, str]:
    vorm, vorm_h, _reden = classify.classify_vorm(naam)
    onderwerp, onderwerp_h = classify.classify_onderwerp(naam, keywords)
    return vorm, vorm_h, onderwerp, onderwerp_h


def _unique_id(base: str, taken: dict) -> str:
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    return ident


# --- RegioAtlas --------------------------------------------------------------------------


def _build_regioatlas(bronnen, codes: set[str], report: BuildReport):
    files = sources.regioatlas_files(bronnen)
    unknown = sorted(set(files) - set(classify.INDELINGEN))
    if unknown:
        raise ValueError(
            f"RegioAtlas-indeling zonder classificatie in classify.INDELINGEN: {unknown}"
        )
    regions: dict[str, Samenwerking] = {}
    indeling_rows = []
    for stem, path in files.items():
        info = classify.INDELINGEN[stem]
        members: dict[str, set[str]] = defaultdict(set)
        seen: dict[str, list[str]] = defaultdict(list)
        for r in sources.read_regioatlas(path):
            code = f"GM{r.cbs.zfill(4)}" if r.cbs.isdigit() else ""
            where = f"{path.relative_to(bronnen)}:{r.line}"
            if code not in codes:
                report.left_out.append(
                    {
                        "bestand": where,
                        "reden": f"onbekende CBS-code {r.cbs!r}",
                        "gemeente": r.gemeente,
                    }
                )
                continue
            if not r.regio:
                report.left_out.append(
                    {"bestand": where, "reden": "geen regio", "gemeente": r.gemeente}
                )
                continue
            seen[code].append(r.regio)
            members[r.regio].add(code)
        for code, regs in sorted(seen.items()):
            for regio in sorted(set(regs)):
                indeling_rows.append(
                    {
                        "regio_indeling": info.id,
                        "regio_indeling_naam": info.naam,
                        "indeling_soort": info.indeling_soort,
                        "gemeentecode": code,
                        "regio": regio,
                    }
                )
            if len(set(regs)) > 1:
                report.multi_region.append(
                    {"indeling": info.id, "gemeentecode": code, "regios": sorted(set(regs))}
                )
        if info.indeling_soort != "samenwerking":
            continue
        for regio in sorted(members):
            sw = Samenwerking(
                _unique_id(f"ra-{info.id}-{slug(regio, 48)}", regions),
                _region_name(info, regio),
                info.vorm,
                "regel",
                info.onderwerp,
                "regel",
            )
            sw.deelnemers = set(members[regio])
            sw.bron = [BRON_REGIOATLAS]
            sw.regio_indeling = f"{info.id}{TYPE_SEP}{regio}"
            sw.bron_namen = {regio}
            regions[sw.id] = sw
    indeling_rows.sort(key=lambda r: (r["regio_indeling"], r["gemeentecode"], r["regio"]))
    report.counts["indelingen"] = len(files)
    report.counts["regioatlas_regios_samenwerking"] = len(regions)
    return regions, indeling_rows


def _region_name(info, regio: str) -> str:
    """A region's display name with its indeling when the name alone does not say it:
    "Friesland" in the Wmo-indeling becomes "Wmo-regio Friesland"; "GGD Drenthe" stays."""
    family = fold(info.naam).split()[0]
    return regio if family[:6] in fold(regio) else f"{info.naam} {regio}"


def _link_inputs(opengr: dict[str, Samenwerking], regions: dict[str, Samenwerking]):
    return (
        {k: (s.naam, frozenset(s.deelnemers)) for k, s in opengr.items()},
        # Compare with the region's own name, not the display name with its indeling prefix.
        {
            k: (*s.regio_indeling.split(TYPE_SEP, 1), frozenset(s.deelnemers))
            for k, s in regions.items()
        },
    )


def _apply_wettelijke_leden(
    opengr: dict[str, Samenwerking],
    regions: dict[str, Samenwerking],
    namen: dict[str, str],
    report: BuildReport,
) -> None:
    """Wet veiligheidsregio's: an OpenGR veiligheidsregio gets the gemeenten of its region."""
    o_in, r_in = _link_inputs(opengr, regions)
    vr_of = {
        c: s.regio_indeling.split(TYPE_SEP, 1)[1]
        for s in regions.values()
        if s.regio_indeling.startswith("veiligheidsregio" + TYPE_SEP)
        for c in s.deelnemers
    }
    for w in link.wettelijke_leden(o_in, r_in):
        sw = opengr[w.opengr_id]
        sw.deelnemers = set(w.leden)
        report.wettelijk.append(
            {
                "id": w.opengr_id,
                "samenwerking": sw.naam,
                "regio": regions[w.regio_id].regio_indeling,
                "weggelaten": [
                    f"{c} {namen.get(c, '')} (veiligheidsregio {vr_of.get(c, '?')})"
                    for c in w.weggelaten
                ],
                "toegevoegd": [f"{c} {namen.get(c, '')}" for c in w.toegevoegd],
                "reden": "Wet veiligheidsregio's art. 8 en bijlage: de gemeenten van een "
                "veiligheidsregio liggen bij wet vast",
            }
        )


def _merge_links(
    opengr: dict[str, Samenwerking],
    regions: dict[str, Samenwerking],
    plaatsnamen: set[str],
    report: BuildReport,
) -> tuple[dict[str, Samenwerking], dict[str, str]]:
    """One record per body: regions and OpenGR names that are the same body are merged into
    the OpenGR arrangement. Returns the records and, per merged-away id, the id it went to."""
    o_in, r_in = _link_inputs(opengr, regions)
    res = link.link(o_in, r_in, plaatsnamen, {k: s.status for k, s in opengr.items()})
    merged = dict(opengr)
    regions = dict(regions)
    went_to: dict[str, str] = {}
    for k in res.koppelingen:
        kern = merged[k.samen_met or k.opengr_id]
        if k.samen_met:
            kern.absorb(merged.pop(k.opengr_id))
            went_to[k.opengr_id] = kern.id
        r = regions.pop(k.regio_id, None)
        only_o = only_r = []
        if r is not None:
            only_o = sorted(kern.deelnemers - r.deelnemers)
            only_r = sorted(r.deelnemers - kern.deelnemers)
            kern.absorb(r)
            went_to[r.id] = kern.id
        report.links.append(
            {
                "opengr": k.opengr_id,
                "samen_met": k.samen_met,
                "regio": r_in[k.regio_id][0] + TYPE_SEP + r_in[k.regio_id][1],
                "regio_id": k.regio_id,
                "bewijs": k.bewijs,
                "woorden": k.toelichting,
                "jaccard": k.jaccard,
                "naam_gelijkenis": k.naam_gelijkenis,
                "alleen_opengr": only_o,
                "alleen_regioatlas": only_r,
            }
        )
    for k, reden in res.overgeslagen:
        report.passed_over.append(
            {
                "opengr": k.opengr_id,
                "regio": r_in[k.regio_id][0] + TYPE_SEP + r_in[k.regio_id][1],
                "bewijs": k.bewijs,
                "jaccard": k.jaccard,
                "reden": reden,
            }
        )
    merged.update(regions)
    return merged, went_to


def _leave_out_single(samenwerkingen: dict[str, Samenwerking], report: BuildReport) -> None:
    """One gemeente alone is no samenwerking: left out and reported. One gemeente with a
    provincie, waterschap or other body is a samenwerking (not between gemeenten): kept,
    and listed in the report."""
    for k in sorted(samenwerkingen):
        s = samenwerkingen[k]
        if len(s.deelnemers) != 1:
            continue
        if s.overige:
            report.een_gemeente.append(
                {
                    "id": k,
                    "samenwerking": s.naam,
                    "gemeente": next(iter(s.deelnemers)),
                    "overige": [f"{t}{TYPE_SEP}{n}" for t, n in sorted(s.overige)],
                }
            )
            continue
        del samenwerkingen[k]
        report.left_out.append(
            {
                "samenwerking": s.naam,
                "id": k,
                "bron": "; ".join(s.bron),
                "gemeente": next(iter(s.deelnemers)),
                "reden": "één gemeente en geen andere deelnemers: geen samenwerking",
            }
        )


def _apply_corrections(samenwerkingen: dict[str, Samenwerking], report: BuildReport) -> None:
    """Hand corrections from ``tabellen/correcties.csv`` (``id,veld,waarde,reden``)."""
    from kaartviewer.schema import JURIDISCHE_VORMEN, ONDERWERPEN

    allowed = {"onderwerp": ONDERWERPEN, "juridische_vorm": JURIDISCHE_VORMEN}
    path = classify.TABELLEN / "correcties.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            sw = samenwerkingen.get(row["id"])
            veld, waarde = row["veld"], row["waarde"]
            if sw is None or veld not in allowed or waarde not in allowed[veld]:
                raise ValueError(f"{path}:{line}: ongeldige correctie {row}")
            setattr(sw, veld, waarde)
            setattr(sw, f"{veld}_herkomst", "handmatig")
            report.corrections.append({"id": sw.id, "naam": sw.naam, **row})


# --- today's gemeente-indeling --------------------------------------------------------------

#: CBS regio-indeling files of 2025 → indeling id (the same ids as the 2016 RegioAtlas ones,
#: so 2016 and 2025 can be compared pair by pair).
INDELINGEN_2025 = {
    "ggdregio_2025": ("ggd", "GGD-regio", "samenwerking"),
    "veiligheidsregio_2025": ("veiligheidsregio", "Veiligheidsregio", "samenwerking"),
    "jeugdregio_2025": ("jeugdregio", "Jeugdzorgregio", "samenwerking"),
    "arbeidsmarktregio_2025": ("arbeidsmarktregio", "Arbeidsmarktregio", "samenwerking"),
    "regionale_energiestrategie_2025": ("res", "RES-regio", "samenwerking"),
    "veiligthuisregio_2025": ("veiligthuis", "Veilig Thuis-regio", "samenwerking"),
    "rmcregio_2025": ("rmc", "RMC-regio", "samenwerking"),
    "coropgebied_2025": ("corop", "COROP-regio", "referentie"),
    "zorgkantoorregio_2025": ("zorgkantoor", "Zorgkantoorregio", "referentie"),
    "regionale_eenheid_2025": ("politie", "Politie-eenheid", "referentie"),
}


def _build_2025(bronnen: Path, out: Path, gemeenten_2016, report: BuildReport):
    """Today's gemeenten (``gemeenten.geojson``), the 2016 → 2025 crosswalk (in the 2016
    layer) and the 2025 regio-indelingen (``indelingen.csv``); returns all three."""
    from kaartviewer import herindeling

    g_file = sources.cbs_file(bronnen, "gemeente_2025")
    p_file = sources.cbs_file(bronnen, "provincie_2025")
    g25 = boundaries.build_gemeenten(g_file, p_file)
    boundaries.write_geojson(g25, out / "gemeenten.geojson")
    pieces = herindeling.crosswalk_pieces(gemeenten_2016, g25)
    cw = herindeling.crosswalk(gemeenten_2016, g25, pieces=pieces)
    ignored = pieces[pieces["reden"] == herindeling.REDEN_VOORTBESTAAND]
    report.herindeling = [
        {
            "gemeentecode_oud": r.gemeentecode_oud,
            "gemeentenaam_oud": r.gemeentenaam_oud,
            "gemeentecode_nieuw": r.gemeentecode_nieuw,
            "gemeentenaam_nieuw": r.gemeentenaam_nieuw,
            "aandeel_ruw": round(float(r.aandeel_ruw), 4),
            "km2": round(float(r.km2), 2),
            "reden": r.reden,
        }
        for r in ignored.itertuples()
    ]
    cw.to_csv(
        out / HISTORIE_MAP / "herindeling_2016_2025.csv",
        index=False,
        lineterminator="\n",
        float_format="%.4f",
    )
    rows = [
        {
            "regio_indeling": "provincie",
            "regio_indeling_naam": "Provincie",
            "indeling_soort": "referentie",
            "gemeentecode": c,
            "regio": p,
        }
        for c, p in zip(g25["gemeentecode"], g25["provincienaam"], strict=True)
    ]
    for stem, (ident, naam, indeling_soort) in INDELINGEN_2025.items():
        try:
            path = sources.cbs_file(bronnen, stem)
        except FileNotFoundError:
            continue
        regions = boundaries.read_boundaries(path)
        labels = herindeling.region_membership(g25, regions)
        rows += [
            {
                "regio_indeling": ident,
                "regio_indeling_naam": naam,
                "indeling_soort": indeling_soort,
                "gemeentecode": c,
                "regio": r,
            }
            for c, r in labels.items()
        ]
    rows.sort(key=lambda r: (r["regio_indeling"], r["gemeentecode"]))
    _write_csv(out / "indelingen.csv", INDELING_COLUMNS, rows)
    report.counts["gemeenten_2025"] = len(g25)
    report.counts["herindeling_samengevoegd"] = int((cw["mutatie"] == "samengevoegd").sum())
    report.counts["herindeling_gesplitst"] = int(
        cw.loc[cw["mutatie"] == "gesplitst", "gemeentecode_oud"].nunique()
    )
    return g25, cw, pd.DataFrame(rows, columns=list(INDELING_COLUMNS))


# --- output ------------------------------------------------------------------------------


def _write_csv(path: Path, columns, rows) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(r)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _markdown_wijzigingen(w: dict | None) -> list[str]:
    """The top of the report: what changed against the data that was there before."""
    out = ["## Wijzigingen ten opzichte van de vorige data", ""]
    if w is None:
        return out + [
            "Geen eerdere data in deze map (of een oudere indeling): niets te vergelijken.",
            "",
        ]
    a = w["aantallen"]
    out += [
        f"Vorige peildatum {w['van']}, nieuwe peildatum {w['tot']}.",
        "",
        f"- nieuwe samenwerkingen: {a['nieuw']}",
        f"- beëindigde samenwerkingen: {a['beeindigd']}",
        f"- gewijzigde samenwerkingen: {a['gewijzigd']}",
        f"- lidmaatschappen erbij: {a['lidmaatschappen_bij']}",
        f"- lidmaatschappen eraf: {a['lidmaatschappen_af']}",
        "",
    ]
    out += [
        f"- {r['mutatie']}: {r['naam']} ({r['id']})" + (f" — {r['wat']}" if r["wat"] else "")
        for r in w["samenwerkingen"]
    ]
    out += [
        f"- lid {'erbij' if r['mutatie'] == 'bij' else 'eraf'}: {r['gemeentenaam']} in {r['naam']}"
        for r in w["lidmaatschappen"]
    ]
    if w["ingekort"]:
        out.append("- (lijst ingekort; alles staat in bouwrapport.json)")
    return out + [""]


def _markdown_actueel(a: dict) -> list[str]:
    """Today's registry: counts, forms, links with the CBS regions, register meldingen."""
    out = [f"# Vandaag: GR-register (snapshot {a['snapshot']}) en CBS 2025", "", "## Aantallen", ""]
    out += [f"- {k}: {v}" for k, v in a["aantallen"].items()]
    out += ["", "## Juridische vorm (register, in werking)", ""]
    out += [f"- {k}: {v}" for k, v in a["juridische_vormen_register_in_werking"].items()]
    out += ["", "## Herkomst van het onderwerp (register, in werking)", ""]
    out += [f"- {k}: {v}" for k, v in a["onderwerp_herkomst_register_in_werking"].items()]
    out += ["", "## CBS-regio's gekoppeld aan een regeling in het register (zelfde orgaan)", ""]
    out += [
        f"- {k['regio']} = {k['naam']} ({k['samenwerking']}): {k['bewijs']}, "
        f"J={k['jaccard']}, naam={k['naam_gelijkenis']}"
        for k in a["koppelingen"]
    ] or ["- geen"]
    out += ["", "## Gekoppelde regio's waarvan de gemeenten verschillen", ""]
    out += [
        f"- {v['regio']} ({v['samenwerking']}): alleen register {', '.join(v['alleen_register']) or '—'}; "
        f"alleen CBS {', '.join(v['alleen_cbs']) or '—'}"
        for v in a["verschillen"]
    ] or ["- geen"]
    out += ["", "## Meldingen bij het lezen van het register", ""]
    out += [
        f"- {m['bestand']}{', ' + m['plaats'] if m['plaats'] else ''}: {m['reden']} [{m['gevolg']}]"
        for m in a["meldingen"]
    ] or ["- geen"]
    return out + [""]


def _markdown(report: BuildReport) -> str:
    s = report.summary()
    out = [
        "# Bouwrapport kaartviewer-data",
        "",
        "Gemaakt door `kaartviewer build-data`. Geen tijdstempel: twee builds zijn gelijk.",
        "",
        *_markdown_wijzigingen(report.wijzigingen),
        *_markdown_actueel(report.actueel),
        "# De historische laag 2016 (OpenGR en RegioAtlas, map `2016/`)",
        "",
        "## Aantallen",
        "",
    ]
    out += [f"- {k}: {v}" for k, v in s["aantallen"].items()]
    out += [
        "",
        f"Opgeloste gemeentelijke deelnemersrijen: {s['opgelost_aandeel_gemeentelijke_rijen']:.2%}",
        f"Aandeel samenwerkingen met onderwerp 'overig': {s['overig_aandeel']:.1%}",
        "",
        "## Oplossing per stap (OpenGR-rijen)",
        "",
    ]
    out += [f"- {k}: {v}" for k, v in s["oplossing_per_stap"].items()]
    out += ["", "## Niet opgeloste deelnemers", ""]
    out += [
        f"- regel {u['regel']}: {u['deelnemer']!r} in {u['samenwerking']!r} — {u['reden']}"
        + (f" (bedoeld: {', '.join(u['suggesties'])}?)" if u["suggesties"] else "")
        for u in report.unresolved
    ] or ["- geen"]
    out += ["", "## Beslissingen bij het oplossen van namen (alias, dubbelzinnig, historie)", ""]
    out += [
        f"- {d['naam']!r} [{d['stap']}] → {', '.join(d['gemeenten'] or d['overig'])}: "
        f"{d['toelichting']} (regels {', '.join(map(str, d['regels']))})"
        for d in report.decisions
    ]
    out += ["", "## Samengevoegde regelingsnamen", ""]
    out += [
        f"- {m['naam']!r} → {m['naar']!r}: {m['reden']}"
        for m in sorted(
            {(m["naam"], m["naar"]): m for m in report.merged_names}.values(),
            key=lambda m: m["naam"],
        )
    ] or ["- geen"]
    out += ["", "## Veiligheidsregio's: gemeenten volgens de wet", ""]
    out += [
        f"- {w['id']} = {w['regio']}: "
        + (f"weggelaten {', '.join(w['weggelaten'])}" if w["weggelaten"] else "")
        + ("; " if w["weggelaten"] and w["toegevoegd"] else "")
        + (f"toegevoegd {', '.join(w['toegevoegd'])}" if w["toegevoegd"] else "")
        + f" — {w['reden']}"
        for w in report.wettelijk
    ] or ["- geen"]
    out += ["", "## Koppelingen OpenGR ↔ RegioAtlas (zelfde orgaan)", ""]
    out += [
        "Bewijs: "
        + "; ".join(f"`{k}` = {v}" for k, v in link.BEWIJS.items())
        + ". Regels: `kaartviewer/pipeline/link.py`.",
        "",
    ]
    out += [
        f"- {lk['opengr']}"
        + (f" (samen met {lk['samen_met']}: zelfde gemeenten)" if lk["samen_met"] else "")
        + f" = {lk['regio']} [{lk['bewijs']}"
        + (f": {lk['woorden']}" if lk["woorden"] else "")
        + f"] (J={lk['jaccard']}, naam={lk['naam_gelijkenis']})"
        + (f"; alleen OpenGR: {', '.join(lk['alleen_opengr'])}" if lk["alleen_opengr"] else "")
        + (
            f"; alleen RegioAtlas: {', '.join(lk['alleen_regioatlas'])}"
            if lk["alleen_regioatlas"]
            else ""
        )
        for lk in report.links
    ] or ["- geen"]
    out += ["", "## Kandidaat-koppelingen die niet gemaakt zijn", ""]
    out += [
        f"- {c['opengr']} ↔ {c['regio']} [{c['bewijs']}] (J={c['jaccard']}): {c['reden']}"
        for c in report.passed_over
    ] or ["- geen"]
    out += ["", "## Beëindigde samenwerkingen (status uit de naam in de bron)", ""]
    out += [
        f"- {x['id']}: {x['status']} — {'; '.join(x['bron'])} (regels "
        f"{', '.join(map(str, x['regels']))})"
        for x in report.statussen
    ] or ["- geen"]
    out += [
        "",
        "## Eén gemeente met andere deelnemers (wel samenwerking, niet tussen gemeenten)",
        "",
    ]
    out += [
        f"- {x['id']}: {x['gemeente']} met {', '.join(x['overige'])}" for x in report.een_gemeente
    ] or ["- geen"]
    out += ["", "## Niet opgenomen", ""]
    out += [f"- {json.dumps(x, ensure_ascii=False)}" for x in report.left_out] or ["- niets"]
    out += ["", "## Herindeling 2016 → 2025: stukken die niet meetellen", ""]
    out += [
        f"- {h['gemeentenaam_oud']} ({h['gemeentecode_oud']}) → {h['gemeentenaam_nieuw']} "
        f"({h['gemeentecode_nieuw']}): {h['aandeel_ruw']:.1%} van de oppervlakte, "
        f"{h['km2']:.1f} km² — {h['reden']}"
        for h in report.herindeling
    ] or ["- geen"]
    out += ["", "## Juridische vorm", ""]
    out += [f"- {k}: {v}" for k, v in s["juridische_vormen"].items()]
    out += ["", "## Gemeenten in meer dan één regio van een indeling", ""]
    out += [
        f"- {m['indeling']}: {m['gemeentecode']} in {' + '.join(m['regios'])}"
        for m in report.multi_region
    ] or ["- geen"]
    out += ["", "## Handmatige correcties", ""]
    out += [
        f"- {c['id']}: {c['veld']} = {c['waarde']} — {c['reden']}" for c in report.corrections
    ] or ["- geen"]
    out += ["", "## Samenwerkingen met onderwerp 'overig'", ""]
    out += [f"- {n}" for n in report.overig] or ["- geen"]
    return "\n".join(out) + "\n"
