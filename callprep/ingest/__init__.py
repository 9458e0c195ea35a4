"""Storing what leads did, and the analysis that follows it.

- ``events``: ``add_interactions``, the one store for API, webhooks, imports and Marketo
- ``copy_insert``: how ``events`` inserts a batch on PostgreSQL (COPY, then one INSERT ... SELECT)
- ``intake``: ``LeadRef``, ``resolve_leads``, ``store_events``, ``ImportReport``: the one entry
  point for events from webhooks, imports and Marketo (through ``add_interactions``)
- ``schemas``: the lead and interaction schemas (the API's and the importers' rules)
- ``analysis``: topics and facts at ingest, backfill
- ``glossary``: marketing's canonical topics
"""
