"""accept, then analyse: interactions waiting for analysis, and the jobs table

Revision ID: 0100
Revises: 0090
Create Date: 2026-12-01 12:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from callprep.db import UTCDateTime

revision: str = "0100"
down_revision: str | None = "0090"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("interactions") as batch_op:
        batch_op.add_column(
            sa.Column("analysis_pending", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_index(
        "ix_interactions_analysis_pending",
        "interactions",
        ["lead_id"],
        sqlite_where=sa.text("analysis_pending"),
        postgresql_where=sa.text("analysis_pending"),
    )
    op.create_table(
        "analysis_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("progress_done", sa.Integer(), nullable=False),
        sa.Column("progress_total", sa.Integer(), nullable=True),
        sa.Column("params", sa.JSON(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["lead_id"],
            ["leads.id"],
            name=op.f("fk_analysis_jobs_lead_id_leads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analysis_jobs")),
    )
    op.create_index("ix_analysis_jobs_state", "analysis_jobs", ["state", "id"])
    op.create_index(op.f("ix_analysis_jobs_lead_id"), "analysis_jobs", ["lead_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_analysis_jobs_lead_id"), table_name="analysis_jobs")
    op.drop_index("ix_analysis_jobs_state", table_name="analysis_jobs")
    op.drop_table("analysis_jobs")
    op.drop_index("ix_interactions_analysis_pending", table_name="interactions")
    with op.batch_alter_table("interactions") as batch_op:
        batch_op.drop_column("analysis_pending")
