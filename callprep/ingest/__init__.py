"""Storing what leads did, and the analysis that follows it.

- ``events``: ``add_interactions``, the one store for API, webhooks, imports and Marketo
- ``schemas``: the lead and interaction schemas (the API's and the importers' rules)
- ``analysis``: topics and facts at ingest, backfill
- ``glossary``: marketing's canonical topics
"""
