"""The `callprep` command as a package.

- ``main``: the command group (``callprep --help``): db, users, keys, demo, serve, briefs,
  erase and import
- ``common``: the group class and the one transaction per command (``cli_session``)
- ``talktracks``, ``nlp``: the ``talktracks`` and ``nlp`` command groups
"""

from callprep.cli.main import main

__all__ = ["main"]
