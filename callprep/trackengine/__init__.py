"""Talk-track engine: sandboxed rendering, validation, metadata and the built-in tracks.

Free of Flask and SQLAlchemy: the brief and talk-track services call it with plain values.
``public`` is the entry point (``render_track``, ``validate_track``, ``render_builtin``, the
shipped track files); ``context`` is what a track can see, ``samples`` the sample leads every
track is test-rendered against, ``phrasing`` the natural-English helpers, ``sandbox`` the
Jinja2 sandbox (``guard``: what a body may contain, checked at parse time; ``bounds``: the
per-render budgets and size limits; ``filters``: the filters written for talk tracks).
"""
