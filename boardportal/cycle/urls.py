"""The cycle's screens, inside the admin (its sign-in, second factor and navigation)."""

from django.contrib import admin
from django.urls import path

from . import import_views, views

app_name = "cycle"

urlpatterns = [
    path("", admin.site.admin_view(views.my_quarter), name="home"),
    path("programme/<int:pk>/", admin.site.admin_view(views.quarterly_update), name="update"),
    path("review/", admin.site.admin_view(views.review), name="review"),
    path("review/<int:pk>/", admin.site.admin_view(views.review_draft), name="review_draft"),
    path("round/<int:pk>/sign-off/", admin.site.admin_view(views.sign_off), name="sign_off"),
    path("round/<int:pk>/reopen/", admin.site.admin_view(views.reopen), name="reopen"),
    path("import/", admin.site.admin_view(import_views.import_updates), name="import"),
    path(
        "round/<int:pk>/template.<str:fmt>",
        admin.site.admin_view(import_views.import_template),
        name="import_template",
    ),
]
