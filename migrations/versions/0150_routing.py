"""routing: rules, round-robin state, assignment history; lead territory and company domain;
user team, away and pool

Revision ID: 0150
Revises: 0140
Create Date: 2026-12-01 15:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import callprep.db
from callprep.companies.domains import company_domain

revision: str = "0150"
down_revision: str | None = "0140"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "routing_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=True),
        sa.Column("countries", sa.JSON(), nullable=False),
        sa.Column("regions", sa.JSON(), nullable=False),
        sa.Column("states", sa.JSON(), nullable=False),
        sa.Column("owner_email", sa.String(length=254), nullable=True),
        sa.Column("team", sa.String(length=100), nullable=True),
        sa.Column("pool", sa.String(length=100), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_at", callprep.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", callprep.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routing_rules")),
    )
    op.create_index(op.f("ix_routing_rules_position"), "routing_rules", ["position"])
    op.create_table(
        "routing_round_robin",
        sa.Column("team", sa.String(length=100), nullable=False),
        sa.Column("last_email", sa.String(length=254), nullable=True),
        sa.Column("assigned", sa.Integer(), nullable=False),
        sa.Column("updated_at", callprep.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team", name=op.f("pk_routing_round_robin")),
    )
    op.create_table(
        "lead_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("owner_email", sa.String(length=254), nullable=True),
        sa.Column("pool", sa.String(length=100), nullable=True),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=True),
        sa.Column("assigned_by", sa.String(length=254), nullable=False),
        sa.Column("created_at", callprep.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_id"],
            ["leads.id"],
            name=op.f("fk_lead_assignments_lead_id_leads"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["rule_id"],
            ["routing_rules.id"],
            name=op.f("fk_lead_assignments_rule_id_routing_rules"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_assignments")),
    )
    op.create_index("ix_lead_assignments_lead", "lead_assignments", ["lead_id", "id"])
    with op.batch_alter_table("leads") as batch:
        batch.add_column(sa.Column("country", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("region", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("state", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("company_domain", sa.String(length=253), nullable=True))
        batch.add_column(sa.Column("routing_reason", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("routing_pool", sa.String(length=100), nullable=True))
        batch.create_index(batch.f("ix_leads_company_domain"), ["company_domain"])
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("team", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("away", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column("routing_pool", sa.String(length=100), nullable=True))
    # Existing leads get their company domain (the account-owner rule reads it); no
    # assignment is recorded for them, and an ownerless one shows in the unassigned queue.
    leads = sa.table("leads", sa.column("id", sa.Integer), sa.column("email", sa.String))
    connection = op.get_bind()
    updates = [
        {"lead_id": row.id, "domain": domain}
        for row in connection.execute(sa.select(leads.c.id, leads.c.email))
        if (domain := company_domain(row.email))
    ]
    if updates:
        connection.execute(
            sa.text("UPDATE leads SET company_domain = :domain WHERE id = :lead_id"), updates
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("routing_pool")
        batch.drop_column("away")
        batch.drop_column("team")
    with op.batch_alter_table("leads") as batch:
        batch.drop_index(batch.f("ix_leads_company_domain"))
        batch.drop_column("routing_pool")
        batch.drop_column("routing_reason")
        batch.drop_column("company_domain")
        batch.drop_column("state")
        batch.drop_column("region")
        batch.drop_column("country")
    op.drop_index("ix_lead_assignments_lead", table_name="lead_assignments")
    op.drop_table("lead_assignments")
    op.drop_table("routing_round_robin")
    op.drop_index(op.f("ix_routing_rules_position"), table_name="routing_rules")
    op.drop_table("routing_rules")
