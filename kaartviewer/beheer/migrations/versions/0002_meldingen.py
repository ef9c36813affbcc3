"""Anonymous "Meld een correctie" queue.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "melding",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sleutel", sa.String(64), nullable=False, unique=True),
        sa.Column("tekst", sa.Text, nullable=False),
        sa.Column("samenwerking_id", sa.String(200), nullable=True),
        sa.Column("contact", sa.String(320), nullable=True),
        sa.Column("afzender", sa.String(128), nullable=False),
        sa.Column("tijd", TZ, nullable=False),
        sa.Column("status", sa.String(20), nullable=False, server_default="nieuw"),
        sa.Column("afgehandeld_door", sa.String(200), nullable=True),
        sa.Column("notitie", sa.Text, nullable=True),
    )
    op.create_index("ix_melding_afzender", "melding", ["afzender"])
    op.create_index("ix_melding_tijd", "melding", ["tijd"])


def downgrade() -> None:
    op.drop_table("melding")
