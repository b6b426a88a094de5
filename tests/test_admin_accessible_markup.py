"""The admin's accessibility layer as served (core.admin_widgets, templates/admin/): what
axe-core and the Nu HTML Checker check in the browser (tests/e2e/
test_admin_accessibility.py), asserted on the HTML at once, page by page."""

import re

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_every_admin_page_loads_the_stylesheet_and_script_last(admin_client):
    html = admin_client.get("/admin/auth/user/").content.decode()
    head = html.split("</head>")[0]
    assert head.count("admin/boardportal.css") == 1
    assert head.count("admin/boardportal.mjs") == 1
    # After Django's own sheets and the page's widget media, so they take precedence.
    assert head.rindex("admin/boardportal.css") > head.rindex("admin/css/")


def test_a_date_and_time_are_each_named(admin_client, admin_user):
    html = admin_client.get(f"/admin/auth/user/{admin_user.pk}/change/").content.decode()
    date = re.search(r'<input[^>]*id="id_last_login_0"[^>]*>', html).group()
    time = re.search(r'<input[^>]*id="id_last_login_1"[^>]*>', html).group()
    assert 'aria-label="Last login: date"' in date
    assert 'aria-label="Last login: time"' in time
    # The password summary is not a disabled <div>.
    assert not re.search(r"<div[^>]*\bdisabled\b", html)


def test_the_hidden_version_has_no_label(admin_client):
    programme = f.ProgrammeFactory()
    html = admin_client.get(f"/admin/programmes/programme/{programme.pk}/change/").content
    html = html.decode()
    assert 'name="version"' in html
    assert 'for="id_version"' not in html


def test_an_autocomplete_starts_with_an_empty_option_that_says_so(admin_client):
    html = admin_client.get("/admin/meetings/action/add/").content.decode()
    selects = re.findall(
        r'<select name="(\w+)"[^>]*admin-autocomplete[^>]*>\s*(<option[^>]*>[^<]*)', html
    )
    assert selects, "the action form has autocompletes"
    for name, first in selects:
        assert first == '<option value="">None', (name, first)


def test_fields_in_a_table_row_are_named_after_their_column(admin_client):
    meeting = f.MeetingFactory()
    f.AgendaItemFactory(meeting=meeting)
    html = admin_client.get(f"/admin/meetings/meeting/{meeting.pk}/change/").content.decode()
    row = r"<(?:input|select|textarea)[^>]*name=\"agenda_items-0-\w+\"[^>]*>"
    tags = [tag for tag in re.findall(row, html) if 'type="hidden"' not in tag]
    assert any("DELETE" in tag for tag in tags)
    for tag in tags:
        assert "aria-label=" in tag, tag


def test_a_hidden_initial_value_has_no_aria_attributes(admin_client):
    html = admin_client.get("/admin/otp_totp/totpdevice/add/").content.decode()
    hidden = re.search(r'<input type="hidden" name="initial-key"[^>]*>', html).group()
    assert "aria-" not in hidden


def test_an_empty_filter_choice_says_so(admin_client):
    f.ParagraphFactory(heading="")
    f.ParagraphFactory(heading="Leadership")
    html = admin_client.get("/admin/meetings/paragraph/").content.decode()
    assert not re.search(r"<a href=\"[^\"]*\">\s*</a>", html)
    assert ">(empty)</a>" in html
