"""``GET /api/v1/audit/verify/``: does the chain verify, and if not, where does it first break?"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.heads import recorded_heads
from audit.verify import Result, verify


class MayVerifyChain(BasePermission):
    """Auditors (the role table grants ``audit.verify_chain``)."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.has_perm("audit.verify_chain"))


def result_body(result: Result) -> dict[str, Any]:
    problem = result.problem
    return {
        "valid": result.valid,
        "checked": result.checked,
        "first_bad": result.first_bad,
        "problem": None
        if problem is None
        else {"reason": problem.reason, "entry": problem.entry, "source": problem.source, "object": problem.object_pk},
        "head": {"seq": result.head_seq, "hash": result.head_hash},
    }


class VerifyView(APIView):
    """Walk the audit chain: links, hashes, the audited rows and the heads recorded outside the
    database. ``?from=checkpoint`` starts at the last checkpoint of a full verification."""

    permission_classes = [IsAuthenticated, MayVerifyChain]

    @extend_schema(
        parameters=[OpenApiParameter("from", str, enum=["start", "checkpoint"], required=False)],
        responses={200: dict},
    )
    def get(self, request: Request) -> Response:
        start = request.query_params.get("from") or "start"  # empty means not given, as everywhere
        if start not in {"start", "checkpoint"}:
            raise serializers.ValidationError({"from": _("Kies start of checkpoint.")})
        result = verify(since_checkpoint=start == "checkpoint", heads=recorded_heads())
        return Response(result_body(result))
