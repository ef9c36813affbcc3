"""Accounts, aanvullingen and their immutable revisions.

Revision ID: 0001
Revises:
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "gebruiker",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("naam", sa.String(200), nullable=False, unique=True),
        sa.Column("rol", sa.String(20), nullable=False),
        sa.Column("email", sa.String(320), nullable=True, unique=True),
        sa.Column("wachtwoord_hash", sa.String(255), nullable=True),
        sa.Column("gemeenten", sa.Text, nullable=False, server_default=""),
        sa.Column("provincies", sa.Text, nullable=False, server_default=""),
        sa.Column("mislukte_pogingen", sa.Integer, nullable=False, server_default="0"),
        sa.Column("geblokkeerd_tot", TZ, nullable=True),
        sa.Column("aangemaakt", TZ, nullable=False),
    )
    op.create_table(
        "aanvulling",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("soort", sa.String(20), nullable=False),
        sa.Column("samenwerking_id", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("versie", sa.Integer, nullable=False),
        sa.Column("inhoud", sa.JSON, nullable=False),
        sa.Column("gepubliceerd", sa.JSON, nullable=True),
        sa.Column("gemeenten", sa.Text, nullable=False, server_default=""),
        sa.Column("bron", sa.Text, nullable=False),
        sa.Column("reden", sa.Text, nullable=False, server_default=""),
        sa.Column("auteur", sa.String(200), nullable=False),
        sa.Column("aangemaakt", TZ, nullable=False),
        sa.Column("gewijzigd_door", sa.String(200), nullable=False),
        sa.Column("gewijzigd", TZ, nullable=False),
        sa.Column("goedgekeurd_door", sa.String(200), nullable=True),
        sa.Column("goedgekeurd_op", TZ, nullable=True),
    )
    op.create_index("ix_aanvulling_samenwerking_id", "aanvulling", ["samenwerking_id"])
    op.create_index("ix_aanvulling_status", "aanvulling", ["status"])
    op.create_table(
        "revisie",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("aanvulling_id", sa.Integer, sa.ForeignKey("aanvulling.id"), nullable=False),
        sa.Column("samenwerking_id", sa.String(200), nullable=False),
        sa.Column("versie", sa.Integer, nullable=False),
        sa.Column("actie", sa.String(20), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("rol", sa.String(20), nullable=True),
        sa.Column("tijd", TZ, nullable=False),
        sa.Column("voor", sa.JSON, nullable=True),
        sa.Column("na", sa.JSON, nullable=False),
        sa.Column("reden", sa.Text, nullable=False, server_default=""),
        sa.Column("bron", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_revisie_aanvulling_id", "revisie", ["aanvulling_id"])
    op.create_index("ix_revisie_samenwerking_id", "revisie", ["samenwerking_id"])
    op.create_index(
        "ix_revisie_aanvulling_versie", "revisie", ["aanvulling_id", "versie"], unique=True
    )


def downgrade() -> None:
    op.drop_table("revisie")
    op.drop_table("aanvulling")
    op.drop_table("gebruiker")
