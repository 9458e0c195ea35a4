"""webhook deliveries (what each stored and skipped) and interaction titles that are names

Revision ID: 0070
Revises: 0040
Create Date: 2026-12-01 09:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import callprep.db
from callprep.leads.crm_ids import salesforce_id18

revision: str = "0070"
down_revision: str | None = "0040"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("received_at", callprep.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=50), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("duplicates", sa.Integer(), nullable=False),
        sa.Column("leads_created", sa.Integer(), nullable=False),
        sa.Column("leads_updated", sa.Integer(), nullable=False),
        sa.Column("suppressed", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("skips", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries")),
    )
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.create_index("ix_webhook_deliveries_skipped", ["skipped", "id"], unique=False)
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("title_is_name", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    # Salesforce ids are stored in their 18-character form from now on (callprep.crm_ids):
    # bring the 15-character ones stored before in line, unless that form is taken.
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT id, external_id FROM lead_external_ids WHERE system = 'salesforce'")
    ).all()
    taken = {value for _, value in rows}
    for row_id, value in rows:
        long_form = salesforce_id18(value)
        if long_form != value and long_form not in taken:
            bind.execute(
                sa.text("UPDATE lead_external_ids SET external_id = :value WHERE id = :id"),
                {"value": long_form, "id": row_id},
            )
            taken.add(long_form)


def downgrade() -> None:
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.drop_column("title_is_name")
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_webhook_deliveries_skipped")
    op.drop_table("webhook_deliveries")
