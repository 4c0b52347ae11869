"""The report builder page for analysts (``/rapportages/``): choose dimensions and a window, see the
published table and a chart, download the same figures as CSV or the yearly monitor as PDF."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_safe

from accounts.lockout import client_ip
from accounts.models import User
from nvm.input import SafeTextForm
from reports import charts, formats, services
from reports.dimensions import DIMENSIONS


class BuilderForm(SafeTextForm):
    group_by = forms.MultipleChoiceField(
        label=gettext_lazy("Uitsplitsen naar (hoogstens drie)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(code, dimension.label) for code, dimension in DIMENSIONS.items()],
    )
    period = forms.ChoiceField(
        label=gettext_lazy("Periode"),
        choices=[
            ("month", gettext_lazy("maand")),
            ("quarter", gettext_lazy("kwartaal")),
            ("year", gettext_lazy("jaar")),
        ],
        initial="quarter",
    )
    start = forms.DateField(
        label=gettext_lazy("Van"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d"],
    )
    end = forms.DateField(
        label=gettext_lazy("Tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d"],
    )

    def clean_group_by(self) -> list[str]:
        chosen: list[str] = self.cleaned_data["group_by"]
        if len(chosen) > services.MAX_DIMENSIONS:
            raise forms.ValidationError(_("Kies hoogstens drie dimensies."))
        return chosen


@require_safe
@login_required
@permission_required("reports.view_report", raise_exception=True)
def builder(request: HttpRequest) -> HttpResponse:
    form = BuilderForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "monitor_year": timezone.localdate().year - 1}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            query = services.make_query(data["group_by"], data["period"], data["start"], data["end"])
            report = services.referral_report(query)
        except services.ReportError as error:
            form.add_error(None, error.message)
        else:
            user = request.user
            assert isinstance(user, User)  # noqa: S101  (login_required ran first)
            services.log_report(
                user=user,
                action="report_referrals",
                detail=services.describe("referrals", query, "page"),
                channel="web",
                ip=client_ip(request),
            )
            context |= _presented(report)
    return render(request, "reports/builder.html", context)


def _presented(report: services.ReferralReport) -> dict[str, Any]:
    dims = list(report.query.group_by)
    labels = report.dimensions
    totals = [margin for margin in report.margins if not any(dim in margin for dim in dims)]
    trend = charts.trend_chart(
        [margin["period"] for margin in totals],
        [margin["count"] for margin in totals],
        title=_("Ingediende verwijzingen per periode"),
        suppressed=_("niet getoond"),
    )
    bars = None
    if dims and len(totals) == 1:
        first = [margin for margin in report.margins if set(margin) - {"period", "count", "suppressed"} == {dims[0]}]
        bars = charts.bar_chart(
            [labels[dims[0]][margin[dims[0]]] for margin in first],
            [margin["count"] for margin in first],
            title=str(DIMENSIONS[dims[0]].label).capitalize(),
            suppressed=_("niet getoond"),
        )
    params = {
        "group_by": ",".join(dims),
        "period": report.query.period,
        "from": report.first_day.isoformat(),
        "to": report.last_day.isoformat(),
    }
    return {
        "report": report,
        "rule": services.rule_text(report.rule),
        "unit": services.unit_text(),
        "columns": [(dim, str(DIMENSIONS[dim].label)) for dim in dims],
        "rows": [formats.labelled(cell, dims, labels) for cell in report.cells],
        "margins": [formats.labelled(margin, dims, labels) for margin in report.margins],
        "trend": trend,
        "bars": bars,
        "csv_url": f"{reverse('report-referrals')}?{urlencode(params | {'format': 'csv'})}",
        "pdf_url": f"{reverse('report-referrals')}?{urlencode(params | {'format': 'pdf'})}",
        "announcement": ngettext(
            "Tabel bijgewerkt: %(cells)d cel, waarvan %(hidden)d niet getoond.",
            "Tabel bijgewerkt: %(cells)d cellen, waarvan %(hidden)d niet getoond.",
            len(report.cells),
        )
        % {"cells": len(report.cells), "hidden": sum(1 for cell in report.cells if cell.get("suppressed"))},
    }
