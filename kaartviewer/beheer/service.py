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

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

import pandas as pd

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


# --- the store ----------------------------------------------------------------------------------


class Store:
    """The beheer store on one database (SQLite file or PostgreSQL)."""

    def __init__(self, engine, registry=None):
        self.engine = engine
        self._registry = registry

    @classmethod
    def open(cls, url: str | None = None, *, registry=None, upgrade: bool = True) -> Store:
        """Open the store at ``url`` (default :func:`kaartviewer.beheer.db.database_url`),
        bringing its schema up to date unless ``upgrade`` is False.

        ``registry`` (a :class:`~kaartviewer.registry.Registry`) lets the service check that
        a samenwerking id or gemeentecode exists and which gemeenten a register samenwerking
        has (for a redacteur's scope); without one it is loaded on first need.
        """
        raise NotImplementedError

    def koppel_registry(self, registry) -> None:
        """Use this Registry for existence and scope checks (the app's cached one)."""
        self._registry = registry

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
        raise NotImplementedError

    def inloggen(self, naam: str, wachtwoord: str) -> Actor:
        """Check a local password. Raises :class:`InlogFout` (Dutch) on a wrong name or
        password, and for :data:`BLOKKADE_MINUTEN` after :data:`MAX_MISLUKTE_POGINGEN`
        failures in a row."""
        raise NotImplementedError

    def actor_voor_oidc(self, email: str) -> Actor:
        """The role of an OIDC-authenticated e-mail; unknown → :data:`ANONIEM` (read-only)."""
        raise NotImplementedError

    def gebruikers(self, actor: Actor) -> list[dict]:
        """Accounts (naam, rol, email, gemeenten, provincies, geblokkeerd_tot); beheerder only."""
        raise NotImplementedError

    # --- proposals ------------------------------------------------------------------------

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
        raise NotImplementedError

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
        raise NotImplementedError

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
        raise NotImplementedError

    # --- edits and review -------------------------------------------------------------------

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
        raise NotImplementedError

    def goedkeuren(
        self, actor: Actor, aanvulling_id: int, verwachte_versie: int, reden: str = ""
    ) -> Aanvulling:
        """Approve (beheerder only): the current inhoud becomes what is published."""
        raise NotImplementedError

    def afwijzen(
        self, actor: Actor, aanvulling_id: int, reden: str, verwachte_versie: int
    ) -> Aanvulling:
        """Reject (beheerder only, reason required). A rejected edit of a published
        aanvulling returns it to its published content (status 'goedgekeurd')."""
        raise NotImplementedError

    def intrekken(
        self, actor: Actor, aanvulling_id: int, reden: str, verwachte_versie: int
    ) -> Aanvulling:
        """Withdraw a published aanvulling from publication (beheerder only)."""
        raise NotImplementedError

    def ongedaan_maken(self, actor: Actor, revisie_id: int, reden: str = "") -> Aanvulling:
        """Undo one revision: the aanvulling returns to the state before it, as a new
        revision (history is never rewritten). Beheerder; a redacteur only for an
        unpublished aanvulling in their scope."""
        raise NotImplementedError

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
        the sender for the rate limit (the app passes a hash of session/IP). Raises
        :class:`Geweigerd` (Dutch) on empty or over-long text or over the rate limit.
        ``sleutel`` (default: a fresh uuid) makes a retried submission idempotent."""
        raise NotImplementedError

    def meldingen(self, actor: Actor, status: str | None = "nieuw") -> list[Melding]:
        """Meldingen in the queue (redacteur and beheerder)."""
        raise NotImplementedError

    def melding_afhandelen(self, actor: Actor, melding_id: int, notitie: str = "") -> Melding:
        """Mark a melding as handled (redacteur or beheerder)."""
        raise NotImplementedError

    # --- reads ------------------------------------------------------------------------------

    def wachtrij(self, actor: Actor) -> list[Aanvulling]:
        """Aanvullingen awaiting review: all for a beheerder, those in scope for a redacteur,
        nothing for a visitor."""
        raise NotImplementedError

    def aanvulling(self, aanvulling_id: int) -> Aanvulling:
        """One aanvulling by id (raises :class:`NietGevonden`)."""
        raise NotImplementedError

    def aanvullingen(
        self,
        samenwerking_id: str | None = None,
        status: str | None = None,
        soort: str | None = None,
    ) -> list[Aanvulling]:
        """Aanvullingen filtered by samenwerking, status and/or soort (oldest first)."""
        raise NotImplementedError

    def geschiedenis(self, sleutel: int | str) -> list[Revisie]:
        """Revisions of one aanvulling (int id) or of every aanvulling about one samenwerking
        (str id, e.g. ``roo-123`` or ``aanvulling-7``), oldest first."""
        raise NotImplementedError

    def goedgekeurd(self) -> GoedgekeurdeAanvullingen:
        """Everything published, for :func:`kaartviewer.beheer.publiceren.met_aanvullingen`."""
        raise NotImplementedError

    def bestuurders_per_gemeente(self, op: date | None = None) -> pd.DataFrame:
        """Published bestuurders in office on ``op`` (default today), one row per gemeente ×
        bestuurder: ``gemeentecode, naam, functie, tafels`` (number of samenwerkingen)."""
        raise NotImplementedError

    def tafels_per_bestuurder(self, op: date | None = None) -> pd.DataFrame:
        """Per bestuurder (naam + gemeente or partij): ``naam, functie, gemeentecode, partij,
        tafels, samenwerkingen`` (';'-joined ids), most tables first: the overleg spaghetti at
        person level."""
        raise NotImplementedError
