"""The auditor's pages under /audit/ (login required; auditors only)."""

from django.urls import path

from referrals.web.views import audit

app_name = "audit_web"

urlpatterns = [
    path("", audit.access_log, name="access_log"),
    path("geschiedenis/", audit.history_search, name="history"),
    path("keten/", audit.chain_check, name="chain"),
]
