from django.contrib import admin
from django.urls import path

admin.site.site_header = "boardportal administration"
admin.site.site_title = "boardportal admin"
admin.site.index_title = "Plans, delivery and meetings"

urlpatterns = [
    path("admin/", admin.site.urls),
]
