"""lead facts keep the absolute dates their time words point at

Revision ID: 0090
Revises: 0080
Create Date: 2026-12-01 09:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0090"
down_revision: str | None = "0080"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("lead_facts") as batch_op:
        batch_op.add_column(sa.Column("time_ref", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("lead_facts") as batch_op:
        batch_op.drop_column("time_ref")
