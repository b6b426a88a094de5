"""`python -m scripts.bench` (`make bench`): see scripts/bench/run.py."""

import sys

from .run import main

sys.exit(main())
