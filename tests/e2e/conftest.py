"""Browser tests: system Chromium driven by Playwright against the live server.

Where Chromium is missing they skip with a reason on a developer's machine, and
fail in CI (where `CI` is set), since CI must run them."""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM refuses to run
# inside one unless told that this is a test.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(autouse=True)
def _chromium_present():
    if Path(CHROMIUM).exists() or shutil.which("chromium"):
        return
    message = f"No Chromium at {CHROMIUM}: apt-get install chromium"
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the browser tests. {message}")
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def artifacts() -> Path:
    for folder in ("screenshots", "html"):
        (ARTIFACTS / folder).mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
