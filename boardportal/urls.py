from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import accounts, views
from .reports import views as reports

admin.site.site_header = "boardportal administration"
admin.site.site_title = "boardportal admin"
admin.site.index_title = "Plans, delivery and meetings"

portal = (
    [
        path("", views.home, name="home"),
        path("plan/<str:year>/", views.home, name="plan_year"),
        path("priorities/<int:pk>/", views.priority_detail, name="priority"),
        path("programmes/<slug:slug>/", views.programme_detail, name="programme"),
        path("themes/", views.theme_list, name="themes"),
        path("themes/<slug:slug>/", views.theme_detail, name="theme"),
        path("search/", views.search, name="search"),
        path("accessibility/", views.accessibility, name="accessibility"),
        path("reports/", reports.report_list, name="reports"),
        path(
            "reports/<str:year>/<str:kind>/q<int:quarter>.<str:fmt>",
            reports.report_download,
            name="report_download",
        ),
    ],
    "portal",
)

urlpatterns = [
    path("admin/reports/", admin.site.admin_view(reports.admin_reports), name="admin_reports"),
    path("admin/", admin.site.urls),
    # For load balancers: 200 "ok" when the database answers, else 503.
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", accounts.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/setup/", accounts.two_factor_setup, name="two_factor_setup"),
    path("accounts/two-factor/verify/", accounts.two_factor_verify, name="two_factor_verify"),
    # The list and CSV come before the programme pages so /programmes/export.csv is not a slug.
    path("", include("programmes.urls")),
    path("", include("meetings.urls")),
    path("", include(portal)),
]

handler400 = "boardportal.views.bad_request"
handler404 = "boardportal.views.page_not_found"
handler500 = "boardportal.views.server_error"
