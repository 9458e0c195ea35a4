"""Two ingests at once on PostgreSQL: the team's round-robin row is locked while a batch
takes its turns, so concurrent leads go to different reps and the stored position stays
consistent. (SQLite has one writer at a time; this is the PostgreSQL guarantee.)"""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from callprep.leads import service as leads
from callprep.models import Lead, RoundRobinState


@pytest.fixture(autouse=True)
def _postgresql_only(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("row locks are PostgreSQL's; run with CALLPREP_TEST_DATABASE_URL")


@pytest.fixture
def two_reps(session, make_rep, add_rule):
    make_rep("ann@corp.test", team="EMEA")
    make_rep("bob@corp.test", team="EMEA")
    add_rule(kind="round_robin", team="EMEA")
    # A first turn, so the team's row exists and only its lock can keep the next two apart.
    assert leads.create_lead(session, {"email": "seed@zero.example.com"}).owner_email == (
        "ann@corp.test"
    )
    session.commit()


def test_a_second_ingest_waits_for_the_first_and_gets_the_next_rep(engine, session, two_reps):
    first_routed = threading.Event()
    owners: dict[str, str] = {}
    errors: list[BaseException] = []

    def ingest(email: str, hold: float, wait: threading.Event | None) -> None:
        try:
            if wait is not None:
                assert wait.wait(10)
            with Session(engine) as own, own.begin():
                owners[email] = leads.create_lead(own, {"email": email}).owner_email
                if hold:
                    first_routed.set()
                    time.sleep(hold)  # the other ingest is routing now: it must wait
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)

    a = threading.Thread(target=ingest, args=("a@one.example.com", 0.5, None))
    b = threading.Thread(target=ingest, args=("b@two.example.com", 0, first_routed))
    a.start()
    b.start()
    a.join(20)
    b.join(20)
    assert not errors, errors
    assert owners == {"a@one.example.com": "bob@corp.test", "b@two.example.com": "ann@corp.test"}
    session.expire_all()
    state = session.get(RoundRobinState, "EMEA")
    assert (state.last_email, state.assigned) == ("ann@corp.test", 3)


def test_many_concurrent_batches_share_the_turns_evenly(engine, session, two_reps):
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def ingest(worker: int) -> None:
        try:
            start.wait(10)
            for n in range(5):
                with Session(engine) as own, own.begin():
                    leads.claim_new_leads(
                        own,
                        [
                            {"email": f"w{worker}-{n}-{k}@x{worker}{n}{k}.example.com"}
                            for k in range(2)
                        ],
                    )
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)

    threads = [threading.Thread(target=ingest, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    session.expire_all()
    owners = Counter(session.scalars(select(Lead.owner_email)))
    # The seed and 40 leads, each batch of two taking two consecutive turns: exactly even.
    assert owners == {"ann@corp.test": 21, "bob@corp.test": 20}
    assert session.get(RoundRobinState, "EMEA").assigned == 41
