"""The "what worked" line of a brief, from a per-process table.

All lines are computed at once from one grouped statement over the outcomes
(``callprep.talktracks.openers``) and kept per database until the newest outcome or the
tracks' last change moves (or ``MAX_AGE`` passes: an erasure in another process clears
outcome topics without a new outcome). A brief then costs a dictionary lookup; the ETag
stamp and the brief's talk-track choices pass the two moments they read anyway, so checking
costs no statement of its own.

Scope: the lead's situation and top topic when that has a verdict (``callprep.whatworked.rule``),
else the situation alone, and the line says which."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from callprep.models import Outcome, TalkTrack
from callprep.talktracks.openers import OpenerCount, opener_counts
from callprep.whatworked.rule import OpenerTally, Verdict, decide

MAX_AGE_S = 300.0

# How the line names leads of each situation.
SITUATION_PLURALS = {
    "hand_raiser": "hand-raisers",
    "researcher": "researchers",
    "event_attendee": "event attendees",
    "re_engaged": "re-engaged leads",
    "cold": "cold leads",
}


def _pct(value: float) -> str:
    return f"{round(value * 100)}%"


def _line(verdict: Verdict, situation: str, topic: str | None, asked_topic: str | None) -> dict:
    best, runner = verdict.best, verdict.runner_up
    who = SITUATION_PLURALS.get(situation, situation)
    if best.angle:
        opener = f"Openers with the {best.angle}"
    else:
        opener = f"Openers of {best.track_name} variant {best.variant}"
    margin = round(verdict.half_width * 100)
    if topic is not None:
        scope = f"for {who} whose top topic was {topic}"
    elif asked_topic:
        scope = f"for {who} on any topic (too few calls on {asked_topic} alone to tell)"
    else:
        scope = f"for {who}"
    if best.demo_calls == best.calls:
        demo = " (demo data)"
    elif best.demo_calls:
        demo = f" (including {best.demo_calls} demo calls)"
    else:
        demo = ""
    text = (
        f"{opener}: {best.meetings} meeting{'' if best.meetings == 1 else 's'} from "
        f"{best.calls} calls, {_pct(best.rate)} ± {margin}, {scope}; next best "
        f"{_pct(runner.rate)} from {runner.calls} calls{demo}."
    )
    return {
        "text": text,
        "scope": "situation_topic" if topic is not None else "situation",
        "situation": situation,
        "topic": topic,
        "opener": {
            "track_name": best.track_name,
            "variant": best.variant,
            "angle": best.angle,
            "calls": best.calls,
            "meetings": best.meetings,
            "meeting_rate": round(best.rate, 4),
            "ci95": [round(verdict.ci95[0], 4), round(verdict.ci95[1], 4)],
            "demo_calls": best.demo_calls,
        },
        "runner_up": {
            "track_name": runner.track_name,
            "variant": runner.variant,
            "angle": runner.angle,
            "calls": runner.calls,
            "meetings": runner.meetings,
            "meeting_rate": round(runner.rate, 4),
        },
        "p_value": round(verdict.p_value, 4),
    }


def _tallies(rows: Iterable[OpenerCount]) -> list[OpenerTally]:
    summed: dict[tuple[str, str, str | None], list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        entry = summed[(row.track_name, row.variant, row.angle)]
        entry[0] += row.calls
        entry[1] += row.meetings
        entry[2] += row.demo_calls
    return [
        OpenerTally(name, variant, angle, calls, meetings, demo)
        for (name, variant, angle), (calls, meetings, demo) in sorted(summed.items())
    ]


@dataclass(frozen=True)
class _Table:
    """Verdicts by (situation, topic) and by situation (topic None)."""

    verdicts: dict[tuple[str, str | None], Verdict]
    fingerprints: dict[str, str]


def _topic_key(topic: str | None) -> str | None:
    return topic.casefold() if topic else None


def build_table(rows: list[OpenerCount]) -> _Table:
    by_scope: dict[tuple[str, str | None], list[OpenerCount]] = defaultdict(list)
    for row in rows:
        by_scope[(row.situation, None)].append(row)
        if row.topic:
            by_scope[(row.situation, _topic_key(row.topic))].append(row)
    verdicts = {}
    for scope, scoped in by_scope.items():
        verdict = decide(_tallies(scoped))
        if verdict is not None:
            verdicts[scope] = verdict
    per_situation: dict[str, list[Any]] = defaultdict(list)
    for (situation, topic), verdict in sorted(
        verdicts.items(), key=lambda i: (i[0][0], i[0][1] or "")
    ):
        per_situation[situation].append([topic, repr(verdict)])
    fingerprints = {
        situation: hashlib.sha256(json.dumps(items).encode()).hexdigest()[:16]
        for situation, items in per_situation.items()
    }
    return _Table(verdicts, fingerprints)


class _Cache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tables: dict[str, tuple[tuple[Any, ...], float, _Table]] = {}

    def table(self, session: Session, key: tuple[Any, ...] | None = None) -> _Table:
        database = str(session.get_bind().url)
        if key is None:
            key = tuple(
                session.execute(
                    select(
                        select(func.max(Outcome.id)).scalar_subquery(),
                        select(func.max(TalkTrack.updated_at)).scalar_subquery(),
                    )
                ).one()
            )
        key = tuple(str(part) for part in key)
        held = self._tables.get(database)
        if held is not None and held[0] == key and time.monotonic() - held[1] < MAX_AGE_S:
            return held[2]
        with self._lock:
            table = build_table(opener_counts(session))
            self._tables[database] = (key, time.monotonic(), table)
            return table

    def clear(self) -> None:
        with self._lock:
            self._tables.clear()


_cache = _Cache()


def clear_cache() -> None:
    """Forget every table (tests that rewrite outcomes behind the cache's back)."""
    _cache.clear()


def what_worked_for(
    session: Session,
    situation: str,
    top_topic: str | None,
    key: tuple[Any, Any] | None = None,
) -> dict[str, Any] | None:
    """The line for a lead of ``situation`` whose top topic is ``top_topic``, or None.

    ``key``: the newest outcome id and the tracks' last change when the caller has read them
    already (the brief reads them with its talk-track choices); else one small statement."""
    table = _cache.table(session, key)
    topic_key = _topic_key(top_topic)
    if topic_key is not None and (situation, topic_key) in table.verdicts:
        return _line(table.verdicts[(situation, topic_key)], situation, top_topic, top_topic)
    verdict = table.verdicts.get((situation, None))
    if verdict is None:
        return None
    return _line(verdict, situation, None, top_topic)


def what_worked_fingerprint(
    session: Session, situation: str, newest_outcome_id: Any, tracks_changed: Any
) -> str:
    """What the brief's ETag needs of the lines for ``situation``, from the two moments the
    stamp statement has read already (no statement of its own while they stand)."""
    table = _cache.table(session, (newest_outcome_id, tracks_changed))
    return table.fingerprints.get(situation, "")
