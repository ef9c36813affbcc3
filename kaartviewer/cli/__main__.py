"""``python -m kaartviewer.cli``: the same as the ``kaartviewer`` console script."""

import sys

from kaartviewer.cli import main

sys.exit(main())
