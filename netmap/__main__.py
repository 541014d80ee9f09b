"""``python -m netmap``."""

from netmap.cli import main

main()
