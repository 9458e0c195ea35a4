"""Reports for marketing.

- ``figures``: talk-track outcomes, lead quality, speed to lead
- ``stats``: Wilson intervals and the two-proportion test
"""
