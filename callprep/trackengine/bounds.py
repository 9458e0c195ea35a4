"""Per-render budgets and the evidence recorder.

Jinja's sandbox stops attribute escapes but bounds neither CPU nor memory, so every hook the
sandbox offers (calls, attribute reads, operators, filters, printed values, loop iterations)
checks the render's budget here. State lives in a ContextVar: one environment serves many
threads and each render has its own budget and recorder.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.runtime import Undefined

#: Longest string, or largest total content of a list/dict, a template may build.
MAX_VALUE_CHARS = 50_000
#: Largest integer a template may compute, in bits (arithmetic on huge ints is slow).
MAX_INT_BITS = 4_096
#: Most numbers ``range`` may produce.
MAX_RANGE = 1_000
#: Most loop iterations across one render.
MAX_LOOP_ITERATIONS = 2_000
#: Deepest nesting of calls (macros calling macros, recursive loops).
MAX_CALL_DEPTH = 24
#: Deepest nesting of ``for`` loops, checked when a template is parsed.
MAX_LOOP_DEPTH = 2
#: Longest talk-track body (static text repeated by loops is bounded by this x iterations).
MAX_BODY_CHARS = 10_000
#: Most characters all ``{{ ... }}`` of one render may print, macros and set-blocks included.
MAX_PRINTED_CHARS = 100_000


class TrackBudgetError(SecurityError):
    """A template went over one of the render's budgets."""


@dataclass
class RenderState:
    deadline: float
    time_budget_s: float
    loop_iterations: int = 0
    printed_chars: int = 0
    quiet: int = 0  # > 0 while a filter only counts, orders or picks items
    call_depth: int = 0
    recorded: list[Any] = field(default_factory=list)

    def tick(self) -> None:
        if _render_clock() > self.deadline:
            raise TrackBudgetError(
                f"the talk track took longer than its {self.time_budget_s:g} s time budget"
            )

    def record(self, ids: Iterable[Any]) -> None:
        if not self.quiet:
            self.recorded.extend(ids)

    def take_recorded(self) -> list[Any]:
        taken, self.recorded = self.recorded, []
        return taken


_STATE: ContextVar[RenderState | None] = ContextVar("callprep_track_render", default=None)


def current_state() -> RenderState:
    # Outside render_track (a bare Template.render, compile-time constant folding) the size
    # budgets still apply, without a time limit; a fresh state so nothing accumulates.
    return _STATE.get() or RenderState(deadline=float("inf"), time_budget_s=float("inf"))


def _render_clock() -> float:
    # The render's own processor time, not the wall clock: a render runs in one thread and
    # cannot wait on anything, so a runaway template spends CPU, while on a busy server a
    # short render that merely waited for a core would otherwise be cut off and the rep
    # silently given the built-in track (seen at load average 20 on 2 cores).
    return time.thread_time()


def start_render(time_budget_s: float) -> tuple[RenderState, Any]:
    state = RenderState(deadline=_render_clock() + time_budget_s, time_budget_s=time_budget_s)
    return state, _STATE.set(state)


def end_render(token: Any) -> None:
    _STATE.reset(token)


def weight(value: Any, limit: int = MAX_VALUE_CHARS) -> int:
    """Size of a value in characters/items, counting nested containers; stops past ``limit``.

    Bounding weight (not just length) keeps nested lists from turning ``str()`` or ``==``
    into an amplifier.
    """
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value.bit_length() // 3
    if isinstance(value, dict):
        items: Iterable[Any] = (x for pair in value.items() for x in pair)
        total = len(value)
    elif isinstance(value, list | tuple | set | frozenset):
        items = value
        total = len(value)
    else:
        return 1
    for item in items:
        if total > limit:
            break
        total += weight(item, limit - total)
    return total


def check_weight(value: Any, what: str = "value") -> Any:
    if weight(value) > MAX_VALUE_CHARS:
        raise TrackBudgetError(f"{what} is too large (limit {MAX_VALUE_CHARS} characters)")
    return value


def check_int(value: Any, what: str = "number") -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_VALUE_CHARS:
        raise TrackBudgetError(f"{what} {value} is too large (limit {MAX_VALUE_CHARS})")


def bounded_range(*args: int) -> range:
    for arg in args:
        if not isinstance(arg, int) or isinstance(arg, bool):
            raise TypeError("range() takes whole numbers")
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TrackBudgetError(f"range() may produce at most {MAX_RANGE} numbers")
    return numbers


class BoundedLoop:
    """Wraps every ``{% for %}`` iterable: counts iterations and checks the time budget."""

    __slots__ = ("_items", "_length")

    def __init__(self, iterable: Iterable[Any]) -> None:
        self._items = iterable
        try:
            self._length: int | None = len(iterable)  # type: ignore[arg-type]
        except TypeError:
            self._length = None

    def __len__(self) -> int:
        if self._length is None:
            raise TypeError("this loop has no length")
        return self._length

    def __iter__(self) -> Iterator[Any]:
        state = current_state()
        for item in self._items:
            state.loop_iterations += 1
            if state.loop_iterations > MAX_LOOP_ITERATIONS:
                raise TrackBudgetError(
                    f"the talk track ran more than {MAX_LOOP_ITERATIONS} loop iterations"
                )
            state.tick()
            yield item


def bounded_loop(iterable: Any) -> Any:
    # Undefined values must still raise StrictUndefined's own error when iterated.
    if isinstance(iterable, Undefined):
        return iterable
    return BoundedLoop(iterable)


# The str methods a talk track may call, each with an upper bound of its result's size
# (checked before the call: a method building gigabytes must not start). Anything else on a
# string (encode, maketrans, ...) is refused, so a method nobody reviewed is never reachable.
_SAME_SIZE = frozenset(
    {"strip", "lstrip", "rstrip", "removeprefix", "removesuffix", "split", "rsplit",
     "splitlines", "partition", "rpartition"}
)  # fmt: skip
# Case mappings may grow a character into three ('ß'.upper() == 'SS', 'ﬃ' -> 'FFI').
_CASE = frozenset({"capitalize", "casefold", "lower", "upper", "swapcase", "title"})
_ANSWERS = frozenset(
    {"startswith", "endswith", "find", "rfind", "index", "rindex", "count", "isalnum",
     "isalpha", "isascii", "isdecimal", "isdigit", "isidentifier", "islower", "isnumeric",
     "isprintable", "isspace", "istitle", "isupper"}
)  # fmt: skip
_PADDING = frozenset({"center", "ljust", "rjust", "zfill"})
_GROWING = frozenset({"replace", "expandtabs", "join", "translate", "format", "format_map"})
STR_METHODS = _SAME_SIZE | _CASE | _ANSWERS | _PADDING | _GROWING


def check_str_method(text: str | bytes, name: str, args: tuple[Any, ...]) -> tuple[Any, ...]:
    if name not in STR_METHODS:
        raise SecurityError(f"str.{name}() is not available in talk tracks")
    estimate = len(text)
    if name in _ANSWERS:
        estimate = 0
    elif name in _CASE:
        estimate = 3 * len(text)
    elif name in _PADDING:
        width = args[0] if args and isinstance(args[0], int) else 0
        estimate = max(len(text), width)
    elif name == "translate" and args:
        table = args[0]
        values = table.values() if isinstance(table, dict) else ()
        longest = max((weight(v) for v in values), default=1)
        estimate = len(text) * max(longest, 1)
    elif name == "replace" and len(args) >= 2:
        old, new = args[0], args[1]
        hits = text.count(old) if old else len(text) + 1
        estimate = len(text) + hits * max(len(new) - len(old), 0)
    elif name == "expandtabs":
        tabsize = args[0] if args else 8
        estimate = len(text) + text.count("\t" if isinstance(text, str) else b"\t") * tabsize
    elif name == "join" and args:
        items = list(args[0])
        estimate = len(text) * max(len(items) - 1, 0) + sum(weight(i) for i in items)
        args = (items, *args[1:])
    if estimate > MAX_VALUE_CHARS:
        raise TrackBudgetError(f"text would grow past {MAX_VALUE_CHARS} characters")
    return args
