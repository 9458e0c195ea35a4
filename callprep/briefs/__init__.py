"""The call brief and what follows it.

- ``build``: ``build_brief`` and ``build_queue`` from stored data only
- ``stamp``: the brief's ETag from one read of its stored inputs, before building
- ``records``: API brief records, buffered and written by a background thread
- ``outcomes``: what the rep reports after the call
- ``formats``: the brief as printable HTML and plain text (templates in web/templates/brief/)
- ``rep_pages``: what the rep's queue and lead pages show, with the evidence behind each line
"""
