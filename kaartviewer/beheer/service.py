"""The beheer service: every write and read of the store, with every permission check.

The UI and the CLI call only this module (and :mod:`kaartviewer.beheer.publiceren` for the
read path into a Registry). There is no write path without an :class:`Actor` whose role
allows it, so tampering with widget state or query parameters cannot write.

Roles:

* visitors (:data:`ANONIEM`) read and may send a :meth:`Store.melding_versturen`;
* a *redacteur* proposes and edits aanvullingen for their own gemeenten or provincie(s);
* a *beheerder* approves, rejects and edits everything.

Every change is an immutable :class:`Revisie` (who, when, before/after, reason, bron); undo is
a new revision. Writes use optimistic locking: a stale ``verwachte_versie`` raises
:class:`Conflict` carrying the caller's input, so nothing is lost.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Engine, and_, func, or_, select, text, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from kaartviewer.beheer import db, validatie
from kaartviewer.beheer.models import (
    AanvullingRij,
    GebruikerRij,
    MeldingRij,
    PublicatieRij,
    RevisieRij,
)
from kaartviewer.schema import BEHEER_ROLLEN

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from kaartviewer.registry import Registry

Rol = Literal["beheerder", "redacteur"]
Soort = Literal["samenwerking", "correctie", "bestuurder"]
Status = Literal["voorgesteld", "goedgekeurd", "afgewezen", "ingetrokken"]

#: Limits of the anonymous "Meld een correctie".
MELDING_MAX_TEKENS = 2000
MELDING_MAX_CONTACT = 320
#: At most this many meldingen per afzender per window.
MELDING_MAX_PER_VENSTER = 5
MELDING_VENSTER_SECONDEN = 3600
#: Lock-out of local accounts.
MAX_MISLUKTE_POGINGEN = 5
BLOKKADE_MINUTEN = 15
#: Length limits of free text in aanvullingen.
MAX_TEKST = 2000
MAX_NAAM = 300


# --- errors (messages in Dutch) ---------------------------------------------------------------


class Geweigerd(PermissionError):
    """The actor's role does not allow this, or a limit was hit (Dutch message)."""


class InlogFout(Exception):
    """Wrong name/password or a locked account (Dutch message, no hint which one was wrong)."""


class OngeldigeInvoer(ValueError):
    """Input that does not fit the schema: ``fouten`` maps field → Dutch message."""

    def __init__(self, message: str, fouten: dict[str, str] | None = None):
        super().__init__(message)
        self.fouten = fouten or {}


class NietGevonden(LookupError):
    """No aanvulling, revisie or melding with that id."""


class Conflict(Exception):
    """Someone else changed the record since it was read.

    ``door``/``wanneer``: who changed it last and when; ``huidige``: the record as it is now;
    ``invoer``: the caller's input (velden, reden, bron …), handed back so nothing is lost.
    """

    def __init__(
        self,
        message: str,
        *,
        door: str,
        wanneer: datetime,
        huidige: Aanvulling,
        invoer: dict[str, Any],
    ):
        super().__init__(message)
        self.door = door
        self.wanneer = wanneer
        self.huidige = huidige
        self.invoer = invoer


# --- values handed out --------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """Who acts: ``rol`` None is an anonymous visitor (read-only, may send a melding)."""

    naam: str
    rol: Rol | None
    gemeenten: tuple[str, ...] = ()
    provincies: tuple[str, ...] = ()

    @property
    def is_beheerder(self) -> bool:
        return self.rol == "beheerder"

    @property
    def kan_schrijven(self) -> bool:
        return self.rol in ("beheerder", "redacteur")


ANONIEM = Actor("anoniem", None, (), ())


@dataclass(frozen=True)
class Aanvulling:
    """One aanvulling as stored.

    ``inhoud`` by ``soort``:

    * ``samenwerking``: ``{"velden": {naam, onderwerp, vorm, fase, start, einde, website},
      "deelnemers": [{"type": "gemeente", "gemeentecode": "GM0363"} |
      {"type": "provincie"|"waterschap"|"maatschappelijk"|…, "naam": "…"}],
      "bestuurders": [bestuurder, …]}``;
    * ``correctie``: ``{"veld": "onderwerp", "waarde": "…", "oud": <source value or None>}``;
    * ``bestuurder``: ``{"gemeentecode": "GM0363" | None, "partij": "…" | None, "naam",
      "functie", "orgaan", "portefeuille", "vanaf", "tot"}``.

    ``gepubliceerd`` is the content as last approved (None if never approved): the map shows
    that, so an edit awaiting review does not change what is published.
    """

    id: int
    soort: Soort
    samenwerking_id: str
    status: Status
    versie: int
    inhoud: dict
    gepubliceerd: dict | None
    gemeenten: tuple[str, ...]
    bron: str
    reden: str
    auteur: str
    aangemaakt: datetime
    gewijzigd_door: str
    gewijzigd: datetime
    goedgekeurd_door: str | None = None
    goedgekeurd_op: datetime | None = None


@dataclass(frozen=True)
class Revisie:
    """An immutable revision of an aanvulling."""

    id: int
    aanvulling_id: int
    samenwerking_id: str
    versie: int
    actie: str  # voorgesteld, gewijzigd, goedgekeurd, afgewezen, ingetrokken, ongedaan
    actor: str
    rol: str | None
    tijd: datetime
    voor: dict | None
    na: dict
    reden: str
    bron: str


@dataclass(frozen=True)
class Melding:
    """An anonymous correction request (text only, shown only as text)."""

    id: int
    tekst: str
    samenwerking_id: str | None
    contact: str | None
    tijd: datetime
    status: str  # nieuw, afgehandeld


@dataclass(frozen=True)
class GoedgekeurdeAanvullingen:
    """What is published: approved aanvullingen in their approved (``gepubliceerd``) form.

    ``samenwerkingen``/``correcties``/``bestuurders`` hold :class:`Aanvulling` records whose
    ``gepubliceerd`` is the content to merge; ``sleutel`` changes whenever anything published
    changes (cache key for the app).
    """

    samenwerkingen: tuple[Aanvulling, ...] = ()
    correcties: tuple[Aanvulling, ...] = ()
    bestuurders: tuple[Aanvulling, ...] = ()
    sleutel: str = ""
    aantal: int = field(default=0)


# --- helpers ------------------------------------------------------------------------------------


def _nu() -> datetime:
    return datetime.now(UTC)


def _utc(dt: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes (stored in UTC); PostgreSQL aware ones."""
    if dt is None:
        return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def lokale_tijd(dt: datetime) -> str:
    """'5-12-2026 om 08:14' in Dutch local time (for messages)."""
    try:
        from zoneinfo import ZoneInfo

        dt = dt.astimezone(ZoneInfo("Europe/Amsterdam"))
    except Exception:  # no tz database: UTC is still right, just not local
        pass
    return f"{dt.day}-{dt.month}-{dt.year} om {dt:%H:%M}"


def _tijd(v) -> datetime | None:
    """A timestamp read as text (SQLite, stored in UTC) or as a datetime (PostgreSQL)."""
    if v is None:
        return None
    if isinstance(v, datetime):
        return _utc(v)
    if len(v) <= 26:  # no offset: SQLite's UTC text
        return datetime.fromisoformat(v + "+00:00")
    return _utc(datetime.fromisoformat(v))


#: Revisions that can change what is published: an approval, a withdrawal, an undo and a
#: beheerder's edit (which stays published). A proposal, a redacteur's edit (it waits for
#: review) and a rejection leave the publication as it was, so they leave its key alone.
PUBLICERENDE_ACTIES = ("goedgekeurd", "ingetrokken", "ongedaan")


def publiceert(actie: str, rol: str) -> bool:
    """Can a revision with this ``actie`` by this ``rol`` change the publication?"""
    return actie in PUBLICERENDE_ACTIES or (actie == "gewijzigd" and rol == "beheerder")


_PUBLICEREND = or_(
    RevisieRij.actie.in_(PUBLICERENDE_ACTIES),
    and_(RevisieRij.actie == "gewijzigd", RevisieRij.rol == "beheerder"),
)


#: PostgreSQL advisory lock held by a transaction that writes a publishing revision.
PUBLICATIE_SLOT = 0x6B76_7075  # "kvpu"


def _publicatie_volgorde(s: Session) -> None:
    """Publishing revisions get their ids in commit order, so the newest one names the
    publication (:meth:`Store.publicatie_sleutel`). SQLite's write transactions are
    serial already; on PostgreSQL two of them could otherwise commit out of id order and a
    reader would miss the one with the lower id. Taken before the record is locked, so
    every publishing write takes its locks in the same order."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PUBLICATIE_SLOT})


def _rij_sleutel(sleutel: str) -> str:
    """The revision part of :meth:`Store.publicatie_sleutel` (without the database name)."""
    return sleutel.partition(":")[2]


def _lijst(text: str) -> tuple[str, ...]:
    return tuple(t for t in (text or "").split(";") if t)


def _aanvulling(r: AanvullingRij) -> Aanvulling:
    return Aanvulling(
        id=r.id,
        soort=r.soort,  # type: ignore[arg-type]
        samenwerking_id=r.samenwerking_id,
        status=r.status,  # type: ignore[arg-type]
        versie=r.versie,
        inhoud=copy.deepcopy(r.inhoud),
        gepubliceerd=copy.deepcopy(r.gepubliceerd),
        gemeenten=_lijst(r.gemeenten),
        bron=r.bron,
        reden=r.reden,
        auteur=r.auteur,
        aangemaakt=_utc(r.aangemaakt),  # type: ignore[arg-type]
        gewijzigd_door=r.gewijzigd_door,
        gewijzigd=_utc(r.gewijzigd),  # type: ignore[arg-type]
        goedgekeurd_door=r.goedgekeurd_door,
        goedgekeurd_op=_utc(r.goedgekeurd_op),
    )


def _revisie(r: RevisieRij) -> Revisie:
    return Revisie(
        id=r.id,
        aanvulling_id=r.aanvulling_id,
        samenwerking_id=r.samenwerking_id,
        versie=r.versie,
        actie=r.actie,
        actor=r.actor,
        rol=r.rol,
        tijd=_utc(r.tijd),  # type: ignore[arg-type]
        voor=copy.deepcopy(r.voor),
        na=copy.deepcopy(r.na),
        reden=r.reden,
        bron=r.bron,
    )


def _melding(r: MeldingRij) -> Melding:
    return Melding(
        id=r.id,
        tekst=r.tekst,
        samenwerking_id=r.samenwerking_id,
        contact=r.contact,
        tijd=_utc(r.tijd),  # type: ignore[arg-type]
        status=r.status,
    )


def _toestand(r: AanvullingRij) -> dict:
    """What a revision records before and after: status, content, published content, bron."""
    return {
        "status": r.status,
        "inhoud": copy.deepcopy(r.inhoud),
        "gepubliceerd": copy.deepcopy(r.gepubliceerd),
        "bron": r.bron,
    }


def _scope_gemeenten(inhoud: dict, soort: str) -> set[str]:
    """The gemeenten an aanvulling is about (for a redacteur's scope)."""
    if soort == "samenwerking":
        return {
            d["gemeentecode"] for d in inhoud.get("deelnemers", []) if d.get("type") == "gemeente"
        }
    if soort == "bestuurder" and inhoud.get("gemeentecode"):
        return {inhoud["gemeentecode"]}
    return set()


_GEPUBLICEERD_SQL = (
    "SELECT id, soort, samenwerking_id, status, versie, gepubliceerd, gemeenten, bron, reden, "
    "auteur, aangemaakt, gewijzigd_door, gewijzigd, goedgekeurd_door, goedgekeurd_op "
    "FROM aanvulling WHERE gepubliceerd IS NOT NULL ORDER BY goedgekeurd_op, id"
)

_PH = PasswordHasher()
#: Verified against when the name is unknown, so timing does not tell which names exist
#: (made on first use: hashing costs time at import).
_DUMMY_HASH = ""
MELDING_MAX_TOTAAL_PER_UUR = 500
MIN_WACHTWOORD = 10
AANVULLING_PREFIX = "aanvulling-"


# --- the store ----------------------------------------------------------------------------------


class Store:
    """The beheer store on one database (SQLite file or PostgreSQL)."""

    def __init__(self, engine: Engine, registry: Registry | None = None):
        self.engine = engine
        self._schrijf_engine = engine.execution_options(immediate=True)
        self._registry = registry
        self._leden: dict[str, set[str]] | None = None
        self._gepubliceerd: GoedgekeurdeAanvullingen | None = None

    @classmethod
    def open(
        cls, url: str | None = None, *, registry: Registry | None = None, upgrade: bool = True
    ) -> Store:
        """Open the store at ``url`` (default :func:`kaartviewer.beheer.db.database_url`),
        bringing its schema up to date unless ``upgrade`` is False.

        ``registry`` (a :class:`~kaartviewer.registry.Registry`) lets the service check that
        a samenwerking id or gemeentecode exists and which gemeenten a register samenwerking
        has (for a redacteur's scope); without one it is loaded on first need.
        """
        url = url or db.database_url()
        if upgrade and db.current_revision(url) != db.head_revision():
            db.upgrade(url)
        return cls(db.engine(url), registry)

    def koppel_registry(self, registry: Registry) -> None:
        """Use this Registry for existence and scope checks (the app's cached one)."""
        self._registry = registry
        self._leden = None

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            from kaartviewer import config
            from kaartviewer.load import load

            # The data the CLI and the app use ($KAARTVIEWER_DATA), not always the shipped.
            self._registry = load(config.data_dir())[0]
        return self._registry

    def _leden_van(self, sid: str) -> set[str]:
        if self._leden is None:
            lid = self.registry.lidmaatschappen
            self._leden = {
                k: set(v) for k, v in lid.groupby("samenwerking")["gemeentecode"].unique().items()
            }
        return self._leden.get(sid, set())

    def _gemeentecodes(self) -> set[str]:
        return set(self.registry.gemeenten.index)

    @contextmanager
    def _sessie(self, schrijf: bool = False) -> Iterator[Session]:
        """One transaction; a write transaction takes SQLite's write lock up front."""
        bind = self._schrijf_engine if schrijf else self.engine
        with Session(bind, expire_on_commit=False) as s, s.begin():
            yield s
            nieuwe_publicatie = bool(s.info.get("publiceert"))
        if nieuwe_publicatie:
            self._publicatie_bijwerken()

    # --- roles --------------------------------------------------------------------------

    def _scope(self, actor: Actor) -> set[str] | None:
        """Gemeenten a redacteur may edit for (None: everything, for a beheerder)."""
        if actor.rol == "beheerder":
            return None
        if actor.rol != "redacteur":
            return set()
        codes = set(actor.gemeenten)
        if actor.provincies:
            g = self.registry.gemeenten
            codes |= set(g.index[g["provinciecode"].isin(list(actor.provincies))])
        return codes

    def _vereis_schrijver(self, actor: Actor) -> None:
        if not actor.kan_schrijven:
            raise Geweigerd(
                "Alleen ingelogde redacteuren en beheerders kunnen gegevens wijzigen. Ziet u "
                "een fout? Gebruik 'Meld een correctie'."
            )

    def _vereis_beheerder(self, actor: Actor, wat: str) -> None:
        if not actor.is_beheerder:
            raise Geweigerd(f"Alleen een beheerder kan {wat}.")

    def _vereis_scope(self, actor: Actor, gemeenten: set[str], wat: str) -> None:
        self._vereis_schrijver(actor)
        scope = self._scope(actor)
        if scope is not None and not (scope & gemeenten):
            eigen = ", ".join(sorted(actor.gemeenten + actor.provincies)) or "geen gemeente"
            raise Geweigerd(
                f"U bent redacteur voor {eigen}; {wat} gaat niet over uw gemeente(n) of "
                "provincie. Vraag een beheerder."
            )

    def _samenwerking_gemeenten(self, s: Session, sid: str) -> set[str]:
        """Member gemeenten of a samenwerking: the registry's, plus those aanvullingen add;
        raises OngeldigeInvoer for an unknown id."""
        sid = validatie.tekst(sid)
        if sid.startswith(AANVULLING_PREFIX):
            row = s.scalar(
                select(AanvullingRij).where(
                    AanvullingRij.samenwerking_id == sid, AanvullingRij.soort == "samenwerking"
                )
            )
            if row is None or row.status in ("afgewezen", "ingetrokken"):
                raise OngeldigeInvoer(f"Geen samenwerking met id '{sid}'.", {"samenwerking": ""})
            return set(_lijst(row.gemeenten))
        if sid not in self.registry.samenwerkingen.index:
            raise OngeldigeInvoer(f"Geen samenwerking met id '{sid}'.", {"samenwerking": ""})
        leden = set(self._leden_van(sid))
        for r in s.scalars(
            select(AanvullingRij).where(
                AanvullingRij.samenwerking_id == sid,
                AanvullingRij.soort == "correctie",
                AanvullingRij.status.in_(("voorgesteld", "goedgekeurd")),
            )
        ):
            w = r.inhoud.get("waarde")
            if r.inhoud.get("veld") == "deelnemer_toevoegen" and isinstance(w, dict):
                if w.get("gemeentecode"):
                    leden.add(w["gemeentecode"])
        return leden

    # --- accounts ------------------------------------------------------------------------

    def gebruiker_toevoegen(
        self,
        naam: str,
        rol: Rol,
        wachtwoord: str | None = None,
        gemeenten: tuple[str, ...] | list[str] = (),
        provincies: tuple[str, ...] | list[str] = (),
        email: str | None = None,
    ) -> Actor:
        """Create (or update role, scope, password of) an account; argon2 hash. A redacteur
        needs at least one gemeente or provincie. Returns the account's Actor."""
        f = validatie.Fouten()
        naam = validatie.verplicht(f, "naam", naam, "Naam", 200)
        rol = validatie.keuze(f, "rol", rol, "Rol", BEHEER_ROLLEN)  # type: ignore[assignment]
        email_n = validatie.optioneel(f, "email", email, "E-mail", 320).lower() or None
        if email_n and "@" not in email_n:
            f["email"] = f"'{email_n}' is geen e-mailadres."
        if wachtwoord is not None and len(wachtwoord) < MIN_WACHTWOORD:
            f["wachtwoord"] = f"Een wachtwoord heeft minstens {MIN_WACHTWOORD} tekens."
        f.check()
        gem = validatie.codes(gemeenten, validatie.GEMEENTECODE, "gemeente")
        prov = validatie.codes(provincies, validatie.PROVINCIECODE, "provincie")
        if rol == "redacteur" and not (gem or prov):
            raise OngeldigeInvoer(
                "Een redacteur werkt voor minstens één gemeente of provincie (--gemeente CODE).",
                {"gemeenten": ""},
            )
        if self._registry is not None:
            onbekend = set(gem) - self._gemeentecodes()
            if onbekend:
                raise OngeldigeInvoer(
                    f"Onbekende gemeentecode(s): {', '.join(sorted(onbekend))}.", {"gemeenten": ""}
                )
        with self._sessie(schrijf=True) as s:
            row = s.scalar(select(GebruikerRij).where(GebruikerRij.naam == naam))
            if row is None:
                row = GebruikerRij(naam=naam, aangemaakt=_nu(), mislukte_pogingen=0)
                s.add(row)
            row.rol = rol
            row.gemeenten = ";".join(gem)
            row.provincies = ";".join(prov)
            if email_n is not None:
                row.email = email_n
            if wachtwoord is not None:
                row.wachtwoord_hash = _PH.hash(wachtwoord)
                row.mislukte_pogingen = 0
                row.geblokkeerd_tot = None
            try:
                s.flush()
            except IntegrityError:
                raise OngeldigeInvoer(
                    f"Het e-mailadres {email_n} hoort al bij een ander account.", {"email": ""}
                ) from None
            return Actor(naam, rol, gem, prov)

    def inloggen(self, naam: str, wachtwoord: str) -> Actor:
        """Check a local password. Raises :class:`InlogFout` (Dutch) on a wrong name or
        password, and for :data:`BLOKKADE_MINUTEN` after :data:`MAX_MISLUKTE_POGINGEN`
        failures in a row."""
        fout = InlogFout("Onbekende naam of onjuist wachtwoord.")
        naam = validatie.tekst(naam)
        with self._sessie(schrijf=True) as s:
            row = s.scalar(select(GebruikerRij).where(GebruikerRij.naam == naam))
            if row is None or not row.wachtwoord_hash:
                _verify(_dummy_hash(), wachtwoord or "")
                raise fout
            nu = _nu()
            tot = _utc(row.geblokkeerd_tot)
            if tot is not None and tot > nu:
                raise InlogFout(
                    "Dit account is tijdelijk geblokkeerd na te veel mislukte pogingen; probeer "
                    f"het na {lokale_tijd(tot)[-5:]} opnieuw of vraag een beheerder."
                )
            if not _verify(row.wachtwoord_hash, wachtwoord or ""):
                row.mislukte_pogingen = (row.mislukte_pogingen or 0) + 1
                if row.mislukte_pogingen >= MAX_MISLUKTE_POGINGEN:
                    row.mislukte_pogingen = 0
                    row.geblokkeerd_tot = nu + timedelta(minutes=BLOKKADE_MINUTEN)
                    fout = InlogFout(
                        f"Te veel mislukte pogingen: dit account is {BLOKKADE_MINUTEN} minuten "
                        "geblokkeerd."
                    )
            else:
                row.mislukte_pogingen = 0
                row.geblokkeerd_tot = None
                if _PH.check_needs_rehash(row.wachtwoord_hash):
                    row.wachtwoord_hash = _PH.hash(wachtwoord)
                return self._actor(row)
        raise fout  # after the commit, so the failure counts

    @staticmethod
    def _actor(row: GebruikerRij) -> Actor:
        return Actor(row.naam, row.rol, _lijst(row.gemeenten), _lijst(row.provincies))  # type: ignore[arg-type]

    def actor_voor_oidc(self, email: str) -> Actor:
        """The role of an OIDC-authenticated e-mail; unknown → :data:`ANONIEM` (read-only)."""
        e = validatie.tekst(email).lower()
        if not e:
            return ANONIEM
        with self._sessie() as s:
            row = s.scalar(select(GebruikerRij).where(GebruikerRij.email == e))
            return self._actor(row) if row is not None else ANONIEM

    def gebruikers(self, actor: Actor) -> list[dict]:
        """Accounts (naam, rol, email, gemeenten, provincies, geblokkeerd_tot); beheerder only."""
        self._vereis_beheerder(actor, "de accounts bekijken")
        with self._sessie() as s:
            return [
                {
                    "naam": r.naam,
                    "rol": r.rol,
                    "email": r.email,
                    "gemeenten": _lijst(r.gemeenten),
                    "provincies": _lijst(r.provincies),
                    "geblokkeerd_tot": _utc(r.geblokkeerd_tot),
                    "lokaal_wachtwoord": bool(r.wachtwoord_hash),
                }
                for r in s.scalars(select(GebruikerRij).order_by(GebruikerRij.naam))
            ]

    # --- proposals ------------------------------------------------------------------------

    def _nieuw(
        self,
        s: Session,
        actor: Actor,
        soort: str,
        sid: str,
        inhoud: dict,
        gemeenten: set[str],
        bron: str,
        reden: str,
    ) -> Aanvulling:
        nu = _nu()
        row = AanvullingRij(
            soort=soort,
            samenwerking_id=sid,
            status="voorgesteld",
            versie=1,
            inhoud=inhoud,
            gepubliceerd=None,
            gemeenten=";".join(sorted(gemeenten)),
            bron=bron,
            reden=reden,
            auteur=actor.naam,
            aangemaakt=nu,
            gewijzigd_door=actor.naam,
            gewijzigd=nu,
        )
        s.add(row)
        s.flush()
        if soort == "samenwerking":
            row.samenwerking_id = f"{AANVULLING_PREFIX}{row.id}"
        s.add(
            RevisieRij(
                aanvulling_id=row.id,
                samenwerking_id=row.samenwerking_id,
                versie=1,
                actie="voorgesteld",
                actor=actor.naam,
                rol=actor.rol,
                tijd=nu,
                voor=None,
                na=_toestand(row),
                reden=reden,
                bron=bron,
            )
        )
        s.flush()
        return _aanvulling(row)

    def samenwerking_voorstellen(
        self,
        actor: Actor,
        velden: dict,
        deelnemers: list[dict],
        bestuurders: list[dict],
        bron: str,
        reden: str = "",
    ) -> Aanvulling:
        """Propose a samenwerking no register holds. ``velden``: naam, onderwerp (code of
        ``schema.ONDERWERPEN``), vorm (``schema.AANVULLING_VORMEN``), fase
        (``schema.FASEN``), start, einde (ISO dates or ''), website. ``bron`` is required.
        Status 'voorgesteld' (a beheerder's own proposal too: approval is a separate step)."""
        self._vereis_schrijver(actor)
        bron, reden = validatie.bron_en_reden(bron, reden, reden_verplicht=False)
        inhoud = validatie.samenwerking(
            dict(velden or {}),
            list(deelnemers or []),
            list(bestuurders or []),
            self._gemeentecodes(),
        )
        gemeenten = _scope_gemeenten(inhoud, "samenwerking")
        self._vereis_scope(actor, gemeenten, "deze samenwerking")
        with self._sessie(schrijf=True) as s:
            return self._nieuw(s, actor, "samenwerking", "", inhoud, gemeenten, bron, reden)

    def correctie_voorstellen(
        self,
        actor: Actor,
        samenwerking_id: str,
        veld: str,
        waarde: Any,
        reden: str,
        bron: str,
    ) -> Aanvulling:
        """Propose a correction of one field of a samenwerking (``schema.CORRECTIE_VELDEN``),
        with a required reason and bron. ``deelnemer_toevoegen``/``deelnemer_verwijderen``
        take a gemeentecode or ``{"type": …, "naam": …}``."""
        self._vereis_schrijver(actor)
        bron, reden = validatie.bron_en_reden(bron, reden, reden_verplicht=True)
        veld, waarde = validatie.correctie(validatie.tekst(veld), waarde, self._gemeentecodes())
        sid = validatie.tekst(samenwerking_id)
        with self._sessie(schrijf=True) as s:
            leden = self._samenwerking_gemeenten(s, sid)
            if veld.startswith("deelnemer_") and waarde.get("gemeentecode"):
                # A redacteur may say their own gemeente takes part, or left.
                leden = leden | {waarde["gemeentecode"]}
            self._vereis_scope(actor, leden, "deze samenwerking")
            inhoud = {"veld": veld, "waarde": waarde, "oud": self._bronwaarde(sid, veld)}
            return self._nieuw(s, actor, "correctie", sid, inhoud, leden, bron, reden)

    def _bronwaarde(self, sid: str, veld: str) -> Any:
        """The source value a correction replaces (shown as 'before')."""
        sw = self.registry.samenwerkingen
        if sid not in sw.index or veld.startswith("deelnemer_") or veld not in sw.columns:
            return None
        v = sw.at[sid, veld]
        return None if pd.isna(v) else str(v)

    def bestuurder_voorstellen(
        self,
        actor: Actor,
        samenwerking_id: str,
        gemeentecode: str | None,
        partij: str | None,
        naam: str,
        functie: str,
        orgaan: str,
        portefeuille: str,
        vanaf: str | date | None,
        tot: str | date | None,
        bron: str,
        reden: str = "",
    ) -> Aanvulling:
        """Propose who sits at a samenwerking's table for a deelnemer (a gemeentecode, or the
        name of another party in ``partij``): functie ``schema.BESTUURDER_FUNCTIES``, orgaan
        ``schema.ORGANEN`` (AB/DB). Public role only: no private data is asked or kept."""
        self._vereis_schrijver(actor)
        bron, reden = validatie.bron_en_reden(bron, reden, reden_verplicht=False)
        f = validatie.Fouten()
        inhoud = validatie.bestuurder(
            f,
            {
                "gemeentecode": gemeentecode,
                "partij": partij,
                "naam": naam,
                "functie": functie,
                "orgaan": orgaan,
                "portefeuille": portefeuille,
                "vanaf": vanaf,
                "tot": tot,
            },
        )
        f.check()
        sid = validatie.tekst(samenwerking_id)
        with self._sessie(schrijf=True) as s:
            leden = self._samenwerking_gemeenten(s, sid)
            code = inhoud["gemeentecode"]
            if code and code not in leden:
                raise OngeldigeInvoer(
                    f"{code} is geen deelnemer van deze samenwerking; stel eerst de deelnemer voor.",
                    {"gemeentecode": ""},
                )
            gemeenten = {code} if code else leden
            self._vereis_scope(actor, gemeenten, "deze bestuurder")
            return self._nieuw(s, actor, "bestuurder", sid, inhoud, gemeenten, bron, reden)

    # --- edits and review -------------------------------------------------------------------

    def _laad(self, s: Session, aanvulling_id: int) -> AanvullingRij:
        row = s.get(AanvullingRij, int(aanvulling_id))
        if row is None:
            raise NietGevonden(f"Geen aanvulling met nummer {aanvulling_id}.")
        return row

    def _conflict(self, s: Session, row_id: int, verwacht: int, invoer: dict[str, Any]) -> Conflict:
        s.expire_all()
        nu = _aanvulling(self._laad(s, row_id))
        return Conflict(
            f"{nu.gewijzigd_door} heeft deze aanvulling gewijzigd op {lokale_tijd(nu.gewijzigd)} "
            f"(versie {nu.versie}), nadat u versie {verwacht} opende. Uw wijziging is niet "
            "opgeslagen, maar ook niet verloren: ze staat hieronder nog klaar. Bekijk de nieuwe "
            "versie en sla daarna opnieuw op.",
            door=nu.gewijzigd_door,
            wanneer=nu.gewijzigd,
            huidige=nu,
            invoer=invoer,
        )

    def _schrijf(
        self,
        s: Session,
        actor: Actor,
        row: AanvullingRij,
        verwacht: int,
        nieuw: dict[str, Any],
        actie: str,
        reden: str,
        bron: str,
        invoer: dict[str, Any],
    ) -> Aanvulling:
        """Apply ``nieuw`` (column → value) if the record is still at version ``verwacht``,
        and record the revision; else raise :class:`Conflict`."""
        publiceert_ook = publiceert(actie, actor.rol)
        if publiceert_ook:
            _publicatie_volgorde(s)
        if row.versie != int(verwacht):
            raise self._conflict(s, row.id, int(verwacht), invoer)
        voor = _toestand(row)
        nu = _nu()
        waarden = {
            **nieuw,
            "versie": int(verwacht) + 1,
            "gewijzigd": nu,
            "gewijzigd_door": actor.naam,
        }
        res = s.execute(
            update(AanvullingRij)
            .where(AanvullingRij.id == row.id, AanvullingRij.versie == int(verwacht))
            .values(**waarden)
            .execution_options(synchronize_session=False)
        )
        if res.rowcount != 1:  # someone committed in between (PostgreSQL, read committed)
            raise self._conflict(s, row.id, int(verwacht), invoer)
        s.expire(row)
        s.refresh(row)
        if publiceert_ook:
            s.info["publiceert"] = True  # prepared and kept after the commit
        s.add(
            RevisieRij(
                aanvulling_id=row.id,
                samenwerking_id=row.samenwerking_id,
                versie=row.versie,
                actie=actie,
                actor=actor.naam,
                rol=actor.rol,
                tijd=nu,
                voor=voor,
                na=_toestand(row),
                reden=reden,
                bron=bron or row.bron,
            )
        )
        s.flush()
        return _aanvulling(row)

    def _nieuwe_inhoud(self, s: Session, row: AanvullingRij, velden: dict) -> dict:
        """The aanvulling's inhoud with ``velden`` applied, checked."""
        velden = dict(velden or {})
        if row.soort == "samenwerking":
            oud = row.inhoud
            v = {
                **oud["velden"],
                **{k: w for k, w in velden.items() if k not in ("deelnemers", "bestuurders")},
            }
            return validatie.samenwerking(
                v,
                list(velden.get("deelnemers", oud["deelnemers"])),
                list(velden.get("bestuurders", oud["bestuurders"])),
                self._gemeentecodes(),
            )
        if row.soort == "correctie":
            onbekend = set(velden) - {"veld", "waarde"}
            if onbekend:
                raise OngeldigeInvoer(f"Onbekende velden: {', '.join(sorted(onbekend))}.")
            veld = velden.get("veld", row.inhoud["veld"])
            veld, waarde = validatie.correctie(
                validatie.tekst(veld),
                velden.get("waarde", row.inhoud["waarde"]),
                self._gemeentecodes(),
            )
            return {
                "veld": veld,
                "waarde": waarde,
                "oud": self._bronwaarde(row.samenwerking_id, veld),
            }
        onbekend = set(velden) - set(validatie.BESTUURDER_VELDEN)
        if onbekend:
            raise OngeldigeInvoer(f"Onbekende velden: {', '.join(sorted(onbekend))}.")
        f = validatie.Fouten()
        inhoud = validatie.bestuurder(f, {**row.inhoud, **velden})
        f.check()
        code = inhoud["gemeentecode"]
        if code and code != row.inhoud.get("gemeentecode"):
            if code not in self._samenwerking_gemeenten(s, row.samenwerking_id):
                raise OngeldigeInvoer(f"{code} is geen deelnemer van deze samenwerking.")
        return inhoud

    def wijzigen(
        self,
        actor: Actor,
        aanvulling_id: int,
        velden: dict,
        verwachte_versie: int,
        reden: str,
        bron: str,
    ) -> Aanvulling:
        """Change an aanvulling: ``velden`` are merged into its inhoud (for a samenwerking:
        keys of ``velden`` plus ``deelnemers``/``bestuurders`` replace those lists).
        A redacteur's edit of an approved aanvulling goes back to 'voorgesteld' (the map keeps
        the approved version until a beheerder approves); a beheerder's edit stays published.
        Raises :class:`Conflict` when ``verwachte_versie`` is stale."""
        invoer = {
            "velden": velden,
            "reden": reden,
            "bron": bron,
            "verwachte_versie": verwachte_versie,
        }
        self._vereis_schrijver(actor)
        reden = validatie.optioneel(
            validatie.Fouten(), "reden", reden, "Reden", validatie.MAX_TEKST
        )
        bron_n = validatie.tekst(bron)
        with self._sessie(schrijf=True) as s:
            row = self._laad(s, aanvulling_id)
            self._vereis_scope(actor, set(_lijst(row.gemeenten)), "deze aanvulling")
            inhoud = self._nieuwe_inhoud(s, row, velden)
            gemeenten = _scope_gemeenten(inhoud, row.soort) or set(_lijst(row.gemeenten))
            self._vereis_scope(actor, gemeenten, "de gewijzigde aanvulling")
            nieuw: dict[str, Any] = {
                "inhoud": inhoud,
                "gemeenten": ";".join(sorted(gemeenten)),
                "bron": bron_n or row.bron,
            }
            if actor.is_beheerder and row.status == "goedgekeurd":
                nieuw |= {
                    "gepubliceerd": inhoud,
                    "goedgekeurd_door": actor.naam,
                    "goedgekeurd_op": _nu(),
                }
            else:
                nieuw["status"] = "voorgesteld"
            return self._schrijf(
                s, actor, row, verwachte_versie, nieuw, "gewijzigd", reden, bron_n, invoer
            )

    def goedkeuren(
        self, actor: Actor, aanvulling_id: int, verwachte_versie: int, reden: str = ""
    ) -> Aanvulling:
        """Approve (beheerder only): the current inhoud becomes what is published."""
        self._vereis_beheerder(actor, "aanvullingen goedkeuren")
        invoer = {"actie": "goedkeuren", "reden": reden, "verwachte_versie": verwachte_versie}
        with self._sessie(schrijf=True) as s:
            row = self._laad(s, aanvulling_id)
            if row.status == "goedgekeurd" and row.versie == int(verwachte_versie):
                raise OngeldigeInvoer("Deze aanvulling is al goedgekeurd.")
            if row.soort != "samenwerking" and row.versie == int(verwachte_versie):
                self._samenwerking_gemeenten(s, row.samenwerking_id)  # still exists?
            nieuw = {
                "status": "goedgekeurd",
                "gepubliceerd": copy.deepcopy(row.inhoud),
                "goedgekeurd_door": actor.naam,
                "goedgekeurd_op": _nu(),
            }
            return self._schrijf(
                s,
                actor,
                row,
                verwachte_versie,
                nieuw,
                "goedgekeurd",
                validatie.tekst(reden),
                "",
                invoer,
            )

    def afwijzen(
        self, actor: Actor, aanvulling_id: int, reden: str, verwachte_versie: int
    ) -> Aanvulling:
        """Reject (beheerder only, reason required). A rejected edit of a published
        aanvulling returns it to its published content (status 'goedgekeurd')."""
        self._vereis_beheerder(actor, "aanvullingen afwijzen")
        f = validatie.Fouten()
        reden = validatie.verplicht(f, "reden", reden, "Reden van afwijzing", validatie.MAX_TEKST)
        f.check()
        invoer = {"actie": "afwijzen", "reden": reden, "verwachte_versie": verwachte_versie}
        with self._sessie(schrijf=True) as s:
            row = self._laad(s, aanvulling_id)
            if row.gepubliceerd is not None:
                nieuw = {"status": "goedgekeurd", "inhoud": copy.deepcopy(row.gepubliceerd)}
            else:
                nieuw = {"status": "afgewezen"}
            return self._schrijf(
                s, actor, row, verwachte_versie, nieuw, "afgewezen", reden, "", invoer
            )

    def intrekken(
        self, actor: Actor, aanvulling_id: int, reden: str, verwachte_versie: int
    ) -> Aanvulling:
        """Withdraw an aanvulling, published or not (beheerder only, reason required)."""
        self._vereis_beheerder(actor, "aanvullingen intrekken")
        f = validatie.Fouten()
        reden = validatie.verplicht(f, "reden", reden, "Reden van intrekken", validatie.MAX_TEKST)
        f.check()
        invoer = {"actie": "intrekken", "reden": reden, "verwachte_versie": verwachte_versie}
        with self._sessie(schrijf=True) as s:
            row = self._laad(s, aanvulling_id)
            nieuw = {"status": "ingetrokken", "gepubliceerd": None}
            return self._schrijf(
                s, actor, row, verwachte_versie, nieuw, "ingetrokken", reden, "", invoer
            )

    def ongedaan_maken(self, actor: Actor, revisie_id: int, reden: str = "") -> Aanvulling:
        """Undo one revision: the aanvulling returns to the state before it, as a new
        revision (history is never rewritten). Beheerder; a redacteur only for an
        unpublished aanvulling in their scope."""
        self._vereis_schrijver(actor)
        with self._sessie(schrijf=True) as s:
            rev = s.get(RevisieRij, int(revisie_id))
            if rev is None:
                raise NietGevonden(f"Geen revisie met nummer {revisie_id}.")
            row = self._laad(s, rev.aanvulling_id)
            doel = copy.deepcopy(rev.voor) or {
                "status": "ingetrokken",
                "inhoud": copy.deepcopy(row.inhoud),
                "gepubliceerd": None,
                "bron": row.bron,
            }
            if not actor.is_beheerder:
                self._vereis_scope(actor, set(_lijst(row.gemeenten)), "deze aanvulling")
                if (
                    row.gepubliceerd is not None
                    or doel["gepubliceerd"] is not None
                    or doel["status"] not in ("voorgesteld", "ingetrokken")
                ):
                    raise Geweigerd(
                        "Alleen een beheerder kan een goedgekeurde aanvulling terugzetten."
                    )
            nieuw = {
                "status": doel["status"],
                "inhoud": doel["inhoud"],
                "gepubliceerd": doel["gepubliceerd"],
                "bron": doel["bron"],
                "gemeenten": ";".join(
                    sorted(
                        _scope_gemeenten(doel["inhoud"], row.soort) or set(_lijst(row.gemeenten))
                    )
                ),
            }
            reden = validatie.tekst(reden) or f"Revisie {rev.id} ongedaan gemaakt."
            return self._schrijf(s, actor, row, row.versie, nieuw, "ongedaan", reden, "", {})

    # --- anonymous meldingen ------------------------------------------------------------------

    def melding_versturen(
        self,
        tekst: str,
        samenwerking_id: str | None = None,
        contact: str | None = None,
        *,
        afzender: str,
        sleutel: str | None = None,
    ) -> Melding:
        """Store a visitor's "Meld een correctie" in the review queue. ``afzender`` identifies
        the sender for the rate limit (the app passes a session id; only its hash is kept).
        Raises :class:`Geweigerd` (Dutch) on empty or over-long text or over the rate limit.
        ``sleutel`` (default: a fresh uuid) makes a retried submission idempotent."""
        t = validatie.tekst(tekst)
        if not t:
            raise Geweigerd("Schrijf eerst wat er niet klopt.")
        if len(t) > MELDING_MAX_TEKENS:
            raise Geweigerd(
                f"Uw melding is te lang ({len(t)} tekens; maximaal {MELDING_MAX_TEKENS}). "
                "Kort haar in."
            )
        c = validatie.tekst(contact) or None
        if c and len(c) > MELDING_MAX_CONTACT:
            raise Geweigerd(f"Het contactadres is te lang (maximaal {MELDING_MAX_CONTACT} tekens).")
        sid = validatie.tekst(samenwerking_id)[:200] or None
        wie = hashlib.sha256(validatie.tekst(afzender).encode()).hexdigest()
        sleutel = validatie.tekst(sleutel)[:64] or uuid.uuid4().hex
        try:
            with self._sessie(schrijf=True) as s:
                bestaand = s.scalar(select(MeldingRij).where(MeldingRij.sleutel == sleutel))
                if bestaand is not None:
                    return _melding(bestaand)
                self._rate_limit(s, wie)
                row = MeldingRij(
                    sleutel=sleutel,
                    tekst=t,
                    samenwerking_id=sid,
                    contact=c,
                    afzender=wie,
                    tijd=_nu(),
                    status="nieuw",
                )
                s.add(row)
                s.flush()
                return _melding(row)
        except IntegrityError:  # the same sleutel committed concurrently: stored once
            with self._sessie() as s:
                return _melding(
                    s.scalars(select(MeldingRij).where(MeldingRij.sleutel == sleutel)).one()
                )

    def _rate_limit(self, s: Session, wie: str) -> None:
        if s.get_bind().dialect.name == "postgresql":
            # Serialise one sender's submissions so the count below cannot be raced.
            s.execute(text("SELECT pg_advisory_xact_lock(hashtext(:w))"), {"w": wie})
        sinds = _nu() - timedelta(seconds=MELDING_VENSTER_SECONDEN)
        n = s.scalar(
            select(func.count())
            .select_from(MeldingRij)
            .where(MeldingRij.afzender == wie, MeldingRij.tijd >= sinds)
        )
        if n >= MELDING_MAX_PER_VENSTER:
            raise Geweigerd(
                f"U heeft het afgelopen uur al {MELDING_MAX_PER_VENSTER} meldingen verstuurd. "
                "Probeer het later opnieuw."
            )
        totaal = s.scalar(
            select(func.count())
            .select_from(MeldingRij)
            .where(MeldingRij.tijd >= _nu() - timedelta(hours=1))
        )
        if totaal >= MELDING_MAX_TOTAAL_PER_UUR:
            raise Geweigerd("Er komen nu te veel meldingen binnen. Probeer het later opnieuw.")

    def meldingen(self, actor: Actor, status: str | None = "nieuw") -> list[Melding]:
        """Meldingen in the queue (redacteur and beheerder), oldest first."""
        self._vereis_schrijver(actor)
        q = select(MeldingRij).order_by(MeldingRij.tijd, MeldingRij.id)
        if status:
            q = q.where(MeldingRij.status == status)
        with self._sessie() as s:
            return [_melding(r) for r in s.scalars(q)]

    def melding_afhandelen(self, actor: Actor, melding_id: int, notitie: str = "") -> Melding:
        """Mark a melding as handled (redacteur or beheerder)."""
        self._vereis_schrijver(actor)
        with self._sessie(schrijf=True) as s:
            row = s.get(MeldingRij, int(melding_id))
            if row is None:
                raise NietGevonden(f"Geen melding met nummer {melding_id}.")
            row.status = "afgehandeld"
            row.afgehandeld_door = actor.naam
            row.notitie = validatie.tekst(notitie)[: validatie.MAX_TEKST] or None
            s.flush()
            return _melding(row)

    # --- reads ------------------------------------------------------------------------------

    def wachtrij(self, actor: Actor) -> list[Aanvulling]:
        """Aanvullingen awaiting review: all for a beheerder, those in scope for a redacteur,
        nothing for a visitor."""
        if not actor.kan_schrijven:
            return []
        scope = self._scope(actor)
        alle = self.aanvullingen(status="voorgesteld")
        if scope is None:
            return alle
        return [a for a in alle if scope & set(a.gemeenten)]

    def aanvulling(self, aanvulling_id: int) -> Aanvulling:
        """One aanvulling by id (raises :class:`NietGevonden`)."""
        with self._sessie() as s:
            return _aanvulling(self._laad(s, aanvulling_id))

    def aanvullingen(
        self,
        samenwerking_id: str | None = None,
        status: str | None = None,
        soort: str | None = None,
    ) -> list[Aanvulling]:
        """Aanvullingen filtered by samenwerking, status and/or soort (oldest first)."""
        q = select(AanvullingRij).order_by(AanvullingRij.id)
        if samenwerking_id is not None:
            q = q.where(AanvullingRij.samenwerking_id == samenwerking_id)
        if status is not None:
            q = q.where(AanvullingRij.status == status)
        if soort is not None:
            q = q.where(AanvullingRij.soort == soort)
        with self._sessie() as s:
            return [_aanvulling(r) for r in s.scalars(q)]

    def geschiedenis(self, sleutel: int | str) -> list[Revisie]:
        """Revisions of one aanvulling (int id) or of every aanvulling about one samenwerking
        (str id, e.g. ``roo-123`` or ``aanvulling-7``), oldest first."""
        q = select(RevisieRij).order_by(RevisieRij.tijd, RevisieRij.id)
        if isinstance(sleutel, int):
            q = q.where(RevisieRij.aanvulling_id == sleutel)
        else:
            q = q.where(RevisieRij.samenwerking_id == str(sleutel))
        with self._sessie() as s:
            return [_revisie(r) for r in s.scalars(q)]

    def publicatie_sleutel(self) -> str:
        """Changes whenever what is published may have changed: with every revision that
        :func:`publiceert` (one cheap query; a cache key for the app: a change approved by
        another process shows on the next rerun). A proposal does not change it."""
        # The newest such revision (ids only grow; revisions are never changed): read from
        # the end of the table, so it costs the same with 100 or 100,000 revisions.
        with self._sessie() as s:
            laatste = s.execute(
                select(RevisieRij.id, RevisieRij.tijd)
                .where(_PUBLICEREND)
                .order_by(RevisieRij.id.desc())
                .limit(1)
            ).first()
        n, t = laatste if laatste else (0, None)
        # Which database, and when it last changed: the prepared publication is cached per
        # process on this key, and two stores must not share it.
        wie = hashlib.sha256(str(self.engine.url).encode()).hexdigest()[:12]
        return f"{wie}:{n}:{_tijd(t).isoformat() if t else ''}"

    def goedgekeurd(self) -> GoedgekeurdeAanvullingen:
        """Everything published, for :func:`kaartviewer.beheer.publiceren.met_aanvullingen`.

        In these records ``inhoud`` is the published content (``gepubliceerd``): an edit
        awaiting review is not part of the publication. Cached per store on
        :meth:`publicatie_sleutel` (one cheap query), so a rerun that finds nothing changed
        reads nothing else; otherwise one plain query, JSON decoded once per record. A
        record's ``status`` and ``versie`` are those of the last change to the publication
        (a later proposal does not refresh them): to edit, read :meth:`aanvulling`."""
        sleutel = self.publicatie_sleutel()
        cached = self._gepubliceerd
        if cached is not None and cached.sleutel == sleutel:
            return cached
        with self._sessie() as s:
            # Plain SQL, no result processing: JSON and times are decoded here, once.
            rows = s.connection().exec_driver_sql(_GEPUBLICEERD_SQL).fetchall()
        per: dict[str, list[Aanvulling]] = {"samenwerking": [], "correctie": [], "bestuurder": []}
        loads = json.loads
        for (
            id_,
            soort,
            sid,
            status,
            versie,
            js,
            gemeenten,
            bron,
            reden,
            auteur,
            aangemaakt,
            gewijzigd_door,
            gewijzigd,
            goedgekeurd_door,
            goedgekeurd_op,
        ) in rows:
            inhoud = loads(js) if isinstance(js, str) else js
            if inhoud is None:  # a JSON null
                continue
            per[soort].append(
                Aanvulling(
                    id_,
                    soort,
                    sid,
                    status,
                    versie,
                    inhoud,
                    inhoud,
                    _lijst(gemeenten),
                    bron,
                    reden,
                    auteur,
                    _tijd(aangemaakt),
                    gewijzigd_door,
                    _tijd(gewijzigd),
                    goedgekeurd_door,
                    _tijd(goedgekeurd_op),
                )
            )
        uit = GoedgekeurdeAanvullingen(
            samenwerkingen=tuple(per["samenwerking"]),
            correcties=tuple(per["correctie"]),
            bestuurders=tuple(per["bestuurder"]),
            sleutel=sleutel,
            aantal=sum(len(v) for v in per.values()),
        )
        self._gepubliceerd = uit
        return uit

    def publicatie(self):
        """The publication prepared for merging (``publiceren.Voorbereid``), at the store's
        current state: from this process's memory, else from the store's ``publicatie``
        table, else worked out from :meth:`goedgekeurd` and written there for the next
        process. The table is a cache keyed on :meth:`publicatie_sleutel`: a cold app
        process (a restart, another replica) then reads one row instead of every approved
        aanvulling. A store without the table (not yet upgraded) or a failed cache write
        still publishes, from the records."""
        from kaartviewer.beheer import publiceren

        sleutel = self.publicatie_sleutel()
        v = publiceren.voorbereid_in_proces(sleutel)
        if v is not None:
            return v
        rij = _rij_sleutel(sleutel)  # the same row for every URL spelling of this database
        try:
            with self._sessie() as s:
                inhoud = s.execute(
                    select(PublicatieRij.inhoud).where(
                        PublicatieRij.sleutel == rij,
                        PublicatieRij.formaat == publiceren.FORMAAT,
                    )
                ).scalar_one_or_none()
        except SQLAlchemyError:
            log.warning("publicatie-cache niet leesbaar; de aanvullingen worden gelezen")
            inhoud = None
        if inhoud is not None:
            t = json.loads(inhoud)
            return publiceren.onthoud(publiceren.uit_tabellen(t["tabellen"], t["aantal"], sleutel))
        g = self.goedgekeurd()
        t = publiceren.tabellen(g)
        v = publiceren.onthoud(publiceren.uit_tabellen(t, g.aantal, g.sleutel))
        self._publicatie_bewaren(_rij_sleutel(g.sleutel), {"aantal": g.aantal, "tabellen": t})
        return v

    def _publicatie_bijwerken(self) -> None:
        """After a write that changed the publication: prepare it now and keep it (in this
        process and in the store), so the next app run — in this process or in a cold
        one — reads one row instead of every approved aanvulling. The write itself is
        committed already; a failure here only leaves the work to the first reader."""
        try:
            self.publicatie()
        except Exception:  # only a cache: the write stands, a reader prepares it
            log.warning("publicatie niet vooraf bijgewerkt", exc_info=True)

    def _publicatie_bewaren(self, rij: str, inhoud: dict) -> None:
        from kaartviewer.beheer.publiceren import FORMAAT

        try:
            with self._sessie(schrijf=True) as s:
                # One row: this state's (an older state or layout is of no more use).
                s.execute(PublicatieRij.__table__.delete())
                s.add(
                    PublicatieRij(
                        sleutel=rij,
                        formaat=FORMAAT,
                        gemaakt=datetime.now(UTC),
                        inhoud=json.dumps(inhoud, ensure_ascii=False),
                    )
                )
        except SQLAlchemyError:  # another process wrote it first, or no table: only a cache
            log.info("publicatie-cache niet bijgewerkt", exc_info=True)

    def bestuurders_per_gemeente(self, op: date | None = None) -> pd.DataFrame:
        """Published bestuurders in office on ``op`` (default today), one row per gemeente ×
        bestuurder: ``gemeentecode, naam, functie, tafels`` (number of samenwerkingen)."""
        from kaartviewer.beheer.publiceren import bestuurders_frame, per_gemeente

        return per_gemeente(bestuurders_frame(self.goedgekeurd(), op))

    def tafels_per_bestuurder(self, op: date | None = None) -> pd.DataFrame:
        """Per bestuurder (naam + gemeente or partij): ``naam, functie, gemeentecode, partij,
        tafels, samenwerkingen`` (';'-joined ids), most tables first: the overleg spaghetti at
        person level."""
        from kaartviewer.beheer.publiceren import bestuurders_frame, per_bestuurder

        return per_bestuurder(bestuurders_frame(self.goedgekeurd(), op))


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if not _DUMMY_HASH:
        _DUMMY_HASH = _PH.hash("kaartviewer-geen-gebruiker")
    return _DUMMY_HASH


def _verify(hash_: str, wachtwoord: str) -> bool:
    try:
        return _PH.verify(hash_, wachtwoord)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
