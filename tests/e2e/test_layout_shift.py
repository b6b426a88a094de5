"""Nothing moves after the first paint (cumulative layout shift, as Lighthouse measures
it on a phone), every public page type describes itself (a meta description), and the
"Preparing your report" page says when the report is ready, in a real browser."""

import pytest
from django.core.management import call_command

from boardportal.models import BuiltReport

from .test_browser import demo as demo  # the fixture
from .test_browser import page_urls, run_axe

pytestmark = pytest.mark.django_db(transaction=True)

# Lighthouse's phone: a 412 px wide screen and a CPU four times slower than this one.
PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75}
CPU_SLOWDOWN = 4
CLS_LIMIT = 0.02
DEFAULT_DESCRIPTION = (
    "The business plan of the Boards: their priorities, work programmes and progress, "
    "meetings and reports."
)
# Pages that keep the site's own description: errors and the sign-in page say what
# they are in their title.
GENERIC = {"not-found", "bad-request", "sign-in"}

OBSERVE_SHIFTS = """
window.__layoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__layoutShift += entry.value;
  }
}).observe({ type: 'layout-shift', buffered: true });
"""


def layout_shift(context, url: str) -> float:
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.add_init_script(OBSERVE_SHIFTS)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(1500)  # late shifts: scripts, fonts, images
    shift = page.evaluate("window.__layoutShift")
    page.close()
    return shift


def test_no_layout_shift_and_every_page_type_has_a_meta_description(demo, live_server, browser):
    urls = page_urls()
    context = browser.new_context(**PHONE)
    shifts = {
        name: round(layout_shift(context, live_server.url + urls[name]), 4)
        for name in ("home", "programme", "programmes")
        for _ in range(2)  # twice: a shift can depend on when the module runs
    }
    assert all(shift <= CLS_LIMIT for shift in shifts.values()), shifts

    page = context.new_page()
    missing, default = [], []
    for name, url in urls.items():
        page.goto(live_server.url + url)
        descriptions = page.locator('meta[name="description"]')
        content = descriptions.first.get_attribute("content") if descriptions.count() else ""
        if descriptions.count() != 1 or len((content or "").strip()) < 30:
            missing.append(name)
        elif content == DEFAULT_DESCRIPTION and name not in GENERIC:
            default.append(name)
    context.close()
    assert missing == [], "no meta description"
    assert default == [], "only the site's default description"


def test_the_preparing_page_says_when_the_report_is_ready(demo, live_server, browser, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/reports/")
    page.locator('a[href="/reports/2012-13/overview/q3.csv"]').click()
    page.wait_for_url("**/reports/2012-13/overview/q3.csv/preparing/")
    assert page.get_by_role("heading", level=1).inner_text() == "Preparing your report"
    status = page.get_by_role("status")
    assert "is being prepared" in status.inner_text()
    assert page.get_by_role("link", name="Check again").is_visible()
    assert run_axe(page) == []
    assert BuiltReport.objects.get().status == BuiltReport.Status.QUEUED

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    # The page's script asks again within a few seconds and announces it.
    download = page.get_by_role("link", name="Download the report")
    download.wait_for(state="visible", timeout=15_000)
    assert status.inner_text() == "Your report is ready. Download it below."
    assert not page.get_by_role("link", name="Check again").is_visible()
    assert run_axe(page) == []
    with page.expect_download() as caught:
        download.click()
    assert caught.value.suggested_filename == "overview-2012-13-2012-12-31.csv"
    context.close()
