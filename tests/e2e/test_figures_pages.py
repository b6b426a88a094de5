"""The pages that show figures per council, with figures in them: the demo has none (the
papers give totals), so councils' steps and savings claims are added here, and the
funnel, ledger and stage tables checked with axe-core and the Nu HTML Checker."""

import json
import subprocess
from datetime import date
from decimal import Decimal

import pytest

from programmes.models import Council, Programme, Stage
from tests import factories as f
from tests.e2e.checks import VNU, run_axe
from tests.e2e.test_browser import demo  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def add_figures():
    peer = Programme.objects.get(slug="corporate-peer-challenge")
    productivity = Programme.objects.get(slug="local-productivity-programme")
    thurrock = Council.objects.get(slug="thurrock")
    coventry = Council.objects.get(slug="coventry")
    for council, stage in [(thurrock, Stage.DELIVERED), (coventry, Stage.BOOKED)]:
        f.DeliveryStageFactory(
            programme=peer, council=council, stage=stage, reached_on=date(2012, 5, 1)
        )
    officer = f.OfficerFactory(name="Jo Checker")
    f.SavingsClaimFactory(
        programme=productivity,
        council=coventry,
        amount=Decimal("1250000"),
        verified_on=date(2013, 5, 2),
        verified_by=officer,
    )
    f.SavingsClaimFactory(programme=productivity, council=thurrock, amount=Decimal("500000"))
    return {
        "funnel": peer.get_absolute_url() + "?as_at=2013-06-30",
        "ledger": productivity.get_absolute_url() + "?as_at=2013-06-30",
        "councils": "/councils/?as_at=2013-06-30",
        "council": thurrock.get_absolute_url(),
    }


def test_figures_per_council_are_accessible_and_valid(demo, live_server, page, artifacts):  # noqa: F811
    urls = add_figures()
    failures, saved = {}, []
    for name, url in urls.items():
        assert page.goto(live_server.url + url).status == 200, name
        assert page.locator("main table").count() > 0, name
        violations = run_axe(page)
        if violations:
            failures[name] = violations
        html_file = artifacts / "html" / f"figures-{name}.html"
        html_file.write_text(page.content())
        saved.append(str(html_file))
    assert failures == {}
    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *saved],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(checked.stderr or '{"messages": []}')["messages"]
    assert [m["message"] for m in messages if m.get("type") == "error"] == []
