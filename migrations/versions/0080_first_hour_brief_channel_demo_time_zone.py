"""briefs.shown_in, demo marks on briefs and outcomes, users.time_zone

Revision ID: 0080
Revises: 0070
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0080"
down_revision: str | None = "0070"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("briefs") as batch:
        batch.add_column(
            sa.Column("shown_in", sa.String(length=10), server_default="api", nullable=False)
        )
        batch.add_column(sa.Column("demo", sa.Boolean(), server_default=sa.false(), nullable=False))
    # Before this column a brief for a user was a page view or a rep key's fetch; a brief with
    # no user came from an integration key. The closest honest guess for the old rows:
    op.execute("UPDATE briefs SET shown_in = 'web' WHERE user_id IS NOT NULL")
    with op.batch_alter_table("outcomes") as batch:
        batch.add_column(sa.Column("demo", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("time_zone", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("time_zone")
    with op.batch_alter_table("outcomes") as batch:
        batch.drop_column("demo")
    with op.batch_alter_table("briefs") as batch:
        batch.drop_column("demo")
        batch.drop_column("shown_in")
