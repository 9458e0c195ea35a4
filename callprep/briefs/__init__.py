"""The call brief and what follows it.

- ``build``: ``build_brief`` and ``build_queue`` from stored data only
- ``outcomes``: what the rep reports after the call
- ``formats``: the brief as printable HTML and plain text (templates in web/templates/brief/)
- ``rep_pages``: what the rep's queue and lead pages show, with the evidence behind each line
"""
