"""Battlecards: per competitor, marketing's short answer (how we differ, the landmine
questions, one proof point), versioned and published like talk tracks.

- ``store``: create a card, save a version, publish, archive, list, get, and ``cards_for``
  (read only: the published cards answering to competitor names, for the brief)

The brief finds a lead's cards from its competitor facts (``callprep.briefs.battlecards``):
briefs use battlecards, never the other way round. Card text is plain text: pages escape it.
"""
