"""Reports API (API.md "Reports"): aggregate tables only, after disclosure control, for the roles
that the role table gives ``reports.view_report`` (analyst, national coordinator, auditor).

Every answer is logged in the access log with the table that was asked for; answers are throttled.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import renderers, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts.lockout import client_ip
from accounts.models import User
from nvm.input import SafeTextForm
from reports import formats, services
from reports.dimensions import DIMENSIONS
from reports.monitor import monitor_pdf
from reports.queries import Query


class ErrorsAsJSON:
    """An error is answered in the one JSON error shape, even when the client asked for CSV or PDF."""

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if isinstance(response, Response) and response.status_code >= 400:
            response.accepted_renderer = renderers.JSONRenderer()
            response.accepted_media_type = "application/json"
        return response


class MayReadReports(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.has_perm("reports.view_report"))


_CODES = "|".join(DIMENSIONS)
#: One to three dimension codes, comma-separated (a code named twice is refused with 400 too).
GROUP_BY_PATTERN = rf"^({_CODES})(,({_CODES})){{0,2}}$"


class ReportForm(SafeTextForm):
    """The query string of a referral or needs report."""

    group_by = forms.RegexField(
        GROUP_BY_PATTERN,
        required=False,
        max_length=200,
        error_messages={"invalid": _("Noem één tot drie bekende dimensies, gescheiden door komma's, zonder spaties.")},
    )
    period = forms.ChoiceField(required=False, choices=[(p, p) for p in services.PERIODS])
    from_ = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    to = forms.DateField(required=False, input_formats=["%Y-%m-%d"])

    def __init__(self, data: Any) -> None:
        data = data.copy()
        if "from" in data:
            data["from_"] = data.pop("from")[-1] if hasattr(data, "getlist") else data.pop("from")
        super().__init__(data)

    def query(self) -> Query:
        if not self.is_valid():
            raise serializers.ValidationError(_form_errors(self))
        raw = self.cleaned_data["group_by"]
        group_by = raw.split(",") if raw else []
        try:
            return services.make_query(
                group_by, self.cleaned_data["period"] or "month", self.cleaned_data["from_"], self.cleaned_data["to"]
            )
        except services.ReportError as error:
            raise serializers.ValidationError({error.field: [error.message]}) from None


def _form_errors(form: forms.Form) -> dict[str, Any]:
    """A form's errors keyed by the query parameter (``from`` is ``from_`` in the form)."""
    return {("from" if name == "from_" else name): [str(m) for m in messages] for name, messages in form.errors.items()}


class YearForm(SafeTextForm):
    year = forms.IntegerField(min_value=2000, max_value=2100)


class CSVRenderer(renderers.BaseRenderer):
    """``?format=csv`` or ``Accept: text/csv``: the report's own CSV (``reports.formats``)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        if isinstance(data, services.ReferralReport):
            return formats.referral_csv(data).encode()
        return renderers.JSONRenderer().render(data)  # an error answer


class PDFRenderer(renderers.BaseRenderer):
    """``?format=pdf`` or ``Accept: application/pdf``: a table as its PDF (``reports.formats``), the
    monitor's bytes as they are; an error answer as JSON."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        if isinstance(data, services.ReferralReport):
            return formats.referral_pdf(data)
        return data if isinstance(data, bytes) else renderers.JSONRenderer().render(data)


class ReportJSONRenderer(renderers.JSONRenderer):
    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        if isinstance(data, services.ReferralReport):
            data = formats.referral_body(data)
        return super().render(data, accepted_media_type, renderer_context)


def _log(request: Request, action: str, detail: str) -> None:
    user = request.user
    if not isinstance(user, User):  # IsAuthenticated ran first; this keeps the type checker honest
        raise PermissionDenied
    services.log_report(user=user, action=action, detail=detail, channel="api", ip=client_ip(request._request))


_WINDOW = [
    OpenApiParameter("period", str, enum=list(services.PERIODS), required=False, description="month (default)"),
    OpenApiParameter("from", OpenApiTypes.DATE, required=False, description="its whole period is included"),
    OpenApiParameter(
        "to", OpenApiTypes.DATE, required=False, description="its whole period is included (default: today)"
    ),
]

_DIMENSION_FIELDS: dict[str, Any] = {code: serializers.CharField(required=False) for code in DIMENSIONS}


def _serializer(name: str, fields: dict[str, Any]) -> type[serializers.Serializer]:  # type: ignore[type-arg]
    """A serializer for the schema only (answers are built by ``reports.formats``); made with
    ``type`` because its field names are the dimension codes, and one of them is ``from``."""
    return type(name, (serializers.Serializer,), dict(fields))


_COUNT: dict[str, Any] = {
    "period": serializers.CharField(),
    "count": serializers.IntegerField(allow_null=True),
    "suppressed": serializers.BooleanField(),
}
_Margin = _serializer("ReportMargin", {**_DIMENSION_FIELDS, **_COUNT})
_Cell = _serializer(
    "ReportCell",
    {
        **_DIMENSION_FIELDS,
        **_COUNT,
        **{name: serializers.FloatField(allow_null=True) for name in formats.MEASURES},
    },
)
_ReferralReport = _serializer(
    "ReferralReport",
    {
        "unit": serializers.CharField(),
        "threshold": serializers.IntegerField(),
        "rounding": serializers.IntegerField(),
        "rule": serializers.CharField(),
        "group_by": serializers.ListField(child=serializers.CharField()),
        "period": serializers.CharField(),
        "from": serializers.DateField(),
        "to": serializers.DateField(),
        "dimensions": serializers.DictField(),
        "cells": _Cell(many=True),
        "margins": _Margin(many=True),
        "total": serializers.IntegerField(allow_null=True),
    },
)


class ReferralReportView(ErrorsAsJSON, APIView):
    """Submitted referrals and how fast they found care, per period and up to three dimensions,
    with every margin; small counts suppressed (see ``rule`` in the answer)."""

    permission_classes = [IsAuthenticated, MayReadReports]
    renderer_classes = [ReportJSONRenderer, CSVRenderer, PDFRenderer]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "reports"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "group_by",
                {"type": "string", "pattern": GROUP_BY_PATTERN},
                required=False,
                description=f"Up to three of: {', '.join(DIMENSIONS)} (comma-separated)",
            ),
            *_WINDOW,
            OpenApiParameter("format", str, enum=["json", "csv", "pdf"], required=False),
        ],
        responses={
            (200, "application/json"): OpenApiResponse(_ReferralReport, description="The report"),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The same figures as CSV"),
            (200, "application/pdf"): OpenApiResponse(bytes, description="The same figures as PDF"),
        },
    )
    def get(self, request: Request) -> Response:
        query = ReportForm(request.query_params).query()
        report = services.referral_report(query)
        output = getattr(request.accepted_renderer, "format", "json")
        _log(request, "report_referrals", services.describe("referrals", query, output))
        response = Response(report)
        if output in {"csv", "pdf"}:
            response["Content-Disposition"] = f'attachment; filename="nvm-verwijzingen.{output}"'
        return response


_Need = _serializer(
    "NeedReportRow",
    {
        "need": serializers.CharField(),
        "period": serializers.CharField(),
        "count": serializers.IntegerField(allow_null=True),
        "suppressed": serializers.BooleanField(),
        "without_route": serializers.IntegerField(allow_null=True),
        "without_route_suppressed": serializers.BooleanField(),
        "routes_per_referral": serializers.FloatField(allow_null=True),
    },
)
_NeedsReport = _serializer(
    "NeedsReport",
    {
        "unit": serializers.CharField(),
        "threshold": serializers.IntegerField(),
        "rounding": serializers.IntegerField(),
        "rule": serializers.CharField(),
        "needs": _Need(many=True),
    },
)


class NeedsReportView(ErrorsAsJSON, APIView):
    """Per period and need: the referrals asking for it, those with no route for it (white spots)
    and routes per referral; small counts suppressed."""

    permission_classes = [IsAuthenticated, MayReadReports]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "reports"

    @extend_schema(parameters=_WINDOW, responses={200: _NeedsReport})
    def get(self, request: Request) -> Response:
        query = ReportForm(request.query_params).query()
        if query.group_by:
            raise serializers.ValidationError({"group_by": [_("Dit rapport kent geen group_by.")]})
        rule = services.rule()
        _log(request, "report_needs", services.describe("needs", query, "json"))
        return Response(
            {
                "unit": str(_("verwijzingen met deze hulpvraag, geteld in de periode van indiening")),
                "threshold": rule.threshold,
                "rounding": rule.rounding,
                "rule": services.rule_text(rule),
                "needs": services.needs_report(query, rule),
            }
        )


class MonitorView(ErrorsAsJSON, APIView):
    """The yearly monitor as PDF (Dutch): the main tables, charts and the disclosure rule."""

    permission_classes = [IsAuthenticated, MayReadReports]
    renderer_classes = [renderers.JSONRenderer, PDFRenderer]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "reports"

    @extend_schema(
        parameters=[OpenApiParameter("year", {"type": "integer", "minimum": 2000, "maximum": 2100}, required=True)],
        responses={(200, "application/pdf"): OpenApiResponse(bytes, description="PDF")},
    )
    def get(self, request: Request) -> HttpResponse:
        form = YearForm(request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError(_form_errors(form))
        year = form.cleaned_data["year"]
        pdf = monitor_pdf(year)
        _log(request, "monitor_pdf", f"monitor year={year}")
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="nvm-monitor-{year}.pdf"'
        return response
