"""Leads and what is kept about them.

- ``service``: create, read, update and find leads
- ``activity``: the activity summary kept at ingest (``refresh_lead_activity``) and the
  read-only ``summary_for_reading``
- ``situations``: situation, freshness, deadlines and ``BriefSettings`` (pure functions)
- ``topic_weights``: how much a topic counts for a lead
"""
