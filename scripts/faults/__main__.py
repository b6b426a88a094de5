"""`python -m scripts.faults` (`make faults`): see scripts/faults/run.py."""

import sys

from .run import main

sys.exit(main())
