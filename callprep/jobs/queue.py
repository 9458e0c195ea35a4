"""Jobs on Dramatiq with its Redis broker (CALLPREP_QUEUE_URL), run by `callprep worker`.

Why Dramatiq: retries with exponential backoff are built in, a message is acknowledged only
after its actor returns, and the Redis broker puts back the unacknowledged messages of a
worker that stopped sending heartbeats (killed, machine lost). Messages carry a job kind and
an id only. The database stays the source of truth: each worker sweeps for pending analysis
when it starts and every JOBS_SWEEP_SECONDS, so even a message lost with Redis itself is found."""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Iterable
from datetime import timedelta
from uuid import uuid4

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.common import current_millis
from dramatiq.middleware import CurrentMessage
from flask import Flask

from callprep.db import utcnow
from callprep.jobs import runners, work

log = logging.getLogger("callprep.jobs")

QUEUE_NAME = "analysis"
# A backfill of a large database runs for a long time; Dramatiq's default limit is 10 min.
TIME_LIMIT_MS = 24 * 3600 * 1000
# A dead worker's messages go back on the queue after this long without its heartbeat.
HEARTBEAT_TIMEOUT_MS = 15_000


class QueueRunner(runners.Runner):
    def __init__(self, app: Flask) -> None:
        super().__init__(app)
        self.broker = RedisBroker(
            url=app.config["QUEUE_URL"],
            namespace=app.config["QUEUE_NAMESPACE"],
            heartbeat_timeout=HEARTBEAT_TIMEOUT_MS,
        )
        self.broker.add_middleware(CurrentMessage())
        min_backoff = int(app.config["JOBS_MIN_BACKOFF_SECONDS"] * 1000)
        self.actor = dramatiq.actor(
            self._perform,
            broker=self.broker,
            actor_name="callprep_job",
            queue_name=QUEUE_NAME,
            # The policy parks the job at its last attempt; Dramatiq never drops it first.
            max_retries=app.config["JOBS_MAX_ATTEMPTS"] + 1,
            min_backoff=max(min_backoff, 1),
            max_backoff=int(runners.MAX_BACKOFF_SECONDS * 1000),
            time_limit=TIME_LIMIT_MS,
        )

    def _perform(self, kind: str, job_id: int) -> None:
        message = CurrentMessage.get_current_message()
        number = message.options.get("retries", 0) if message is not None else 0
        if runners.attempt(self.app, work.Job(kind, job_id), number) == "retry":
            # Raising hands the message back to Dramatiq, which retries it after a backoff.
            raise RetryLater(f"job {kind}:{job_id} will be retried")

    def submit(self, jobs: Iterable[work.Job]) -> None:
        """Enqueue the jobs of one commit in one round trip to Redis. ``actor.send`` costs a
        round trip per message, and an import batch naming 400 leads commits 400 jobs: that
        wait was most of an import batch's time. The messages, their order and the
        middleware hooks are Dramatiq's own (its enqueue, with the broker's dispatch script
        queued on a pipeline); dramatiq is pinned to 1.17.x, whose script arguments this
        mirrors."""
        messages = [self.actor.message(job.kind, job.id) for job in jobs]
        if len(messages) <= 1:
            for message in messages:
                self.broker.enqueue(message)
            return
        broker = self.broker
        pipeline = broker.client.pipeline(transaction=False)
        dispatch = broker.scripts["dispatch"]
        sent = []
        for message in messages:
            # As RedisBroker.enqueue: a fresh Redis id per enqueued message.
            message = message.copy(options={"redis_message_id": str(uuid4())})
            broker.emit_before("enqueue", message, None)
            dispatch(
                keys=[broker.namespace],
                args=[
                    "enqueue",
                    current_millis(),
                    message.queue_name,
                    broker.broker_id,
                    broker.heartbeat_timeout,
                    broker.dead_message_ttl,
                    broker._should_do_maintenance("enqueue"),
                    broker._max_unpack_size(),
                    message.options["redis_message_id"],
                    message.encode(),
                ],
                client=pipeline,
            )
            sent.append(message)
        pipeline.execute()
        for message in sent:
            broker.emit_after("enqueue", message, None)

    def schedule(self, job: work.Job, delay: float) -> None:
        # Dramatiq keeps delayed messages in its delay queue until they are due.
        self.actor.send_with_options(args=(job.kind, job.id), delay=int(delay * 1000))

    def run_worker(self, threads: int, stop: threading.Event | None = None) -> None:
        """Consume until SIGTERM/SIGINT (or ``stop``); sweep at start and periodically."""
        stop = stop or threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        work.warm_up()  # consume once the pipeline is loaded: no job waits on the load
        worker = dramatiq.Worker(self.broker, worker_threads=threads, worker_timeout=500)
        worker.start()
        log.info("worker started with %d threads", threads)
        try:
            self.sweep()
            period = self.app.config["JOBS_SWEEP_SECONDS"]
            while not stop.wait(period):
                self.sweep(stored_before=utcnow() - timedelta(seconds=period))
        finally:
            worker.stop(timeout=10_000)
            self.broker.close()

    def pending_messages(self) -> int:
        """Messages waiting in Redis (for tests and the bench)."""
        client = self.broker.client
        name = f"{self.broker.namespace}:{QUEUE_NAME}"
        return client.hlen(f"{name}.msgs") + client.hlen(f"{name}.DQ.msgs")


class RetryLater(Exception):
    """Raised to make Dramatiq retry a failed job after its backoff."""


def wait_until(predicate, timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
