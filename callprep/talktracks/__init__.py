"""Marketing's talk tracks in the database.

- ``store``: storage, seeding of the shipped tracks, selection for a brief (A/B variants)
- ``editing``: create, edit, publish, roll back, weights, archive (one create/publish path)
- ``reading``: what the editor reads: status and variants, versions, diffs, the change log
- ``validation``: names, limits and the save-time check of a body
- ``files``: export and import as ``*.j2`` files

The preview against a real lead renders with that lead's brief context, so it lives with the
briefs (``callprep.briefs.track_preview``): briefs use talk tracks, never the other way round.
The shipped tracks are ``templates/talktracks/*.j2`` (in a wheel: ``talktracks/defaults/``).
"""
