"""Marketing's talk tracks in the database.

- ``store``: storage, seeding of the shipped tracks, selection for a brief (A/B variants)
- ``editing``: create, edit, publish, roll back, weights, archive, preview
- ``validation``: names, limits and the save-time check of a body
- ``files``: export and import as ``*.j2`` files

The shipped tracks are ``templates/talktracks/*.j2`` (in a wheel: ``talktracks/defaults/``).
"""
