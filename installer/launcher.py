"""Entry point of the frozen program (PyInstaller runs this file as ``__main__``)."""

import multiprocessing
import sys

from workstation.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
