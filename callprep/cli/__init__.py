"""The `callprep` command as a package.

- ``main``: the command group (``callprep --help``): db, users, keys, demo, serve, briefs,
  erase and import
- ``common``: the group class and the one transaction per command (``cli_session``)
- ``talktracks``, ``nlp``, ``imports``: the ``talktracks``, ``nlp`` and ``import`` groups
- ``briefs``: ``briefs lint`` and ``briefs evaluate``, each on a scratch database
"""

from callprep.cli.main import main

__all__ = ["main"]
