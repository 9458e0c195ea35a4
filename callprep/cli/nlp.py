"""`callprep nlp ...`: the extractor on JSON lines, and its evaluation (no app needed)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

import click

from callprep.config import inspec_path, spacy_pipeline

# Start-up cost: nlp (and spaCy with it) is imported when a command runs, not with the group.

BATCH = 256


class InputLineError(click.ClickException):
    """A stdin line that is not `{"id": ..., "text": str}`; the message names the line."""


def _read_items(stream) -> Iterator[tuple[object, str, str]]:
    # Importing anything from nlp loads spaCy (seconds); only the commands that run it pay.
    from callprep.validation import InputError, loads
    from nlp.model import TEXT_KINDS

    for number, line in enumerate(getattr(stream, "buffer", stream), start=1):
        if not line.strip():
            continue
        try:
            # callprep.validation's JSON: no lone surrogates (spaCy cannot hash them), no NUL,
            # no nesting thousands deep; bytes that are no UTF-8 are named by line too.
            item = loads(line)
        except json.JSONDecodeError as exc:
            raise InputLineError(f"line {number}: not valid JSON ({exc.msg})") from None
        except InputError as exc:
            raise InputLineError(f"line {number}: {exc.message}") from None
        except UnicodeDecodeError:
            raise InputLineError(f"line {number}: not UTF-8") from None
        if not isinstance(item, dict) or "id" not in item:
            raise InputLineError(f'line {number}: expected an object with "id" and "text"')
        text = item.get("text")
        if not isinstance(text, str):
            raise InputLineError(f'line {number}: "text" must be a string')
        kind = item.get("kind", "comment")
        if kind not in TEXT_KINDS:
            raise InputLineError(f'line {number}: "kind" must be one of {", ".join(TEXT_KINDS)}')
        yield item["id"], text, kind


def _batches(stream) -> Iterator[list[tuple[object, str, str]]]:
    batch: list[tuple[object, str, str]] = []
    for item in _read_items(stream):
        batch.append(item)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _analyse(batch: list[tuple[object, str, str]]):
    """Analyses in input order; titles and comments are each parsed with their own components."""
    from nlp import PipelineNotFound, analyse_texts
    from nlp.model import TEXT_KINDS

    results: list = [None] * len(batch)
    try:
        for kind in TEXT_KINDS:
            at = [i for i, (_, _, k) in enumerate(batch) if k == kind]
            if at:
                analyses = analyse_texts([batch[i][1] for i in at], kind, pipeline=spacy_pipeline())
                for i, analysis in zip(at, analyses, strict=True):
                    results[i] = analysis
    except PipelineNotFound as exc:
        raise click.ClickException(str(exc)) from None
    return results


def _emit(record: dict) -> None:
    click.echo(json.dumps(record, ensure_ascii=False))


@click.group("nlp")
def nlp_group() -> None:
    """Topics and facts from text, and the extractor's evaluation."""


@nlp_group.command("topics")
@click.option("--top", type=click.IntRange(min=1), default=None, help="Keep the K best topics.")
def topics_command(top: int | None) -> None:
    """Read {"id", "text"[, "kind"]} JSON lines; write {"id", "topics"} lines, best first.

    "kind" is "comment" (default) or "title" (asset/page titles, email subjects).
    """
    for batch in _batches(sys.stdin):
        for (item_id, _, _), analysis in zip(batch, _analyse(batch), strict=True):
            topics = analysis.topics[:top] if top else analysis.topics
            _emit({"id": item_id, "topics": [{"name": t.name, "score": t.score} for t in topics]})


@nlp_group.command("facts")
def facts_command() -> None:
    """Read {"id", "text"} JSON lines on stdin; write {"id", "facts"} lines."""
    for batch in _batches(sys.stdin):
        for (item_id, _, _), analysis in zip(batch, _analyse(batch), strict=True):
            _emit({"id": item_id, "facts": [f.to_dict() for f in analysis.facts]})


@nlp_group.command("evaluate")
@click.option(
    "--inspec",
    "inspec",
    default=None,
    help="Inspec test JSON lines file (default: $CALLPREP_INSPEC_PATH, then ../shared/eval).",
)
@click.option("--b2b", "b2b_paths", multiple=True, help="Labelled B2B JSON lines (repeatable).")
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="First N Inspec documents only."
)
def evaluate_command(inspec: str | None, b2b_paths: tuple[str, ...], limit: int | None):
    """Inspec F@5/F@10 and B2B per-fact-kind P/R/F1 and topic F@5."""
    from nlp.evaluate import evaluation_report

    try:
        lines = evaluation_report(
            inspec or inspec_path(), list(b2b_paths) or None, limit, pipeline=spacy_pipeline()
        )
    except (ValueError, KeyError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"evaluation data: {exc}") from None
    for line in lines:
        click.echo(line)


nlp = nlp_group

if __name__ == "__main__":  # pragma: no cover
    nlp_group(sys.argv[1:])
