"""Render a talk track into brief lines, each with the interactions it actually used.

Blocks (opener, bridge, questions, next_step) are rendered through the template's root so
top-level macros and ``set``s work. Each output chunk is tagged with the block producing it;
the interactions recorded by the sandbox while a chunk was computed are attributed to the
output line where that chunk's text lands.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from types import TracebackType
from typing import Any

from jinja2 import Template
from jinja2.exceptions import TemplateSyntaxError
from jinja2.runtime import Context

from callprep.trackengine import bounds
from callprep.trackengine.context import TrackContext
from callprep.trackengine.reference import BLOCKS
from callprep.trackengine.sandbox import TOO_DEEP, TRACK_ENV

_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?])(?=\s|$)")
_ELLIPSIS_STOP = re.compile(r"…\.(?=\s|$)")  # a shortened title ending a sentence


class TrackRenderError(Exception):
    """A talk track could not be rendered; ``line`` is the template line when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message if line is None else f"line {line}: {message}")
        self.message = message
        self.line = line


@dataclass(frozen=True)
class RenderedTrack:
    lines: list[dict[str, Any]]  # {"block": str, "text": str, "evidence": [interaction_id]}
    opening_line: str
    evidence: list[Any]


def track_variables(ctx: TrackContext) -> dict[str, Any]:
    """The template variables documented in ``reference.VARIABLES``, filled from ``ctx``."""
    return {
        "lead": ctx.lead,
        "rep": ctx.rep,
        "situation": ctx.situation,
        "freshness": ctx.freshness,
        "topics": ctx.topics,
        "top_topic": ctx.top_topic,
        "facts": ctx.facts,
        "fact": ctx.fact,
        "contact": ctx.contact,
        "subject": ctx.subject,
        "comeback": ctx.comeback,
        "interactions": ctx.interactions,
        "downloads": ctx.downloads,
        "latest_downloads": ctx.latest_downloads,
        "forms": ctx.forms,
        "events": ctx.events,
        "now": ctx.now,
        "account": ctx.account,
    }


def syntax_message(exc: TemplateSyntaxError) -> str:
    message = exc.message or str(exc)
    if "unknown tag 'debug'" in message:
        return "{% debug %} is not available in talk tracks (it would reveal the whole context)"
    for tag in ("do", "trans", "break", "continue"):
        if f"unknown tag '{tag}'" in message:
            return f"{{% {tag} %}} is not available in talk tracks"
    return message


@lru_cache(maxsize=256)
def compile_track(body: str) -> Template:
    """Compile a track body (cached: bodies are immutable, templates are thread-safe)."""
    try:
        return TRACK_ENV.from_string(body)
    except TemplateSyntaxError:
        raise
    except (RecursionError, SyntaxError, MemoryError):
        # Deep nesting can exhaust Jinja's parser or Python's compiler: the body's fault.
        raise TemplateSyntaxError(TOO_DEEP, 1) from None


def _compile_or_raise(body: str) -> Template:
    try:
        return compile_track(body)
    except TemplateSyntaxError as exc:
        raise TrackRenderError(syntax_message(exc), exc.lineno) from None


@dataclass
class _BlockOutput:
    chunks: list[str] = field(default_factory=list)
    newlines: int = 0
    evidence: dict[int, list[Any]] = field(default_factory=dict)

    def add(self, chunk: str, ids: list[Any]) -> None:
        text = chunk.lstrip()
        if text and ids:
            # The ids belong to the line where this chunk's first visible character lands.
            line = self.newlines + chunk[: len(chunk) - len(text)].count("\n")
            self.evidence.setdefault(line, []).extend(ids)
        self.chunks.append(chunk)
        self.newlines += chunk.count("\n")


class _Assembler:
    """Collects chunks per block and keeps recorded evidence with the chunk it produced."""

    def __init__(self, state: bounds.RenderState) -> None:
        self.state = state
        self.stack: list[str] = []
        self.blocks: dict[str, _BlockOutput] = {}
        self.pending: list[Any] = []

    def track(self, name: str, block: Callable[[Context], Iterator[str]]) -> Callable:
        def tracked(context: Context) -> Iterator[str]:
            self._switch()
            self.stack.append(name)
            try:
                yield from block(context)
            finally:
                self._switch()
                self.stack.pop()

        return tracked

    def _switch(self) -> None:
        # Evidence recorded but not followed by visible text in a block stays in that block.
        self.state.take_recorded()
        self.pending = []

    def add(self, chunk: str) -> None:
        self.pending.extend(self.state.take_recorded())
        if not self.stack:
            self.pending = []  # text outside blocks is not part of the track
            return
        if chunk.strip():
            ids, self.pending = self.pending, []
        else:
            ids = []
        self.blocks.setdefault(self.stack[-1], _BlockOutput()).add(chunk, ids)


def clean_line(raw: str) -> str:
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", _SPACES.sub(" ", raw).strip())
    return _ELLIPSIS_STOP.sub("…", text)


def _unique(ids: list[Any]) -> list[Any]:
    return list(dict.fromkeys(ids))


def _lines_of(name: str, output: _BlockOutput) -> list[dict[str, Any]]:
    raw_lines = "".join(output.chunks).split("\n")
    lines = []
    for index, raw in enumerate(raw_lines):
        text = clean_line(raw)
        if text:
            lines.append(
                {"block": name, "text": text, "evidence": _unique(output.evidence.get(index, []))}
            )
    if name == "opener" and len(lines) > 1:
        # The opener is one line however the template wraps it.
        merged = {
            "block": name,
            "text": " ".join(line["text"] for line in lines),
            "evidence": _unique([i for line in lines for i in line["evidence"]]),
        }
        lines = [merged]
    return lines


def _lead_texts(ctx: TrackContext) -> set[str]:
    texts = {ctx.lead.email, ctx.lead.first_name, ctx.lead.last_name, ctx.lead.company,
             ctx.lead.title, ctx.rep.first_name, ctx.rep.name, ctx.rep.email}  # fmt: skip
    for interaction in ctx.interactions:
        texts.update((interaction.title, interaction.comment, interaction.url,
                      interaction.campaign))  # fmt: skip
    texts.update(fact.value for fact in ctx.facts)
    return {text for text in texts if text and len(text.strip()) >= 3}


def _scrub(message: str, ctx: TrackContext) -> str:
    """Error messages end up in warnings and logs: keep personal data out of them."""
    for text in sorted(_lead_texts(ctx), key=len, reverse=True):
        message = message.replace(text, "[lead data]")
    return message


def _template_line(exc: BaseException) -> int | None:
    line = None
    tb: TracebackType | None = exc.__traceback__
    while tb is not None:
        template = tb.tb_frame.f_globals.get("__jinja_template__")
        if template is not None:
            line = template.get_corresponding_lineno(tb.tb_lineno)
        tb = tb.tb_next
    return line


def render_track(
    body: str,
    ctx: TrackContext,
    *,
    max_line_chars: int = 400,
    max_output_chars: int = 4000,
    time_budget_s: float = 0.5,
) -> RenderedTrack:
    """Render ``body`` for ``ctx`` in the sandbox; raise ``TrackRenderError`` on any failure."""
    started = time.monotonic()
    template = _compile_or_raise(body)
    if "opener" not in template.blocks:
        raise TrackRenderError("a talk track needs an {% block opener %}", None)
    remaining = max(time_budget_s - (time.monotonic() - started), 0.001)
    state, token = bounds.start_render(remaining)
    # Raw output (indentation included) may exceed the cleaned output; stop runaways early.
    raw_limit = max(4 * max_output_chars, 20_000)
    context = template.new_context(track_variables(ctx))
    assembler = _Assembler(state)
    for name, stack in context.blocks.items():
        stack[0] = assembler.track(name, stack[0])
    output = template.root_render_func(context)
    try:
        produced = 0
        for chunk in output:
            state.tick()
            produced += len(chunk)
            if produced > raw_limit:
                raise TrackRenderError(
                    f"the talk track writes more than {max_output_chars} characters"
                )
            assembler.add(chunk)
    except TrackRenderError:
        raise
    except RecursionError:
        raise TrackRenderError("the talk track calls itself without end (recursion)") from None
    except MemoryError:
        raise TrackRenderError("the talk track needs too much memory") from None
    except Exception as exc:  # anything a template does wrong is the template's error
        message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        raise TrackRenderError(_scrub(message, ctx), _template_line(exc)) from None
    finally:
        output.close()
        bounds.end_render(token)

    lines = []
    for name in BLOCKS:
        if name in assembler.blocks:
            lines.extend(_lines_of(name, assembler.blocks[name]))
    opener = [line for line in lines if line["block"] == "opener"]
    if not opener:
        raise TrackRenderError("the opener block rendered no text for this lead", None)
    for line in lines:
        if len(line["text"]) > max_line_chars:
            raise TrackRenderError(
                f"a line of the {line['block']} block is {len(line['text'])} characters "
                f"long (at most {max_line_chars})"
            )
    total = sum(len(line["text"]) for line in lines)
    if total > max_output_chars:
        raise TrackRenderError(
            f"the talk track writes {total} characters (at most {max_output_chars})"
        )
    evidence = _unique([i for line in lines for i in line["evidence"]])
    return RenderedTrack(lines=lines, opening_line=opener[0]["text"], evidence=evidence)
