"""`python -m cumulo` is the `cumulo` command."""

import sys

from cumulo.cli import main

sys.exit(main())
