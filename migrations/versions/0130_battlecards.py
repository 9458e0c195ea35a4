"""battlecards: per competitor, versioned, one published

Revision ID: 0130
Revises: 0100
Create Date: 2026-12-01 13:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import callprep.db

revision: str = "0130"
down_revision: str | None = "0100"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "battlecards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("competitor", sa.String(length=100), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("published_version", sa.Integer(), nullable=True),
        sa.Column("published_at", callprep.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("published_by", sa.String(length=254), nullable=True),
        sa.Column("archived_at", callprep.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(length=254), nullable=True),
        sa.Column("created_at", callprep.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", callprep.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_battlecards")),
    )
    op.create_table(
        "battlecard_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("name_key", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["card_id"],
            ["battlecards.id"],
            name=op.f("fk_battlecard_names_card_id_battlecards"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_battlecard_names")),
        sa.UniqueConstraint("name_key", name=op.f("uq_battlecard_names_name_key")),
    )
    op.create_table(
        "battlecard_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("differ", sa.Text(), nullable=False),
        sa.Column("landmines", sa.JSON(), nullable=False),
        sa.Column("proof", sa.Text(), nullable=False),
        sa.Column("changed_by", sa.String(length=254), nullable=True),
        sa.Column("created_at", callprep.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["card_id"],
            ["battlecards.id"],
            name=op.f("fk_battlecard_versions_card_id_battlecards"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_battlecard_versions")),
        sa.UniqueConstraint(
            "card_id", "version", name=op.f("uq_battlecard_versions_card_id_version")
        ),
    )


def downgrade() -> None:
    op.drop_table("battlecard_versions")
    op.drop_table("battlecard_names")
    op.drop_table("battlecards")
