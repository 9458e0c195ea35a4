"""The sandboxed Jinja environment talk tracks run in.

Jinja's ImmutableSandboxedEnvironment blocks private attributes and mutation of built-in
containers. On top of that this environment:

- lets templates read only the documented attributes of the context objects, and records the
  interactions behind every interaction/topic/fact field read (the evidence of a line);
- bounds memory and CPU: operators, ``~``, calls, filters, printed values and namespace
  assignments are size-checked before they allocate; loops are counted; every hook checks
  the render's time budget;
- has no loader, so ``import``/``include``/``extends`` can reach nothing, and refuses them
  (and loops nested too deep) when the template is parsed (``guard``).

The size limits live in ``bounds``; the filters written for talk tracks in ``filters``.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from functools import update_wrapper
from itertools import chain
from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2.environment import Environment
from jinja2.exceptions import TemplateRuntimeError, TemplateSyntaxError
from jinja2.filters import FILTERS as JINJA_FILTERS
from jinja2.nodes import EvalContext
from jinja2.runtime import Context, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedFormatter
from jinja2.utils import Cycler, Joiner, Namespace

from callprep.trackengine import bounds
from callprep.trackengine.bounds import (
    MAX_BODY_CHARS,
    MAX_INT_BITS,
    MAX_PRINTED_CHARS,
    MAX_VALUE_CHARS,
    STR_METHODS,
    TrackBudgetError,
    check_int,
    check_str_method,
    check_weight,
    current_state,
    weight,
)
from callprep.trackengine.context import FactSet, FactView, InteractionView, TopicView
from callprep.trackengine.filters import TRACK_FILTERS
from callprep.trackengine.guard import BoundedCodeGenerator, TrackGuard
from callprep.trackengine.reference import ATTRIBUTES, FILTERS, TESTS, VIEW_TYPES

TOO_DEEP = "the talk track nests too deeply to read; simplify the expression"
_EVIDENCE_TYPES = (InteractionView, TopicView, FactView)
_PRINTABLE = (str, int, float, Decimal, bool, datetime, date)
_PASSED_ARGS = (Environment, Context, EvalContext)
_BUILTIN_FILTERS_KEPT = [name for name in FILTERS if name in JINJA_FILTERS]
_STRFTIME_WIDTH = re.compile(r"%[-_0^#]*\d")
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\d+|\*)?(?:\.(\d+|\*))?")


def record_evidence(value: Any) -> None:
    """Record the interactions behind ``value`` (or behind the views in a list of them)."""
    state = current_state()
    if isinstance(value, _EVIDENCE_TYPES):
        state.record(value.evidence_ids)
    elif isinstance(value, list | tuple | FactSet):
        for item in value:
            if isinstance(item, _EVIDENCE_TYPES):
                state.record(item.evidence_ids)


def finalize_output(value: Any) -> Any:
    """Every ``{{ ... }}`` passes here: no silent "None", no object dumps, bounded size."""
    state = current_state()
    state.tick()
    if isinstance(value, Undefined):
        return value  # StrictUndefined raises its own, precise error when printed
    if value is None:
        raise TemplateRuntimeError(
            "this prints an empty value (None); wrap optional data in {% if ... %}"
        )
    if isinstance(value, _EVIDENCE_TYPES):
        record_evidence(value)
        text = str(value)
    elif isinstance(value, _PRINTABLE):
        text = str(value)
    else:
        kind = VIEW_TYPES.get(type(value), type(value).__name__)
        raise TemplateRuntimeError(
            f"a {kind} cannot be printed as it is; print one of its fields or join a list "
            "with |join_and"
        )
    state.printed_chars += len(text)
    if len(text) > MAX_VALUE_CHARS or state.printed_chars > MAX_PRINTED_CHARS:
        raise TrackBudgetError("the talk track prints too much text")
    return text


def check_text(value: Any, depth: int = 0) -> Any:
    """``value`` if turning it into text shows only data: text, numbers, times, the views
    that print as text (interactions, topics, facts), or lists of those. Functions, other
    views (LeadView(...)) and internal objects would print their reprs: refused."""
    if isinstance(value, (Undefined, *_PRINTABLE, *_EVIDENCE_TYPES)) or value is None:
        return value
    if isinstance(value, list | tuple | FactSet) and depth < 3:
        for item in value:
            check_text(item, depth + 1)
        return value
    kind = VIEW_TYPES.get(type(value), type(value).__name__)
    raise TemplateRuntimeError(
        f"a {kind} cannot be turned into text; use one of its fields or join a list with |join_and"
    )


def bounded_concat(parts: Iterable[Any]) -> str:
    """The ``~`` operator, refusing results past the size limit before building them."""
    current_state().tick()
    parts = [check_text(p) for p in parts]
    if sum(weight(p) for p in parts) > MAX_VALUE_CHARS:
        raise TrackBudgetError(f"joined text is too long (limit {MAX_VALUE_CHARS} characters)")
    return check_weight("".join(map(str, parts)), "joined text")


class BoundedNamespace(Namespace):
    """``namespace()`` whose attributes stay within the size limit (no doubling in loops)."""

    def __setitem__(self, name: str, value: Any) -> None:
        current_state().tick()
        check_weight(value, f"namespace value {name!r}")
        super().__setitem__(name, value)


class _BoundedFormatter(SandboxedFormatter):
    """``str.format`` in the sandbox, refusing huge widths and huge results."""

    def vformat(self, format_string: str, args: Any, kwargs: Any) -> str:
        self._produced = 0
        return super().vformat(format_string, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> Any:
        current_state().tick()
        for number in re.findall(r"\d+", format_spec):
            check_int(int(number), "format width")
        check_text(value)
        check_weight(value, "formatted value")
        text = super().format_field(value, format_spec)
        self._produced += len(text)
        if self._produced > MAX_VALUE_CHARS:
            raise TrackBudgetError("formatted text is too long")
        return text


class TrackEnvironment(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"**", "*", "+", "%"})
    code_generator_class = BoundedCodeGenerator

    def __init__(self) -> None:
        super().__init__(
            undefined=StrictUndefined,
            autoescape=False,  # plain text; the HTML layer escapes on output
            trim_blocks=True,
            lstrip_blocks=True,
            finalize=finalize_output,
            loader=None,
            cache_size=0,
        )
        self.bounded_concat = bounded_concat
        # lipsum and dict are left out: lipsum(n) allocates freely and neither helps a rep.
        self.globals = {
            "range": bounds.bounded_range,
            "namespace": BoundedNamespace,
            "joiner": Joiner,
            "cycler": Cycler,
        }
        self.filters = {
            name: guard_filter(name, JINJA_FILTERS[name]) for name in _BUILTIN_FILTERS_KEPT
        }
        self.filters.update({name: guard_filter(name, f) for name, f in TRACK_FILTERS.items()})
        self.tests = {name: test for name, test in self.tests.items() if name in TESTS}

    # -- parsing: refuse forbidden tags, bound loops and literals ------------------------

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        if len(source) > MAX_BODY_CHARS:
            raise TemplateSyntaxError(
                f"a talk track may be at most {MAX_BODY_CHARS} characters long", 1
            )
        try:
            return TrackGuard().visit(super()._parse(source, name, filename))
        except RecursionError:
            raise TemplateSyntaxError(TOO_DEEP, 1) from None
        except ValueError as error:
            # int() of a literal past Python's 4,300-digit limit, raised by the lexer.
            raise TemplateSyntaxError(
                f"a number in this talk track is too long to read ({error})"[:200], 1
            ) from None

    # -- attribute access: documented fields only, recording evidence -------------------

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # Only the reviewed, size-checked str methods (STR_METHODS) are reachable.
        if isinstance(obj, str | bytes) and callable(value) and attr not in STR_METHODS:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def getattr(self, obj: Any, attribute: str) -> Any:
        current_state().tick()
        kind = VIEW_TYPES.get(type(obj))
        if kind is not None:
            return self._view_attribute(obj, kind, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        current_state().tick()
        kind = VIEW_TYPES.get(type(obj))
        if kind is not None and isinstance(argument, str):
            return self._view_attribute(obj, kind, argument)
        return super().getitem(obj, argument)

    def _view_attribute(self, obj: Any, kind: str, name: str) -> Any:
        allowed = ATTRIBUTES[kind]
        if name not in allowed:
            return self.undefined(
                f"{kind} has no attribute {name!r} (it has: {', '.join(allowed)})",
                obj=obj,
                name=name,
            )
        value = getattr(obj, name)
        if isinstance(obj, _EVIDENCE_TYPES):
            current_state().record(obj.evidence_ids)
        return value

    # -- calls, operators, str.format ----------------------------------------------------

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        state = current_state()
        state.tick()
        args = _check_call(__obj, args, kwargs)
        state.call_depth += 1
        try:
            if state.call_depth > bounds.MAX_CALL_DEPTH:
                raise TrackBudgetError(
                    "calls nest too deeply (a macro or recursive loop calling itself?)"
                )
            result = super().call(__context, __obj, *args, **kwargs)
        finally:
            state.call_depth -= 1
        # Picking a fact or topic (fact('need')) records nothing; printing or reading it does.
        return check_weight(result, "the result")

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        current_state().tick()
        _check_binop(operator, left, right)
        return check_weight(self.binop_table[operator](left, right), "the result")

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        if not isinstance(value, types.MethodType | types.BuiltinMethodType) or (
            value.__name__ not in ("format", "format_map")
        ):
            return None
        f_self = value.__self__
        if not isinstance(f_self, str):
            return None
        is_format_map = value.__name__ == "format_map"
        formatter = _BoundedFormatter(self)

        def wrapper(*args: Any, **kwargs: Any) -> str:
            if is_format_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one mapping")
                kwargs, args = args[0], ()
            return str(formatter.vformat(f_self, args, kwargs))

        return update_wrapper(wrapper, value)


def _is_seq(value: Any) -> bool:
    return isinstance(value, str | bytes | list | tuple)


def _check_binop(operator: str, left: Any, right: Any) -> None:
    ints = all(isinstance(v, int) and not isinstance(v, bool) for v in (left, right))
    if operator == "**" and ints and right > 0:
        if max(abs(left).bit_length(), 1) * right > MAX_INT_BITS:
            raise TrackBudgetError("the power is too large")
    elif operator == "*":
        if ints and abs(left).bit_length() + abs(right).bit_length() > MAX_INT_BITS:
            raise TrackBudgetError("the product is too large")
        for seq, times in ((left, right), (right, left)):
            if _is_seq(seq) and isinstance(times, int) and weight(seq) * times > MAX_VALUE_CHARS:
                raise TrackBudgetError(
                    f"repeating text or a list may make at most {MAX_VALUE_CHARS} characters"
                )
    elif operator == "+" and not ints:
        if weight(left) + weight(right) > MAX_VALUE_CHARS:
            raise TrackBudgetError(f"the sum is too large (limit {MAX_VALUE_CHARS} characters)")
    elif operator == "%" and isinstance(left, str):
        values = right if isinstance(right, tuple | dict) else (right,)
        for match in _PERCENT_SPEC.finditer(left):
            for group in match.groups():
                if group and group.isdigit():
                    check_int(int(group), "format width")
        for item in values.values() if isinstance(values, dict) else values:
            check_int(item)
            check_text(item)
        if len(left) + left.count("%") * weight(right) > MAX_VALUE_CHARS:
            raise TrackBudgetError("formatted text is too long")


def _check_call(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    # Jinja passes its own bookkeeping dicts as _block_vars/_loop_vars; not template data.
    passed = [v for k, v in kwargs.items() if k not in ("_block_vars", "_loop_vars")]
    for value in chain(args, passed):
        if obj is not bounds.bounded_range:  # range has its own, clearer limit
            check_int(value)
        check_weight(value, "an argument")
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if isinstance(owner, str | bytes):
        args = check_str_method(owner, name, args)
    elif name == "strftime" and args and _STRFTIME_WIDTH.search(str(args[0])):
        raise TrackBudgetError("strftime widths are not allowed")
    return args


# Filters that count, order or pick items use no item's content: they record no evidence
# (``downloads|length`` is not a use of every download; ``d.title`` later is).
_SHAPE_FILTERS = frozenset(
    {"length", "count", "first", "last", "reverse", "sort", "unique", "list", "min", "max",
     "groupby"}
)  # fmt: skip


# Filters that turn their input into text: what they are given must print as data.
_TEXT_FILTERS = frozenset(
    {"string", "join", "join_and", "capitalize", "lower", "upper", "title", "trim", "truncate",
     "replace", "wordcount", "quoted", "shorten", "sentence_start", "title_in_sentence"}
)  # fmt: skip


def guard_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter so it records evidence, checks the budget and refuses huge values."""
    quiet = name in _SHAPE_FILTERS
    text = name in _TEXT_FILTERS

    def guarded(*args: Any, **kwargs: Any) -> Any:
        state = current_state()
        state.tick()
        if text:
            # A generator (from map or select) is read once here, so its items can be checked.
            args = tuple(_listed(a) for a in args)
        values = [a for a in args if not isinstance(a, _PASSED_ARGS)]
        for position, value in enumerate(chain(values, kwargs.values())):
            if not quiet:
                record_evidence(value)
            if position:  # widths and counts; the filtered value itself may be a big number
                check_int(value)
            if text and not (name.startswith("join") and position == 0 and _attribute(kwargs)):
                check_text(value)
            check_weight(value, "a filter's input")
        state.quiet += quiet
        try:
            result = func(*args, **kwargs)
        finally:
            state.quiet -= quiet
        return check_weight(result, "a filter's result")

    return update_wrapper(guarded, func)


def _listed(value: Any) -> Any:
    if isinstance(value, types.GeneratorType | bounds.BoundedLoop | map | filter):
        return list(bounds.bounded_loop(value))
    return value


def _attribute(kwargs: dict[str, Any]) -> bool:
    # join(attribute='title') prints the attribute, not the views themselves.
    return bool(kwargs.get("attribute"))


TRACK_ENV = TrackEnvironment()
