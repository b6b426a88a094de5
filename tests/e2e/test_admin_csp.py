"""The officers' admin in Chromium under the Content-Security-Policy: its pages load,
its scripts run, and the browser reports no blocked script or style."""

import pytest

from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_works_under_the_policy(live_server, page, admin_client):
    programme = ProgrammeFactory(name="Leeds Castle")
    errors = []

    def console(message):
        # The admin links no icon, so the browser's guess at /favicon.ico is a 404.
        if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
            errors.append(f"{page.url}: {message.text}")

    page.on("console", console)
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))

    # Signed out, the admin asks for a password (on its own page or the portal's).
    response = page.goto(live_server.url + "/admin/")
    assert response.status == 200
    assert "content-security-policy" in response.headers
    assert page.locator("input[type=password]").is_visible()

    # Signed in with admin_client's session (verified as the admin requires).
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": admin_client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    base = f"/admin/programmes/programme/{programme.pk}"
    for path in (
        "/admin/",
        "/admin/programmes/programme/",
        f"{base}/change/",
        "/admin/programmes/programme/add/",
        f"{base}/history/",
        "/admin/reports/",
    ):
        assert page.goto(live_server.url + path).status == 200, path
        if path.endswith("/change/"):
            assert page.locator("input[name=name]").input_value() == "Leeds Castle"
            # The admin's scripts ran: they add the calendar shortcuts beside dates.
            assert page.locator(".datetimeshortcuts").first.is_visible()
        if path == "/admin/programmes/programme/":
            # actions.js ran: ticking a row highlights it.
            page.locator("input.action-select").first.check()
            assert page.locator("tr.selected").count() == 1
    assert errors == []
