"""What worked: for a lead's situation and top topic, the opener that led to meetings most
often, said only when the calls logged are enough to say so.

- ``rule``: the decision rule (minimum calls, interval width, clearly ahead), pure.
- ``service``: the per-process table of lines, refreshed when outcomes or tracks change, and
  the line for one brief.

Its own package rather than part of ``reports``: briefs read it on every showing, and the
brief path should not depend on the marketing reports (nor they on briefs)."""

from callprep.whatworked.rule import MAX_HALF_WIDTH, MIN_CALLS, OpenerTally, Verdict, decide
from callprep.whatworked.service import what_worked_fingerprint, what_worked_for

__all__ = [
    "MAX_HALF_WIDTH",
    "MIN_CALLS",
    "OpenerTally",
    "Verdict",
    "decide",
    "what_worked_fingerprint",
    "what_worked_for",
]
