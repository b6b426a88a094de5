"""The production settings (boardportal.settings, from the environment as in
production), with the collected static files in `make faults`' own directory rather
than the project's staticfiles/, so a rehearsal leaves nothing behind."""

import os
from pathlib import Path

from boardportal.settings import *  # noqa: F403

STATIC_ROOT = Path(os.environ["BOARDPORTAL_FAULTS_STATIC_ROOT"])
