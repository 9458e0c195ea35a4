"""Build hook (the project's metadata is in pyproject.toml): a built wheel carries the shipped
talk tracks and the Alembic migrations inside the callprep package. In the repository they
live at the top (``templates/talktracks/``, ``migrations/``), where a source checkout and an
editable install read them; no symlink is needed."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

# repository folder -> folder inside the built package
SHIPPED = {
    "templates/talktracks": "callprep/talktracks/defaults",
    "migrations": "callprep/migrations",
}


class BuildWithShippedFiles(build_py):
    def run(self):
        super().run()
        for source, target in SHIPPED.items():
            shutil.copytree(
                Path(source),
                Path(self.build_lib) / target,
                dirs_exist_ok=True,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
            )


setup(cmdclass={"build_py": BuildWithShippedFiles})
