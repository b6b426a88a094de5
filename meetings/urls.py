from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.meeting_list, name="list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="detail"),
    path("meetings/items/<int:pk>/", views.agenda_item_detail, name="item"),
    path("members/", views.member_list, name="members"),
    path("members/<slug:slug>/", views.member_detail, name="member"),
]
