from django.urls import path

from reports import api

urlpatterns = [
    path("reports/referrals/", api.ReferralReportView.as_view(), name="report-referrals"),
    path("reports/needs/", api.NeedsReportView.as_view(), name="report-needs"),
    path("reports/monitor.pdf", api.MonitorView.as_view(), name="report-monitor"),
]
