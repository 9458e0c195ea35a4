"""Jinja's syntax errors in a marketer's words, at the line where the mistake is.

Jinja reports where its parser gave up, which is often the line after the mistake: a tag
left open on line 8 (`{% if lead.company`) is reported at line 9 as "expected token 'end of
statement block', got 'Are'". Here the body is scanned for the tag that was left open or the
block that was never closed, and the message says what to do."""

from __future__ import annotations

import re

from jinja2.exceptions import TemplateSyntaxError

_DELIMITERS = re.compile(r"\{%-?|-?%\}|\{\{-?|-?\}\}|\{#|#\}")
_CLOSERS = {"{%": "%}", "{{": "}}", "{#": "#}"}
_TAG = re.compile(r"\{%-?\s*(\w+)")
_OPENING_TAGS = {"block": "endblock", "if": "endif", "for": "endfor", "macro": "endmacro",
                 "filter": "endfilter", "call": "endcall", "raw": "endraw"}  # fmt: skip
_NAMES = {"block": "block", "if": "if", "for": "for loop", "macro": "macro",
          "filter": "filter", "call": "call", "raw": "raw"}  # fmt: skip


_A = {"block": "a block", "if": "an if", "for": "a for loop", "macro": "a macro",
      "filter": "a filter", "call": "a call", "raw": "a raw block"}  # fmt: skip


def _line_of(body: str, offset: int) -> int:
    return body.count("\n", 0, offset) + 1


def _snippet(body: str, start: int) -> str:
    end = body.find("\n", start)
    text = body[start : end if end != -1 else len(body)].strip()
    return text if len(text) <= 40 else text[:39] + "…"


def unclosed_delimiter(body: str, before_line: int) -> tuple[int, str, str] | None:
    """The first `{% … `, `{{ … ` or `{# … ` left open at or before ``before_line``:
    (line, what was written, the closer it needs)."""
    open_at: tuple[int, str] | None = None
    for match in _DELIMITERS.finditer(body):
        token = match.group().strip("-")
        if token in _CLOSERS:
            if open_at is not None and open_at[1] != "{#":
                break  # a new tag starts while one is still open: that one is the mistake
            if open_at is None:
                open_at = (match.start(), token)
        elif open_at is not None and token == _CLOSERS[open_at[1]]:
            open_at = None
    if open_at is None:
        return None
    line = _line_of(body, open_at[0])
    if line > before_line:
        return None
    return line, _snippet(body, open_at[0]), _CLOSERS[open_at[1]]


def _open_blocks(body: str, until_line: int | None = None) -> list[tuple[str, int, str]]:
    """The stack of tags still open (name, line, text) when the scan reaches the end (or a
    closing tag that matches none of them, which is then reported by the caller)."""
    stack: list[tuple[str, int, str]] = []
    for match in _TAG.finditer(body):
        line = _line_of(body, match.start())
        if until_line is not None and line > until_line:
            break
        name = match.group(1)
        if name in _OPENING_TAGS:
            stack.append((name, line, _snippet(body, match.start())))
        elif name.startswith("end"):
            opener = name[3:]
            for index in range(len(stack) - 1, -1, -1):
                if stack[index][0] == opener:
                    del stack[index:]
                    break
    return stack


def plain_syntax_error(body: str, exc: TemplateSyntaxError, message: str) -> tuple[int, str]:
    """(line, message) for a syntax error: the line of the mistake, in plain words.
    ``message`` is the already cleaned-up message (it is kept when nothing better is known)."""
    line = exc.lineno or 1
    raw = exc.message or ""
    expected = re.match(r"expected token 'end of (statement block|print statement)'", raw)
    if expected or raw.startswith("unexpected 'end of template'"):
        found = unclosed_delimiter(body, line)
        if found is not None:
            at, written, closer = found
            return at, f"{written} is not closed: end it with {closer}"
    if raw.startswith("Unexpected end of template"):
        stack = _open_blocks(body)
        if stack:
            name, at, written = stack[-1]
            return at, (
                f"{written} is never closed: add {{% {_OPENING_TAGS[name]} %}} where this "
                f"{_NAMES[name]} should end"
            )
    stray = re.match(r"Encountered unknown tag '(end\w+)'", raw)
    if stray:
        closing = stray.group(1)
        inner = re.search(r"innermost block that needs to be closed is '(\w+)'", raw)
        if inner and inner.group(1) in _OPENING_TAGS and inner.group(1) != closing[3:]:
            stack = _open_blocks(body, line - 1)
            opened = next((entry for entry in reversed(stack) if entry[0] == inner.group(1)), None)
            if opened is not None and closing[3:] in _OPENING_TAGS:
                opened_elsewhere = any(entry[0] == closing[3:] for entry in stack)
                if opened_elsewhere:
                    name, at, written = opened
                    return at, (
                        f"{written} is never closed: add {{% {_OPENING_TAGS[name]} %}} before "
                        f"the {{% {closing} %}} on line {line}"
                    )
                return (
                    line,
                    f"{{% {closing} %}} closes {_A[closing[3:]]} that was never opened",
                )
    if raw == "tag name expected":
        return line, "{% must be followed by a tag such as if, for, set or block"
    char = re.match(r"unexpected char '(.)' at \d+", raw)
    if char:
        return line, f"the character {char.group(1)!r} cannot be used inside {{{{ }}}} or {{% %}}"
    missing_filter = re.match(r"No filter named '(\w+)'", raw)
    if missing_filter:
        return line, (
            f"there is no filter |{missing_filter.group(1)}: the ones you can use are listed "
            "under Filters in the reference"
        )
    expected_got = re.match(r"expected token '([^']+)', got '([^']+)'", raw)
    if expected_got:
        return line, f"expected {expected_got.group(1)} but found {expected_got.group(2)!r}"
    return line, message
