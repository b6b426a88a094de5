from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("programmes/", views.ProgrammeListView.as_view(), name="list"),
    path("programmes/export.csv", views.programme_csv, name="csv"),
    path("councils/", views.council_list, name="councils"),
    path("councils/<slug:slug>/", views.council_detail, name="council"),
]
