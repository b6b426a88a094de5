"""Every address of the site. The public pages are namespaced by what they show:
`portal` (the plan overview, search, reports), `priorities`, `programmes` and
`meetings`; their views live in `boardportal.views`, which may read all three apps."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from . import accounts, feeds, two_factor
from .admin import person_add_page
from .api import tokens as api_tokens
from .api.errors import not_found as api_not_found
from .opendata import views as opendata
from .reports import views as reports
from .views import delivery, governance, plan, site

admin.site.site_header = "boardportal administration"
admin.site.site_title = "boardportal admin"
admin.site.index_title = "Plans, delivery and meetings"

portal = (
    [
        path("", plan.home, name="home"),
        path("plan/<str:year>/", plan.home, name="plan_year"),
        path("search/", site.search, name="search"),
        path("accessibility/", site.accessibility, name="accessibility"),
        path("reports/", reports.report_list, name="reports"),
        path(
            "reports/<str:year>/<str:kind>/q<int:quarter>.<str:fmt>",
            reports.report_download,
            name="report_download",
        ),
        path(
            "reports/<str:year>/<str:kind>/q<int:quarter>.<str:fmt>/preparing/",
            reports.report_preparing,
            name="report_preparing",
        ),
        path(
            "reports/<str:year>/<str:kind>/q<int:quarter>.<str:fmt>/status.json",
            reports.report_status,
            name="report_status",
        ),
    ],
    "portal",
)

priorities = (
    [
        path("priorities/<int:pk>/", plan.priority_detail, name="detail"),
        path("themes/", plan.theme_list, name="themes"),
        path("themes/<slug:slug>/", plan.theme_detail, name="theme"),
    ],
    "priorities",
)

programmes = (
    [
        path("programmes/", delivery.ProgrammeListView.as_view(), name="list"),
        # Before the programme pages, so that export.csv is not taken for a slug.
        path("programmes/export.csv", delivery.programme_csv, name="csv"),
        path("programmes/<slug:slug>/", delivery.programme_detail, name="detail"),
        path("councils/", delivery.council_list, name="councils"),
        path("councils/<slug:slug>/", delivery.council_detail, name="council"),
    ],
    "programmes",
)

meetings = (
    [
        path("meetings/", governance.meeting_list, name="list"),
        path("meetings/<int:pk>/", governance.meeting_detail, name="detail"),
        path(
            "meetings/<int:pk>/matters-arising/",
            governance.matters_arising,
            name="matters_arising",
        ),
        path(
            "meetings/<int:pk>/matters-arising.pdf",
            governance.matters_arising_pdf,
            name="matters_arising_pdf",
        ),
        path("meetings/items/<int:pk>/", governance.agenda_item_detail, name="item"),
        path("meetings/boards/<slug:slug>/papers/", governance.board_papers, name="board_papers"),
        path(
            "meetings/boards/<slug:slug>/forward-plan/",
            governance.forward_plan,
            name="forward_plan",
        ),
        path("members/", governance.member_list, name="members"),
        path("members/<slug:slug>/", governance.member_detail, name="member"),
    ],
    "meetings",
)

# Feeds to subscribe to: iCalendar of meetings, Atom of progress updates and agenda papers,
# for every Board or one (boardportal.feeds).
feed_urls = (
    [
        path("feeds/meetings.ics", feeds.meetings_calendar, name="meetings"),
        path("feeds/meetings/<slug:board>.ics", feeds.meetings_calendar, name="meetings_board"),
        path("feeds/progress-updates.atom", feeds.progress_updates_feed, name="progress_updates"),
        path(
            "feeds/progress-updates/<slug:board>.atom",
            feeds.progress_updates_feed,
            name="progress_updates_board",
        ),
        path("feeds/agenda-papers.atom", feeds.agenda_papers_feed, name="agenda_papers"),
        path(
            "feeds/agenda-papers/<slug:board>.atom",
            feeds.agenda_papers_feed,
            name="agenda_papers_board",
        ),
    ],
    "feeds",
)

# The open-data page and its downloads (boardportal.opendata).
opendata_urls = (
    [
        path("open-data/", opendata.page, name="page"),
        path("open-data/<slug:table>.<str:fmt>", opendata.download, name="download"),
    ],
    "opendata",
)

urlpatterns = [
    # The read-only open-data API (boardportal.api); anything else under /api/ is a JSON 404.
    path("api/v1/", include("boardportal.api.urls")),
    re_path(r"^api/", api_not_found),
    path("accounts/api-tokens/", api_tokens.token_list, name="api_tokens"),
    path("accounts/api-tokens/<int:pk>/revoke/", api_tokens.token_revoke, name="api_token_revoke"),
    path("", include(feed_urls)),
    path("", include(opendata_urls)),
    path("admin/reports/", admin.site.admin_view(reports.admin_reports), name="admin_reports"),
    path("admin/cycle/", include("boardportal.cycle.urls")),
    path("admin/people/add/", admin.site.admin_view(person_add_page), name="admin_person_add"),
    path("admin/", admin.site.urls),
    # For load balancers: 200 "ok" when the database answers, else 503.
    path("healthz", site.healthz, name="healthz"),
    path("accounts/login/", accounts.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/setup/", two_factor.two_factor_setup, name="two_factor_setup"),
    path("accounts/two-factor/verify/", two_factor.two_factor_verify, name="two_factor_verify"),
    path(
        "accounts/two-factor/backup-codes/",
        two_factor.two_factor_backup_codes,
        name="two_factor_backup_codes",
    ),
    # Setting a password from an emailed link (new people, and "Forgotten your password?").
    path("accounts/password-reset/", accounts.PasswordLinkView.as_view(), name="password_reset"),
    path(
        "accounts/password-reset/sent/",
        accounts.PasswordLinkSentView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/set-password/<uidb64>/<token>/",
        accounts.SetPasswordView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/set-password/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("", include(portal)),
    path("", include(priorities)),
    path("", include(programmes)),
    path("", include(meetings)),
]

handler400 = "boardportal.views.site.bad_request"
handler404 = "boardportal.views.site.page_not_found"
handler500 = "boardportal.views.site.server_error"
