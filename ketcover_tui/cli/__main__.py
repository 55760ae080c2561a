"""``python -m ketcover_tui.cli``: the same as the ``ketcover`` command."""

import sys

from .main import main

sys.exit(main())
