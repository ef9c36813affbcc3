"""Import a gemeente's own list of samenwerkingen (its Wgr register, or the verbonden partijen
of its begroting; CSV or Excel as published) as a reviewable diff against the registry.

Rows are matched to the registry by name (rapidfuzz, accents and case ignored; a samenwerking
the gemeente is a deelnemer of is preferred) and sorted into:

* ``gevonden`` — the registry has it (``gemeente_is_deelnemer`` False: it has it, but without
  this gemeente);
* ``andere_vorm`` — found, but the list states another juridische vorm;
* ``nieuw`` — the registry has nothing like it;
* ``alleen_in_register`` — samenwerkingen of the gemeente that the list does not name.

Nothing is written by comparing; :func:`voorstellen` turns one row, on request, into a
proposal through the service (roles and review apply as for any other proposal).

Limits: :data:`MAX_BYTES` per file, :data:`MAX_RIJEN` rows. Excel is read without evaluating
anything: a formula cell is read as its text (``=SUM(A1:A3)``), never as a computed value.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from kaartviewer.registry import Registry
from kaartviewer.text import fold

MAX_BYTES = 5 * 1024 * 1024
MAX_RIJEN = 2000
MAX_KOLOMMEN = 100
MAX_CEL = 2000
#: Uncompressed size an .xlsx may unpack to (zip bombs).
MAX_UITGEPAKT = 60 * 1024 * 1024
#: Name similarity (0–100) for a match with a samenwerking of the gemeente, and without.
DREMPEL_EIGEN = 80
DREMPEL_ANDER = 90
#: How many header rows (titles above the table) are skipped at most.
MAX_KOPREGELS = 20

NAAM_KOPPEN = (
    "naam",
    "naam verbonden partij",
    "verbonden partij",
    "naam samenwerking",
    "samenwerking",
    "samenwerkingsverband",
    "gemeenschappelijke regeling",
    "naam regeling",
    "regeling",
    "titel",
    "organisatie",
)
VORM_KOPPEN = ("juridische vorm", "rechtsvorm", "vorm", "soort", "type", "soort regeling")
DEELNEMER_KOPPEN = ("deelnemers", "deelnemende gemeenten", "deelnemende partijen", "partners")

#: Free text of a list → the registry's juridische_vorm code (first match wins).
VORM_PATRONEN: tuple[tuple[str, str], ...] = (
    (r"openbaar\s*lichaam", "openbaar_lichaam"),
    (r"gemeenschappelijk\s*orgaan", "gemeenschappelijk_orgaan"),
    (r"bedrijfsvoerings|\bbvo\b", "bedrijfsvoeringsorganisatie"),
    (r"centrumgemeente", "centrumgemeenteregeling"),
    (r"zonder\s*meer|lichte\s*regeling", "regeling_zonder_meer"),
    (
        r"stichting|vereniging|co.?operatie|\bb\.?v\.?\b|\bn\.?v\.?\b|vennootschap",
        "privaatrechtelijk",
    ),
    (r"convenant|netwerk|regio\s*deal|overleg|platform", "netwerk"),
)
#: Free text → the aanvulling vorm (for a new samenwerking).
AANVULLING_VORM_PATRONEN: tuple[tuple[str, str], ...] = (
    (r"stichting", "stichting"),
    (r"vereniging", "vereniging"),
    (r"co.?operatie", "cooperatie"),
    (r"\bb\.?v\.?\b|\bn\.?v\.?\b|vennootschap", "bv_nv"),
    (r"regio\s*deal", "regio_deal"),
    (r"overleg", "overlegtafel"),
    (r"convenant|netwerk|platform", "netwerk"),
    (
        r"openbaar\s*lichaam|gemeenschappelijk|bedrijfsvoering|centrumgemeente|zonder\s*meer|wgr",
        "wgr_niet_geregistreerd",
    ),
)


class ImportFout(ValueError):
    """The file cannot be compared (Dutch message): too big, unreadable, no name column."""


@dataclass
class ImportRij:
    """One row of the gemeente's list and what the registry makes of it."""

    nr: int  # row number in the file (1 = first line/row)
    naam: str
    vorm_tekst: str
    deelnemers_tekst: str
    status: str  # gevonden, andere_vorm, nieuw
    vorm: str = ""  # the registry code the vorm text reads as ('' = not recognised)
    samenwerking_id: str = ""
    samenwerking_naam: str = ""
    register_vorm: str = ""
    score: float = 0.0
    gemeente_is_deelnemer: bool = False


@dataclass
class ImportDiff:
    gemeente: str
    bestand: str
    rijen: list[ImportRij] = field(default_factory=list)
    alleen_in_register: list[dict] = field(default_factory=list)
    kolommen: dict[str, str] = field(default_factory=dict)

    def telling(self) -> dict[str, int]:
        out = {"gevonden": 0, "andere_vorm": 0, "nieuw": 0}
        for r in self.rijen:
            out[r.status] += 1
        out["alleen_in_register"] = len(self.alleen_in_register)
        return out

    def as_dict(self) -> dict:
        return {
            "gemeente": self.gemeente,
            "bestand": self.bestand,
            "kolommen": self.kolommen,
            "telling": self.telling(),
            "rijen": [asdict(r) for r in self.rijen],
            "alleen_in_register": self.alleen_in_register,
        }


# --- reading ----------------------------------------------------------------------------------


def _lees_bytes(bron: str | Path | bytes, naam: str | None) -> tuple[bytes, str]:
    if isinstance(bron, bytes | bytearray):
        data, naam = bytes(bron), naam or "upload"
    else:
        p = Path(bron)
        if not p.is_file():
            raise ImportFout(f"Het bestand {p} bestaat niet.")
        if p.stat().st_size > MAX_BYTES:
            raise ImportFout(_te_groot(p.stat().st_size))
        data, naam = p.read_bytes(), naam or p.name
    if len(data) > MAX_BYTES:
        raise ImportFout(_te_groot(len(data)))
    if not data.strip():
        raise ImportFout("Het bestand is leeg.")
    return data, naam


def _te_groot(n: int) -> str:
    return (
        f"Het bestand is te groot ({n / 1024 / 1024:.1f} MB); het maximum is "
        f"{MAX_BYTES // 1024 // 1024} MB. Splits de lijst of laat bijlagen weg."
    )


def lees_tabel(bron: str | Path | bytes, naam: str | None = None) -> tuple[list[list[str]], str]:
    """All cells as text, row by row (at most :data:`MAX_RIJEN` + header rows)."""
    data, naam = _lees_bytes(bron, naam)
    if data[:2] == b"PK":
        return _lees_xlsx(data), naam
    if naam.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise ImportFout(
            "Dit Excel-bestand kan niet worden gelezen; sla het op als .xlsx of als CSV."
        )
    return _lees_csv(data), naam


def _lees_csv(data: bytes) -> list[list[str]]:
    for enc in ("utf-8-sig", "cp1252"):
        try:
            tekst = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    if "\x00" in tekst:
        raise ImportFout("Dit is geen tekstbestand (CSV) en geen Excel-bestand (.xlsx).")
    scheiding = _scheidingsteken(tekst.splitlines()[: MAX_KOPREGELS + 20])
    rijen = []
    for i, rij in enumerate(csv.reader(io.StringIO(tekst), delimiter=scheiding)):
        if i > MAX_RIJEN + MAX_KOPREGELS:
            raise ImportFout(_te_veel())
        rijen.append([c[:MAX_CEL] for c in rij[:MAX_KOLOMMEN]])
    return rijen


def _scheidingsteken(regels: list[str]) -> str:
    """The delimiter that splits the first lines most consistently into most columns (the
    csv Sniffer trips over quoted names with commas)."""
    from collections import Counter

    beste, beste_score = ",", (0, 0)
    for d in (";", "\t", ","):
        breedtes = [len(r) for r in csv.reader(regels, delimiter=d) if any(c.strip() for c in r)]
        meest = Counter(b for b in breedtes if b > 1).most_common(1)
        score = (meest[0][1], meest[0][0]) if meest else (0, 0)
        if score > beste_score:
            beste, beste_score = d, score
    return beste


def _te_veel() -> str:
    return f"De lijst heeft meer dan {MAX_RIJEN} rijen; splits haar in delen."


def _lees_xlsx(data: bytes) -> list[list[str]]:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if sum(i.file_size for i in z.infolist()) > MAX_UITGEPAKT:
                raise ImportFout("Het Excel-bestand is uitgepakt te groot om te lezen.")
        # data_only=False: a formula cell gives its formula text; nothing is evaluated.
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except ImportFout:
        raise
    except Exception:
        raise ImportFout(
            "Het Excel-bestand kan niet worden gelezen (beschadigd of geen .xlsx)."
        ) from None
    try:
        ws = wb.worksheets[0]
        rijen = []
        for i, row in enumerate(ws.iter_rows(values_only=True)):
            if i > MAX_RIJEN + MAX_KOPREGELS:
                raise ImportFout(_te_veel())
            rijen.append([_cel(v)[:MAX_CEL] for v in row[:MAX_KOLOMMEN]])
        return rijen
    finally:
        wb.close()


def _cel(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if hasattr(v, "isoformat"):
        return v.isoformat()[:10]
    return str(v).strip()


def _kolom(kop: list[str], namen: tuple[str, ...], exact: bool = False) -> int | None:
    gevouwen = [fold(k) for k in kop]
    for n in namen:  # exact first, in order of preference
        if fold(n) in gevouwen:
            return gevouwen.index(fold(n))
    if exact:
        return None
    for n in namen:
        for i, k in enumerate(gevouwen):
            # A heading is short; a title above the table that names "verbonden partijen" is not.
            if k and len(k) <= 40 and fold(n) in k:
                return i
    return None


def _koprij(rijen: list[list[str]]) -> tuple[int, dict[str, int]]:
    """The header row: the first with an exact heading, else the first with a short one."""
    for exact in (True, False):
        for i, rij in enumerate(rijen[:MAX_KOPREGELS]):
            naam = _kolom(rij, NAAM_KOPPEN, exact)
            if naam is None:
                continue
            cols = {"naam": naam}
            for key, koppen in (("vorm", VORM_KOPPEN), ("deelnemers", DEELNEMER_KOPPEN)):
                j = _kolom(rij, koppen)
                if j is not None and j != naam:
                    cols[key] = j
            return i, cols
    raise ImportFout(
        "Geen kolom met de naam van de samenwerking gevonden. Zet boven de lijst een kop "
        "'Naam' (of 'Verbonden partij', 'Gemeenschappelijke regeling') en eventueel "
        "'Juridische vorm' en 'Deelnemers'."
    )


def vorm_code(tekst: str, patronen: tuple[tuple[str, str], ...] = VORM_PATRONEN) -> str:
    t = fold(tekst)
    for patroon, code in patronen:
        if re.search(patroon, t):
            return code
    return ""


# --- comparing --------------------------------------------------------------------------------


def vergelijk_lijst(
    pad: str | Path | bytes, gemeente: str, reg: Registry, bestandsnaam: str | None = None
) -> ImportDiff:
    """Compare a gemeente's list (path or uploaded bytes) with the registry."""
    code = reg.find_gemeente(gemeente)
    rijen, naam = lees_tabel(pad, bestandsnaam)
    start, cols = _koprij(rijen)
    kop = rijen[start]
    data = [
        (start + 1 + i + 1, r)
        for i, r in enumerate(rijen[start + 1 :])
        if any(c.strip() for c in r)
    ]
    if len(data) > MAX_RIJEN:
        raise ImportFout(_te_veel())
    if not data:
        raise ImportFout("De lijst heeft een kop maar geen rijen.")
    diff = ImportDiff(code, naam, kolommen={k: kop[i] for k, i in cols.items()})
    sw = reg.samenwerkingen
    eigen_ids = set(
        reg.lidmaatschappen.loc[reg.lidmaatschappen["gemeentecode"] == code, "samenwerking"]
    )
    namen = {i: fold(str(n)) for i, n in sw["naam"].items()}
    eigen = {i: n for i, n in namen.items() if i in eigen_ids}
    gevonden: set[str] = set()
    for nr, r in data:
        rij = _rij(nr, r, cols)
        if rij.naam:
            _match(rij, reg, eigen, namen, eigen_ids)
            if rij.samenwerking_id:
                gevonden.add(rij.samenwerking_id)
            diff.rijen.append(rij)
    diff.alleen_in_register = [
        {
            "samenwerking_id": i,
            "naam": str(sw.at[i, "naam"]),
            "juridische_vorm": str(sw.at[i, "juridische_vorm"]),
        }
        for i in sorted(eigen_ids - gevonden, key=lambda i: fold(str(sw.at[i, "naam"])))
    ]
    return diff


def _rij(nr: int, r: list[str], cols: dict[str, int]) -> ImportRij:
    def cel(k: str) -> str:
        return r[cols[k]].strip() if k in cols and cols[k] < len(r) else ""

    rij = ImportRij(nr, cel("naam"), cel("vorm"), cel("deelnemers"), "nieuw")
    rij.vorm = vorm_code(rij.vorm_tekst)
    return rij


def _match(
    rij: ImportRij, reg: Registry, eigen: dict[str, str], namen: dict[str, str], eigen_ids: set[str]
) -> None:
    """Find the registry samenwerking a row names: among the gemeente's own first."""
    key = fold(rij.naam)
    hit = process.extractOne(key, eigen, scorer=fuzz.WRatio, score_cutoff=DREMPEL_EIGEN)
    if hit is None:
        hit = process.extractOne(key, namen, scorer=fuzz.WRatio, score_cutoff=DREMPEL_ANDER)
    if hit is None:
        return
    sw = reg.samenwerkingen
    _, score, sid = hit
    rij.samenwerking_id, rij.samenwerking_naam = sid, str(sw.at[sid, "naam"])
    rij.score = round(float(score), 1)
    rij.gemeente_is_deelnemer = sid in eigen_ids
    rij.register_vorm = str(sw.at[sid, "juridische_vorm"])
    rij.status = "gevonden"
    if (
        rij.vorm
        and rij.vorm != rij.register_vorm
        and not _zelfde_soort(rij.vorm, rij.register_vorm)
    ):
        rij.status = "andere_vorm"


def _zelfde_soort(lijst: str, register: str) -> bool:
    """A list saying 'netwerk' for a CBS 'wettelijke regio', or 'Wgr' for an unknown Wgr
    form, does not contradict the registry."""
    return (
        (lijst, register) in {("netwerk", "wettelijke_regio")}
        or register == "wgr_onbekend"
        and lijst
        in {
            "openbaar_lichaam",
            "gemeenschappelijk_orgaan",
            "bedrijfsvoeringsorganisatie",
            "centrumgemeenteregeling",
            "regeling_zonder_meer",
        }
    )


# --- accepting ----------------------------------------------------------------------------------


def voorstellen(store, actor, diff: ImportDiff, nr: int, bron: str, reden: str = ""):
    """Turn row ``nr`` of the diff into a proposal (through the service, so roles apply):

    * ``nieuw`` → a new samenwerking with this gemeente as deelnemer (fase 'uitvoering',
      onderwerp 'overig' until someone refines it);
    * ``andere_vorm`` → a correction of the juridische vorm;
    * ``gevonden`` without this gemeente as deelnemer → a correction adding it.

    Returns the :class:`~kaartviewer.beheer.service.Aanvulling`, or None when the row needs
    nothing."""
    rij = next((r for r in diff.rijen if r.nr == nr), None)
    if rij is None:
        raise ImportFout(f"Rij {nr} staat niet in de vergelijking.")
    reden = reden or f"Uit de lijst van {diff.gemeente} ({diff.bestand}, rij {nr})."
    if rij.status == "nieuw":
        vorm = vorm_code(rij.vorm_tekst, AANVULLING_VORM_PATRONEN) or "netwerk"
        return store.samenwerking_voorstellen(
            actor,
            {"naam": rij.naam, "onderwerp": "overig", "vorm": vorm, "fase": "uitvoering"},
            [{"type": "gemeente", "gemeentecode": diff.gemeente}],
            [],
            bron=bron,
            reden=reden,
        )
    if rij.status == "andere_vorm":
        return store.correctie_voorstellen(
            actor, rij.samenwerking_id, "juridische_vorm", rij.vorm, reden, bron
        )
    if not rij.gemeente_is_deelnemer:
        return store.correctie_voorstellen(
            actor, rij.samenwerking_id, "deelnemer_toevoegen", diff.gemeente, reden, bron
        )
    return None
