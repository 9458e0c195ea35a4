"""Thompson-sampling allocation of a track's leads between its variants.

In ``thompson`` mode each published, unpaused variant's meeting rate is a Beta(1 + meetings,
1 + calls - meetings) posterior over the calls logged on its current version
(``callprep.talktracks.openers``). The share a variant gets is its floor plus its part of the
rest, that part being the probability that it is the best variant, estimated by drawing
``SAMPLES`` times from every posterior with a seeded generator (the standard library's
``random.betavariate``: numpy is not a dependency, and a few thousand draws take milliseconds).
So a variant that is clearly ahead gets most leads, every variant keeps its floor, and with no
data the split is even.

Each computation is stored as a ``TalkTrackAllocation`` (time, per variant share, floor,
calls, meetings) and its shares are copied onto the variants, which is all a brief reads: the
per-lead choice stays the stable hash of (lead, track), laid over the current shares
(``callprep.talktracks.store.pick_variant``). Outcomes recompute it at most once per
``CALLPREP_ALLOCATION_MINUTES``. Services flush; the caller commits."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from callprep.db import utcnow
from callprep.models import Outcome, TalkTrack, TalkTrackAllocation, TalkTrackVariant
from callprep.talktracks.openers import opener_counts

MODES = ("weights", "thompson")
SAMPLES = 4000
HISTORY_SHOWN = 50


@dataclass(frozen=True)
class Arm:
    """One variant as the allocation sees it: its floor (percent), calls and meetings."""

    variant: str
    floor: int
    calls: int
    meetings: int


def thompson_shares(arms: Sequence[Arm], seed: int, samples: int = SAMPLES) -> dict[str, float]:
    """Each arm's floor plus its share of the rest by its probability of being the best."""
    if not arms:
        return {}
    rng = random.Random(seed)
    wins: Counter[str] = Counter()  # float once pooled below
    ordered = sorted(arms, key=lambda arm: arm.variant)
    for _ in range(samples):
        draws = [
            (rng.betavariate(1 + a.meetings, 1 + a.calls - a.meetings), a.variant) for a in ordered
        ]
        wins[max(draws)[1]] += 1
    # Arms with the same calls and meetings have the same posterior, so the same chance of
    # being best: pool their wins rather than let sampling noise tell them apart (two new
    # variants start at exactly half each, not 49/51 by the seed).
    same: dict[tuple[int, int], list[str]] = {}
    for arm in ordered:
        same.setdefault((arm.calls, arm.meetings), []).append(arm.variant)
    for group in same.values():
        pooled = sum(wins[name] for name in group) / len(group)
        for name in group:
            wins[name] = pooled
    free = max(0.0, 1 - sum(arm.floor for arm in arms) / 100)
    return {
        arm.variant: round(arm.floor / 100 + free * wins[arm.variant] / samples, 4)
        for arm in ordered
    }


def live_variants(session: Session, track: TalkTrack) -> list[TalkTrackVariant]:
    """The variants leads can get: published and not paused (weight above 0)."""
    return list(
        session.scalars(
            select(TalkTrackVariant)
            .where(
                TalkTrackVariant.track_id == track.id,
                TalkTrackVariant.version_id.is_not(None),
                TalkTrackVariant.weight > 0,
            )
            .order_by(TalkTrackVariant.label)
        )
    )


def reallocate(
    session: Session, track: TalkTrack, reason: str, now: datetime | None = None
) -> TalkTrackAllocation | None:
    """Recompute a Thompson track's shares from its outcomes and store them as history."""
    if track.allocation != "thompson":
        return None
    now = now or utcnow()
    variants = live_variants(session, track)
    counted: dict[str, list[int]] = {}
    for row in opener_counts(session, [track.name]):
        calls_meetings = counted.setdefault(row.variant, [0, 0])
        calls_meetings[0] += row.calls
        calls_meetings[1] += row.meetings
    arms = [
        Arm(v.label, v.floor, *counted.get(v.label, [0, 0]))
        for v in variants  # a paused or draft variant gets no share
    ]
    newest = session.scalar(select(func.max(Outcome.id)).where(Outcome.track_name == track.name))
    return store_allocation(session, track, arms, now, reason, newest)


def store_allocation(
    session: Session,
    track: TalkTrack,
    arms: Sequence[Arm],
    computed_at: datetime,
    reason: str,
    newest_outcome_id: int | None,
    *,
    current: bool = True,
    seed: int | None = None,
) -> TalkTrackAllocation:
    """Draw the shares for ``arms`` and keep them as history (and, when ``current``, on the
    variants, where briefs read them)."""
    if seed is None:
        # The same outcomes give the same shares (recomputable); new outcomes, new draws.
        seed = (track.id * 1_000_003 + (newest_outcome_id or 0)) % 2**31
    shares = thompson_shares(arms, seed)
    if current:
        for variant in session.scalars(
            select(TalkTrackVariant).where(TalkTrackVariant.track_id == track.id)
        ):
            variant.share = shares.get(variant.label, 0.0)
    allocation = TalkTrackAllocation(
        track_id=track.id,
        computed_at=computed_at,
        reason=reason,
        shares=[
            {
                "variant": arm.variant,
                "share": shares[arm.variant],
                "floor": arm.floor,
                "calls": arm.calls,
                "meetings": arm.meetings,
            }
            for arm in arms
        ],
        newest_outcome_id=newest_outcome_id,
        seed=seed,
    )
    session.add(allocation)
    session.flush()
    return allocation


def reallocate_after_outcome(
    session: Session, track_name: str, now: datetime, interval: Any
) -> TalkTrackAllocation | None:
    """After an outcome on ``track_name``: a new allocation if the last is ``interval`` old."""
    track = session.scalar(
        select(TalkTrack).where(TalkTrack.name == track_name, TalkTrack.allocation == "thompson")
    )
    if track is None:
        return None
    last = session.scalar(
        select(func.max(TalkTrackAllocation.computed_at)).where(
            TalkTrackAllocation.track_id == track.id
        )
    )
    if last is not None and now - last < interval:
        return None
    return reallocate(session, track, "outcomes", now)


def reallocate_all(session: Session, now: datetime | None = None) -> int:
    """Recompute every Thompson track now (``callprep talktracks reallocate``)."""
    tracks = session.scalars(
        select(TalkTrack).where(TalkTrack.allocation == "thompson", TalkTrack.archived_at.is_(None))
    ).all()
    return sum(reallocate(session, track, "command", now) is not None for track in tracks)


def allocation_history(
    session: Session,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    track_name: str | None = None,
    limit: int = HISTORY_SHOWN,
) -> list[dict[str, Any]]:
    """Per Thompson track (or one that was), its allocations in the period, oldest first
    (the newest ``limit``), and the variants they split leads between."""
    query = select(TalkTrackAllocation, TalkTrack.name, TalkTrack.allocation).join(
        TalkTrack, TalkTrack.id == TalkTrackAllocation.track_id
    )
    if track_name is not None:
        query = query.where(TalkTrack.name == track_name)
    if since is not None:
        query = query.where(TalkTrackAllocation.computed_at >= since)
    if until is not None:
        query = query.where(TalkTrackAllocation.computed_at < until)
    query = query.order_by(TalkTrack.name, TalkTrackAllocation.computed_at, TalkTrackAllocation.id)
    tracks: dict[str, dict[str, Any]] = {}
    for allocation, name, mode in session.execute(query):
        entry = tracks.setdefault(name, {"track_name": name, "mode": mode, "history": []})
        entry["history"].append(
            {
                "computed_at": allocation.computed_at,
                "reason": allocation.reason,
                "shares": allocation.shares,
            }
        )
    for entry in tracks.values():
        entry["history"] = entry["history"][-limit:]
        entry["variants"] = sorted(
            {share["variant"] for point in entry["history"] for share in point["shares"]}
        )
    return [tracks[name] for name in sorted(tracks)]


def check_floors(floors: Mapping[str, Any], live: Sequence[str]) -> dict[str, list[str]]:
    """Named errors for floors: whole percents 0-100, for live variants, summing to <= 100."""
    errors: list[str] = []
    for label, floor in floors.items():
        if label not in live:
            errors.append(f"variant {str(label)[:40]!r} is not published (or is paused)")
        elif not isinstance(floor, int) or isinstance(floor, bool) or not 0 <= floor <= 100:
            errors.append(f"variant {label!r}: a floor is a whole percent from 0 to 100")
    if not errors and sum(floors.values()) > 100:
        errors.append(f"the floors add up to {sum(floors.values())}%; at most 100% in all")
    return {"floors": errors} if errors else {}
