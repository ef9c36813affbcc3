"""SQLAlchemy 2 tables of the beheer store (the same on SQLite and PostgreSQL).

Rows are the storage shape; the service hands out frozen dataclasses (``service.Aanvulling``
…), never ORM objects, so nothing outside the service can write through a session.
Revisions are immutable: an ORM update or delete of a ``RevisieRij`` raises.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class GebruikerRij(Base):
    """A local account (or an OIDC e-mail mapped to a role)."""

    __tablename__ = "gebruiker"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    naam: Mapped[str] = mapped_column(String(200), unique=True)
    rol: Mapped[str] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(320), unique=True, nullable=True)
    wachtwoord_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    #: ';'-joined GM codes and PV codes the redacteur edits for.
    gemeenten: Mapped[str] = mapped_column(Text, default="")
    provincies: Mapped[str] = mapped_column(Text, default="")
    mislukte_pogingen: Mapped[int] = mapped_column(Integer, default=0)
    geblokkeerd_tot: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    aangemaakt: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AanvullingRij(Base):
    """One aanvulling: a new samenwerking, a correction or a bestuurder.

    ``inhoud`` is the current (possibly proposed) content; ``gepubliceerd`` the content as
    last approved (what the map shows), so an edit awaiting review never changes the map.
    ``versie`` is the optimistic-locking counter: every write is
    ``UPDATE … WHERE id = :id AND versie = :verwacht``.
    """

    __tablename__ = "aanvulling"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    soort: Mapped[str] = mapped_column(String(20))
    #: The registry samenwerking it is about; for a new samenwerking ``aanvulling-<id>``.
    samenwerking_id: Mapped[str] = mapped_column(String(200), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    versie: Mapped[int] = mapped_column(Integer, default=1)
    inhoud: Mapped[dict] = mapped_column(JSON)
    gepubliceerd: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    #: ';'-joined gemeentecodes the aanvulling concerns (for the redacteur's scope).
    gemeenten: Mapped[str] = mapped_column(Text, default="")
    bron: Mapped[str] = mapped_column(Text)
    reden: Mapped[str] = mapped_column(Text, default="")
    auteur: Mapped[str] = mapped_column(String(200))
    aangemaakt: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    gewijzigd_door: Mapped[str] = mapped_column(String(200))
    gewijzigd: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    goedgekeurd_door: Mapped[str | None] = mapped_column(String(200), nullable=True)
    goedgekeurd_op: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class RevisieRij(Base):
    """An immutable revision: who, when, what before and after, why, on what bron."""

    __tablename__ = "revisie"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    aanvulling_id: Mapped[int] = mapped_column(ForeignKey("aanvulling.id"), index=True)
    samenwerking_id: Mapped[str] = mapped_column(String(200), index=True)
    versie: Mapped[int] = mapped_column(Integer)
    actie: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(200))
    rol: Mapped[str | None] = mapped_column(String(20), nullable=True)
    tijd: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    voor: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    na: Mapped[dict] = mapped_column(JSON)
    reden: Mapped[str] = mapped_column(Text, default="")
    bron: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("ix_revisie_aanvulling_versie", "aanvulling_id", "versie", unique=True),
    )


class MeldingRij(Base):
    """An anonymous "Meld een correctie": text only, into the review queue.

    ``sleutel`` is unique per submission, so a retried insert is never stored twice.
    """

    __tablename__ = "melding"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sleutel: Mapped[str] = mapped_column(String(64), unique=True)
    tekst: Mapped[str] = mapped_column(Text)
    samenwerking_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    contact: Mapped[str | None] = mapped_column(String(320), nullable=True)
    afzender: Mapped[str] = mapped_column(String(128), index=True)
    tijd: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    status: Mapped[str] = mapped_column(String(20), default="nieuw")
    afgehandeld_door: Mapped[str | None] = mapped_column(String(200), nullable=True)
    notitie: Mapped[str | None] = mapped_column(Text, nullable=True)


class PublicatieRij(Base):
    """The publication prepared for merging, as it was at one ``sleutel`` (the store's
    revision state): a cache, derived from ``aanvulling``, never edited and never exported.

    A process that finds its sleutel here skips reading and preparing every approved
    aanvulling; the first process after a change writes it. ``formaat`` says which layout
    of ``inhoud`` (JSON) wrote it; another is ignored and replaced.
    """

    __tablename__ = "publicatie"

    sleutel: Mapped[str] = mapped_column(String(200), primary_key=True)
    formaat: Mapped[int] = mapped_column(Integer)
    gemaakt: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    inhoud: Mapped[str] = mapped_column(Text)


@event.listens_for(RevisieRij, "before_update")
def _revisie_onveranderlijk_update(mapper, connection, target) -> None:  # noqa: ARG001
    raise RuntimeError("Een revisie is onveranderlijk; maak een nieuwe revisie.")


@event.listens_for(RevisieRij, "before_delete")
def _revisie_onveranderlijk_delete(mapper, connection, target) -> None:  # noqa: ARG001
    raise RuntimeError("Een revisie is onveranderlijk; maak een nieuwe revisie.")
