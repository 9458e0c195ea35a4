"""The call brief and what follows it.

- ``build``: ``build_brief``, ``build_queue`` and ``track_context`` from stored data only
- ``stamp``: the brief's ETag from one read of its stored inputs, before building
- ``records``: API brief records, buffered and written by a background thread
- ``facts``: the facts a brief lists and its track speaks (each statement once, dates as of now)
- ``queue``: the rep's call queue page; ``brief_page``: a lead's brief page with the evidence
  behind each line, its timeline and the account panel
- ``account``: the brief's account section (colleagues the lead's rep owns, other reps, the
  account's topics), in five statements whatever the account's size
- ``labels``: the words pages show for situations, dispositions, qualities, interaction types
- ``track_preview``: the talk-track editor's preview, rendered with a lead's brief context
  (read only), and the leads to preview with
- ``outcomes``: what the rep reports after the call
- ``formats``: the brief as printable HTML and plain text (templates in web/templates/brief/)

The speech checks over whole briefs (``callprep briefs lint``, ``evaluate``) ingest leads, so
they stand above this package and ``ingest``: ``callprep.brief_checks``.
"""
