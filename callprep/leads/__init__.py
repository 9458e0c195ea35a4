"""Leads and what is kept about them.

- ``service``: create, read, update and find leads; whose queue a list shows
  (``queue_owner``); ids and names for pickers (``leads_in_situation``)
- ``activity``: the activity summary kept at ingest (``refresh_lead_activity``) and the
  read-only ``summary_for_reading``
- ``situations``: situation, freshness, deadlines and priority (pure functions over the
  summary and ``callprep.config.BriefSettings``)
- ``topic_weights``: how much a topic counts for a lead
- ``crm_ids``: CRM ids (Salesforce, HubSpot, ...) in one form
- ``pending``: whether a lead's newest interactions still await analysis (the brief's
  ``analysis_pending``; imports no NLP)
"""
