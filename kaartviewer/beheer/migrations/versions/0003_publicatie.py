"""The prepared publication, cached in the store so a cold process need not prepare it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "publicatie",
        sa.Column("sleutel", sa.String(200), primary_key=True),
        sa.Column("formaat", sa.Integer, nullable=False),
        sa.Column("gemaakt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("inhoud", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("publicatie")
