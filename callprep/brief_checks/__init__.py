"""The speech checks over whole briefs, behind ``callprep briefs lint`` and ``evaluate``.

- ``lint``: render briefs and flag what a rep must never read aloud (``check_brief``)
- ``lint_corpus``: the generated corpus of synthetic leads the lint also renders
- ``evaluation``: judged scenarios ingested by the real pipeline (NLP included), then scored

They sit above ``ingest`` and ``briefs`` (they ingest, then build briefs), so ``briefs`` never
imports ``ingest``.
"""
