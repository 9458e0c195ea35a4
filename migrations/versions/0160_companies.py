"""companies: accounts by work email domain or CRM account id; leads.company_id, backfilled

Revision ID: 0160
Revises: 0150
Create Date: 2026-12-01 15:20:00
"""

from collections import Counter
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import callprep.db
from callprep.companies.domains import company_domain

revision: str = "0160"
down_revision: str | None = "0150"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "companies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("domain", sa.String(length=253), nullable=True),
        sa.Column("crm_system", sa.String(length=50), nullable=True),
        sa.Column("crm_account_id", sa.String(length=200), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("created_at", callprep.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_companies")),
        sa.UniqueConstraint(
            "crm_system", "crm_account_id", name=op.f("uq_companies_crm_system_crm_account_id")
        ),
        sa.UniqueConstraint("domain", name=op.f("uq_companies_domain")),
    )
    # On SQLite batch mode copies `leads` and drops the old table; with foreign keys on, the
    # drop would cascade to every table pointing at leads (interactions, external ids, ...).
    # Enforcement can only be switched outside a transaction: commit what ran before, switch
    # it off for the copy, and back on once the copy is committed.
    raw = _sqlite_connection()
    if raw is not None:
        raw.commit()
        raw.execute("PRAGMA foreign_keys=OFF")
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.add_column(sa.Column("company_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_leads_company_id"), ["company_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_leads_company_id_companies"),
            "companies",
            ["company_id"],
            ["id"],
            ondelete="SET NULL",
        )
    if raw is not None:
        raw.commit()
        raw.execute("PRAGMA foreign_keys=ON")
    _backfill_by_domain()


def _backfill_by_domain() -> None:
    """Existing leads join the account of their work email domain (free mail joins none);
    an account is named by its people's most common company name."""
    bind = op.get_bind()
    leads = sa.table(
        "leads", sa.column("id"), sa.column("email"), sa.column("company"), sa.column("company_id")
    )
    companies = sa.table(
        "companies",
        sa.column("id"),
        sa.column("domain"),
        sa.column("name"),
        sa.column("created_at", callprep.db.UTCDateTime(timezone=True)),
    )
    people: dict[str, list[int]] = {}
    names: dict[str, Counter] = {}
    for lead_id, email, company in bind.execute(
        sa.select(leads.c.id, leads.c.email, leads.c.company)
    ):
        domain = company_domain(email)
        if domain is None:
            continue
        people.setdefault(domain, []).append(lead_id)
        if company and company.strip():
            names.setdefault(domain, Counter())[company.strip()[:200]] += 1
    if not people:
        return
    now = callprep.db.utcnow()
    domains = sorted(people)
    for start in range(0, len(domains), 500):
        op.bulk_insert(
            companies,
            [
                {
                    "domain": domain,
                    "name": names[domain].most_common(1)[0][0] if domain in names else None,
                    "created_at": now,
                }
                for domain in domains[start : start + 500]
            ],
        )
    ids = dict(bind.execute(sa.select(companies.c.domain, companies.c.id)).tuples().all())
    moves = [
        {"moved_lead": lead_id, "new_company": ids[domain]}
        for domain, lead_ids in people.items()
        for lead_id in lead_ids
    ]
    bind.execute(
        leads.update()
        .where(leads.c.id == sa.bindparam("moved_lead"))
        .values(company_id=sa.bindparam("new_company")),
        moves,
    )


def _sqlite_connection():
    bind = op.get_bind()
    return bind.connection.dbapi_connection if bind.dialect.name == "sqlite" else None


def downgrade() -> None:
    raw = _sqlite_connection()
    if raw is not None:
        raw.commit()
        raw.execute("PRAGMA foreign_keys=OFF")
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_leads_company_id_companies"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_leads_company_id"))
        batch_op.drop_column("company_id")
    if raw is not None:
        raw.commit()
        raw.execute("PRAGMA foreign_keys=ON")
    op.drop_table("companies")
