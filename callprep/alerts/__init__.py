"""Alerts: the owner is told within seconds when a hand-raise lands.

- ``triggers``: after a lead's analysis commits, whether it calls for an alert
  (``raise_alerts``) and for whom (``recipients``: the one place routing plugs in)
- ``preferences``: a user's channels, quiet hours (in their time zone) and digest window
- ``compose``: the alert's words and each channel's shape (Slack, Teams, email, webhook)
- ``channels``: sending one message (urllib, smtplib; timeouts; signed webhook)
- ``delivery``: batching, digests, retries with backoff, dead letters and replay
- ``erasure``: the lead's alerts go with the lead

Delivery runs as the ``deliver_alerts`` job (callprep.jobs), never inside ingest."""
