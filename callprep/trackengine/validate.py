"""Validate a talk-track body before it is saved or previewed.

Static checks first (syntax, forbidden tags, loop nesting, variables and attributes against
``CONTEXT_REFERENCE``, blocks), then a test render against every sample lead, so a body that
would fail for a rep is refused with the line to fix.
"""

from __future__ import annotations

import re
from typing import Any

from jinja2 import meta, nodes
from jinja2.exceptions import TemplateSyntaxError

from callprep.trackengine.context import TrackContext
from callprep.trackengine.reference import ATTRIBUTES, BLOCKS, VARIABLES
from callprep.trackengine.render import (
    TrackRenderError,
    compile_track,
    render_track,
    syntax_message,
)
from callprep.trackengine.sandbox import TRACK_ENV
from callprep.trackengine.syntax_words import plain_syntax_error
from callprep.vocabulary import FACT_KINDS

ValidationError = dict[str, Any]  # {"line": int, "column": int | None, "message": str}

_VARIABLE_KINDS = {
    "lead": "lead",
    "rep": "rep",
    "freshness": "freshness",
    "facts": "facts",
    "top_topic": "topic",
}
_ITEM_KINDS = {
    "downloads": "interaction",
    "latest_downloads": "interaction",
    "interactions": "interaction",
    "forms": "interaction",
    "events": "interaction",
    "topics": "topic",
    "facts": "fact",
}
# Filters that keep the items of a list what they were (so a loop over them is typed).
_ITEM_PRESERVING_FILTERS = {"reverse", "sort", "unique", "list", "select", "reject",
                            "selectattr", "rejectattr"}  # fmt: skip


def validate_track(
    body: str,
    sample_contexts: list[TrackContext],
    *,
    max_line_chars: int = 400,
    max_output_chars: int = 4000,
    time_budget_s: float = 0.5,
) -> list[ValidationError]:
    """Every problem found in ``body``, sorted by line; an empty list means it may be saved."""
    try:
        compile_track(body)  # parses first; unknown filters and tests surface here too
        tree = TRACK_ENV.parse(body)
    except TemplateSyntaxError as exc:
        line, message = plain_syntax_error(body, exc, syntax_message(exc))
        return [_error(line, None, message)]

    errors = _variable_errors(tree, body) + _attribute_errors(tree, body) + _block_errors(tree)
    if errors:
        return _sorted(errors)

    seen: set[tuple[int | None, str]] = set()
    for number, ctx in enumerate(sample_contexts, start=1):
        try:
            render_track(
                body,
                ctx,
                max_line_chars=max_line_chars,
                max_output_chars=max_output_chars,
                time_budget_s=time_budget_s,
            )
        except TrackRenderError as exc:
            if (exc.line, exc.message) in seen:
                continue
            seen.add((exc.line, exc.message))
            errors.append(
                _error(
                    exc.line,
                    None,
                    f"{exc.message} (test render for sample lead {number}, {ctx.situation})",
                )
            )
    return _sorted(errors)


def _error(line: int | None, column: int | None, message: str) -> ValidationError:
    return {"line": line if line is not None else 1, "column": column, "message": message}


def _sorted(errors: list[ValidationError]) -> list[ValidationError]:
    return sorted(errors, key=lambda e: (e["line"], e["column"] or 0))


def _column(body: str, line: int, pattern: str) -> int | None:
    lines = body.splitlines()
    if not 1 <= line <= len(lines):
        return None
    match = re.search(pattern, lines[line - 1])
    return match.start() + 1 if match else None


def _top_level_names(tree: nodes.Template) -> set[str]:
    """Names the template itself defines at the top (sets and macros), visible in blocks."""
    names: set[str] = set()
    scoped = (nodes.Block, nodes.Macro, nodes.For, nodes.CallBlock, nodes.FilterBlock, nodes.With)

    def walk(node: nodes.Node) -> None:
        if isinstance(node, nodes.Assign | nodes.AssignBlock):
            names.update(n.name for n in node.target.find_all(nodes.Name))
            if isinstance(node.target, nodes.Name):
                names.add(node.target.name)
        elif isinstance(node, nodes.Macro):
            names.add(node.name)
        if isinstance(node, scoped):
            return
        for child in node.iter_child_nodes():
            walk(child)

    walk(tree)
    return names


def _variable_errors(tree: nodes.Template, body: str) -> list[ValidationError]:
    defined = VARIABLES.keys() | _top_level_names(tree)
    unknown = meta.find_undeclared_variables(tree) - defined
    errors = []
    for name in sorted(unknown):
        node = next(
            (n for n in tree.find_all(nodes.Name) if n.name == name and n.ctx == "load"), None
        )
        line = node.lineno if node is not None else 1
        errors.append(
            _error(
                line,
                _column(body, line, rf"\b{re.escape(name)}\b"),
                f"unknown variable {name!r}; a talk track can use: {', '.join(VARIABLES)}",
            )
        )
    return errors


def _keeps_items(expr: nodes.Expr) -> bool:
    if isinstance(expr, nodes.Filter):
        return expr.name in _ITEM_PRESERVING_FILTERS
    return isinstance(expr, nodes.Getitem) and isinstance(expr.arg, nodes.Slice)


def _unwrap_items(expr: nodes.Expr) -> nodes.Expr:
    while True:
        if isinstance(expr, nodes.Call) and isinstance(expr.node, nodes.ImportedName):
            expr = expr.args[0]  # the sandbox's loop/literal guard
        elif _keeps_items(expr):
            expr = expr.node
        else:
            return expr


def _attribute_errors(tree: nodes.Template, body: str) -> list[ValidationError]:
    """Attributes read from documented objects that they do not have.

    Loop variables over documented lists are typed too (``{% for d in downloads %}``), unless
    the same name is also bound some other way.
    """
    kinds = dict(_VARIABLE_KINDS)
    loop_kinds: dict[str, list[str | None]] = {}
    for loop in tree.find_all(nodes.For):
        if isinstance(loop.target, nodes.Name):
            items = _unwrap_items(loop.iter)
            kind = _ITEM_KINDS.get(items.name) if isinstance(items, nodes.Name) else None
            loop_kinds.setdefault(loop.target.name, []).append(kind)
    stores: dict[str, int] = {}
    for name in tree.find_all(nodes.Name):
        if name.ctx in ("store", "param"):
            stores[name.name] = stores.get(name.name, 0) + 1
    for name in stores:
        found = set(loop_kinds.get(name, [None]))
        # Typed only when every binding of the name is a loop over the same documented list.
        if (
            len(found) == 1
            and None not in found
            and stores[name] == len(loop_kinds[name])
            and name not in VARIABLES  # a shadowed context variable means two things
        ):
            kinds[name] = found.pop()
        else:
            kinds.pop(name, None)

    def kind_of(expr: nodes.Expr) -> str | None:
        if isinstance(expr, nodes.Name):
            return kinds.get(expr.name)
        if (
            isinstance(expr, nodes.Getattr)
            and kind_of(expr.node) == "facts"
            and expr.attr in FACT_KINDS
        ):
            return "fact"
        return None

    errors = []
    for access in tree.find_all(nodes.Getattr):
        kind = kind_of(access.node)
        if kind is not None and access.attr not in ATTRIBUTES[kind]:
            errors.append(
                _error(
                    access.lineno,
                    _column(body, access.lineno, rf"\.{re.escape(access.attr)}\b"),
                    f"{kind} has no attribute {access.attr!r} "
                    f"(it has: {', '.join(ATTRIBUTES[kind])})",
                )
            )
    return errors


def _block_errors(tree: nodes.Template) -> list[ValidationError]:
    errors = []
    names = []
    for block in tree.find_all(nodes.Block):
        names.append(block.name)
        if block.name not in BLOCKS:
            errors.append(
                _error(
                    block.lineno,
                    None,
                    f"unknown block {block.name!r}: a talk track's blocks are {', '.join(BLOCKS)}",
                )
            )
    if "opener" not in names:
        errors.append(_error(1, None, "a talk track needs an {% block opener %}"))
    return errors
