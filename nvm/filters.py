"""Filter pieces every list of the API shares."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field


@extend_schema_field(OpenApiTypes.BOOL)
class BooleanChoiceFilter(django_filters.ChoiceFilter):  # type: ignore[misc]
    """``true`` or ``false`` and nothing else: ``?published=yes`` is a 400, not silently no filter
    (django-filter's BooleanFilter reads any other word as "not given")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("choices", [("true", "true"), ("false", "false")])
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in ("", None):
            return qs
        filtered: QuerySet[Any] = super().filter(qs, value == "true")
        return filtered
