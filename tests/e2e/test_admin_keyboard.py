"""An officer's quarterly update with the keyboard alone, from the sign-in page to a
saved draft, as the demo's officer: every element that takes the focus shows it, and
Tab always moves on (no trap)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from programmes.models import Programme

from .test_admin_accessibility import PASSWORD, admin_pages, demo  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


def focus_visible(page) -> str:
    """Why the focused element's focus is not visible ("" when it is): an outline, a
    box shadow or an underline that differs from the unfocused state."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          if (!el || el === document.body) return 'nothing focused';
          const s = getComputedStyle(el);
          // 'auto' is the browser's own focus ring.
          const outline = s.outlineStyle === 'auto' ||
            (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1);
          const shadow = s.boxShadow && s.boxShadow !== 'none';
          const r = el.getBoundingClientRect();
          if (r.width === 0 && r.height === 0) return 'focused element not shown';
          return outline || shadow ? '' : `${el.tagName} ${el.id || el.className}: no outline`;
        }"""
    )


def test_keyboard_only_an_officers_quarterly_update(demo, admin_pages, live_server):  # noqa: F811
    """From the sign-in page to a saved draft with the keyboard alone: every focused
    element shows its focus, and Tab always moves on (no trap)."""
    page = admin_pages.new_page()
    page.goto(live_server.url + "/accounts/login/?next=/admin/cycle/")
    seen: list[str] = []

    def tab_to(selector: str, limit: int = 200) -> None:
        """Tab until `selector` has the focus, checking each stop on the way."""
        last = None
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement === document.body"):
                continue  # past the last link, to the browser's own controls, and back
            here = page.evaluate(
                "() => document.activeElement.outerHTML.slice(0, 120) + "
                "document.activeElement.getBoundingClientRect().top"
            )
            assert here != last, f"focus stuck on {here}"
            last = here
            assert focus_visible(page) == "", here
            seen.append(here)
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"Tabbing never reached {selector}")

    tab_to("#id_username")
    page.keyboard.type("officer")
    tab_to("#id_password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/two-factor/verify/**")
    tab_to("#id_otp_token")
    page.keyboard.type(demo["officer"][0])
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/cycle/")
    tab_to("a[href*='/admin/cycle/programme/']")
    href = page.evaluate("() => document.activeElement.getAttribute('href')")
    programme = Programme.objects.get(pk=href.split("/programme/")[1].split("/")[0])
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/admin/cycle/programme/{programme.pk}/**")
    tab_to("#id_rag_0, input[name=rag]")
    page.keyboard.press("Space")
    tab_to("#id_headline")
    page.keyboard.press("Control+a")
    page.keyboard.type("Fifty graduates placed this quarter")
    tab_to("#id_narrative")
    page.keyboard.press("Control+a")
    page.keyboard.type("Recruitment closed on time.")
    # The status chosen may differ from the one the evidence suggests: say why.
    tab_to("#id_override_reason")
    page.keyboard.type("The board agreed the new timetable.")
    tab_to("button[value=save]")
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    expect(page.locator(".messagelist")).to_contain_text("as a draft")
    update = programme.progress_updates.get(headline="Fifty graduates placed this quarter")
    assert update.narrative == "Recruitment closed on time."
    assert update.published_at is None
