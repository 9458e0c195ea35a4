"""``python -m callprep.cli``: the same command as the ``callprep`` script."""

from callprep.cli import main

main()
