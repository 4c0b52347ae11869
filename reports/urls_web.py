"""The report pages under /rapportages/ (analysts, the national coordinator, auditors)."""

from django.urls import path

from reports import web

app_name = "reports_web"

urlpatterns = [path("", web.builder, name="builder")]
