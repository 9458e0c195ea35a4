"""openers: variant angle labels, Thompson allocation and its history, the brief's top topic

Revision ID: 0170
Revises: 0160
Create Date: 2026-12-01 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import callprep.db

revision: str = "0170"
down_revision: str | None = "0160"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("talk_tracks") as batch:
        batch.add_column(
            sa.Column("allocation", sa.String(length=10), server_default="weights", nullable=False)
        )
    with op.batch_alter_table("talk_track_variants") as batch:
        batch.add_column(sa.Column("angle", sa.String(length=60), nullable=True))
        batch.add_column(sa.Column("floor", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("share", sa.Float(), nullable=True))
    with op.batch_alter_table("briefs") as batch:
        batch.add_column(sa.Column("topic", sa.String(length=100), nullable=True))
    with op.batch_alter_table("outcomes") as batch:
        batch.add_column(sa.Column("topic", sa.String(length=100), nullable=True))
    op.create_index(
        "ix_outcomes_openers",
        "outcomes",
        ["situation", "topic", "track_name", "variant", "track_version", "disposition", "demo"],
        unique=False,
    )
    op.create_table(
        "talk_track_allocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("track_id", sa.Integer(), nullable=False),
        sa.Column("computed_at", callprep.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("shares", sa.JSON(), nullable=False),
        sa.Column("newest_outcome_id", sa.Integer(), nullable=True),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["track_id"],
            ["talk_tracks.id"],
            name=op.f("fk_talk_track_allocations_track_id_talk_tracks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_talk_track_allocations")),
    )
    op.create_index(
        "ix_talk_track_allocations_track_computed",
        "talk_track_allocations",
        ["track_id", "computed_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_talk_track_allocations_track_computed", table_name="talk_track_allocations")
    op.drop_table("talk_track_allocations")
    op.drop_index("ix_outcomes_openers", table_name="outcomes")
    with op.batch_alter_table("outcomes") as batch:
        batch.drop_column("topic")
    with op.batch_alter_table("briefs") as batch:
        batch.drop_column("topic")
    with op.batch_alter_table("talk_track_variants") as batch:
        batch.drop_column("share")
        batch.drop_column("floor")
        batch.drop_column("angle")
    with op.batch_alter_table("talk_tracks") as batch:
        batch.drop_column("allocation")
