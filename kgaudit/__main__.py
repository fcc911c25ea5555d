"""``python -m kgaudit`` runs the command-line interface."""

from kgaudit.cli import main

main()
