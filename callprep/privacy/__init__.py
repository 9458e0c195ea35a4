"""Data protection.

- ``erasure``: erasing a lead (GDPR Art. 17), the suppression list and the free-space scrub
"""
