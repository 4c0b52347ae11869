"""The notifications page under /meldingen/."""

from django.urls import path

from notifications import web

app_name = "notifications_web"

urlpatterns = [
    path("", web.notification_list, name="list"),
    path("alles-gelezen/", web.read_all, name="read_all"),
    path("voorkeuren/", web.preferences, name="preferences"),
]
