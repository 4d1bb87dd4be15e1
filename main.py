"""Least Squares Lab: `python main.py` opens the app; sub-commands work headless (see --help)."""

import sys

from cli.main import main

if __name__ == "__main__":
    sys.exit(main())
