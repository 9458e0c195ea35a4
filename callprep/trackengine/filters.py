"""The filters written for talk tracks (``join_and``, ``relative_time``, ``asset_phrase``, ...)
and the bounded versions of Jinja's ``join``, ``replace``, ``sum`` and ``attr``.

The sandbox (``callprep.trackengine.sandbox``) wraps each in its guard (evidence, budget,
sizes); attribute reads go through the rendering environment, so they follow its rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from jinja2 import pass_context, pass_environment
from jinja2.environment import Environment
from jinja2.exceptions import TemplateRuntimeError
from jinja2.runtime import Context, Undefined

from callprep.trackengine import phrasing, speech
from callprep.trackengine.bounds import MAX_VALUE_CHARS, TrackBudgetError, check_str_method
from callprep.trackengine.context import InteractionView


@pass_context
def _relative_time(context: Context, when: datetime | None, now: datetime | None = None) -> str:
    if when is None:
        raise TemplateRuntimeError("relative_time needs a time, got None")
    return phrasing.relative_time(when, now or context.resolve("now"))


def _asset_phrase(download: Any, owner: str = "our") -> str:
    if isinstance(download, InteractionView):
        return phrasing.asset_phrase(download.title, download.asset_type, owner)
    return phrasing.asset_phrase(download, None, owner)


@pass_environment
def _bounded_join(
    environment: Environment, value: Iterable[Any], d: str = "", attribute: str | None = None
) -> str:
    pieces: list[str] = []
    total = 0
    for item in value:
        if attribute is not None:
            item = environment.getitem(item, attribute)
        if isinstance(item, Undefined):
            str(item)  # raises StrictUndefined's error
        text = str(item)
        total += len(text) + len(d)
        if total > MAX_VALUE_CHARS:
            raise TrackBudgetError("joined text is too long")
        pieces.append(text)
    return d.join(pieces)


def _bounded_replace(value: str, old: str, new: str, count: int | None = None) -> str:
    text = str(value)
    bounds_args = check_str_method(text, "replace", (str(old), str(new)))
    return text.replace(bounds_args[0], bounds_args[1], -1 if count is None else count)


@pass_environment
def _sum_numbers(
    environment: Environment, value: Iterable[Any], attribute: str | None = None, start: Any = 0
) -> Any:
    # Only numbers: summing lists would be another way to build huge values.
    total = start
    for item in value:
        if attribute is not None:
            item = environment.getitem(item, attribute)
        if not isinstance(item, int | float | Decimal):
            raise TemplateRuntimeError("sum adds up numbers only")
        total += item
    return total


@pass_environment
def _attr(environment: Environment, obj: Any, name: str) -> Any:
    # Same rules (and evidence) as obj.name; Jinja's own attr filter bypasses our getattr.
    return environment.getattr(obj, name)


TRACK_FILTERS: dict[str, Callable[..., Any]] = {
    "attr": _attr,
    "join_and": phrasing.join_and,
    "a_an": phrasing.a_an,
    "plural": phrasing.plural,
    "count_noun": phrasing.count_noun,
    "number_word": phrasing.number_word,
    "relative_time": _relative_time,
    "asset_kind": phrasing.asset_kind,
    "asset_phrase": _asset_phrase,
    "title_in_sentence": phrasing.title_in_sentence,
    "quoted": phrasing.quoted,
    "shorten": phrasing.shorten,
    "sentence_start": phrasing.sentence_start,
    "first_name_or": phrasing.first_name_or,
    "when_phrase": phrasing.when_phrase,
    "in_your_words": phrasing.in_your_words,
    "need_phrase": phrasing.need_phrase,
    "budget_phrase": phrasing.budget_phrase,
    "topic_theme": phrasing.topic_theme,
    "attributive": phrasing.attributive,
    "names_a_product": phrasing.names_a_product,
    "request_phrase": phrasing.request_phrase,
    "question_phrase": speech.question_phrase,
    "deadline_phrase": speech.deadline_phrase,
    "event_phrase": speech.event_name,
    "request_kind": speech.request_kind,
    "request_object": speech.request_object,
    "page_phrase": speech.page_phrase,
    "readable": speech.readable,
    "main_event": speech.main_event,
    "join": _bounded_join,
    "replace": _bounded_replace,
    "sum": _sum_numbers,
}
