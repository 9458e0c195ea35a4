"""The `callprep` command as a package.

- ``main``: the command group (``callprep --help``) and its app-level commands
- ``db``, ``accounts``, ``imports``, ``talktracks``, ``nlp``: one module per command group
"""

from callprep.cli.main import main

__all__ = ["main"]
