"""REST API for reference data and policy values, and helpers shared by every app's API."""

from __future__ import annotations

import datetime as dt
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from carehub.core import policy
from carehub.core.models import LocalAuthority, PolicyValue


def raise_api_error(error: DjangoValidationError | DjangoPermissionDenied) -> NoReturn:
    """Turn a service's refusal into the API's 400 or 403."""
    if isinstance(error, DjangoPermissionDenied):
        raise exceptions.PermissionDenied(str(error)) from error
    detail: Any = error.message_dict if hasattr(error, "error_dict") else error.messages
    raise serializers.ValidationError(detail) from error


class LocalAuthoritySerializer(serializers.ModelSerializer[LocalAuthority]):
    region = serializers.CharField(source="region.gss_code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = LocalAuthority
        fields = ["gss_code", "name", "la_type", "region", "region_name"]


class LocalAuthorityViewSet(viewsets.ReadOnlyModelViewSet[LocalAuthority]):
    """Councils with adult social care responsibility (reference data)."""

    serializer_class = LocalAuthoritySerializer
    lookup_field = "gss_code"

    def get_queryset(self) -> QuerySet[LocalAuthority]:
        return LocalAuthority.objects.visible_to(self.request.user).select_related("region")


class PolicyValueSerializer(serializers.ModelSerializer[PolicyValue]):
    class Meta:
        model = PolicyValue
        fields = ["key", "value", "effective_from", "source", "note"]


class PolicyValueViewSet(viewsets.ReadOnlyModelViewSet[PolicyValue]):
    """Every recorded value of every policy key, with the date it took effect."""

    serializer_class = PolicyValueSerializer

    def get_queryset(self) -> QuerySet[PolicyValue]:
        return PolicyValue.objects.visible_to(self.request.user).order_by("key", "effective_from")

    @extend_schema(
        parameters=[OpenApiParameter("on", OpenApiTypes.DATE, description="Date (default: today)")],
        responses=inline_serializer(
            "PolicyValuesInForce",
            {"on": serializers.DateField(), "values": serializers.DictField()},
        ),
    )
    @action(detail=False, url_path="in-force")
    def in_force(self, request: Request) -> Response:
        """The value of every key in force on a date; null where no value applied then."""
        raw = request.query_params.get("on")
        try:
            on = dt.date.fromisoformat(raw) if raw else timezone.localdate()
        except ValueError:
            raise serializers.ValidationError({"on": "Give a date as YYYY-MM-DD"}) from None
        rows = list(self.get_queryset().values_list("key", "effective_from", "value"))
        values: dict[str, Any] = {}
        for name, key in policy.KEYS.items():
            text = policy.select([(d, v) for k, d, v in rows if k == name], on)
            values[name] = None if text is None else policy.jsonable(policy.parse(key.kind, text))
        return Response({"on": on, "values": values})
