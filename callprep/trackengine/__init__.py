"""Talk-track engine: sandboxed rendering, validation, metadata and built-in tracks.

Free of Flask and SQLAlchemy: the brief and talk-track services call it with plain values.
``callprep.trackengine.public`` is the public entry point.
"""
