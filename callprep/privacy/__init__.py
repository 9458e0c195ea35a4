"""Data protection.

- ``erasure``: erasing a lead (GDPR Art. 17), the suppression list and the free-space scrub
- ``verify``: ``callprep erase --vacuum-full`` on PostgreSQL: rewrite, then check the files
"""
