"""REST API for the public registers (read-only, for any member of the hub)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from carehub.accounts.permissions import is_member
from carehub.registers.models import CqcLocation, RegisterChange


class RegisterChangeSerializer(serializers.ModelSerializer[RegisterChange]):
    published_on = serializers.DateField(source="snapshot.published_on", read_only=True)
    organisation = serializers.CharField(source="entry.name", read_only=True)
    town = serializers.CharField(source="entry.town", read_only=True)
    route = serializers.CharField(source="entry.route", read_only=True)

    class Meta:
        model = RegisterChange
        fields = [
            "id",
            "published_on",
            "organisation",
            "town",
            "route",
            "kind",
            "old_rating",
            "new_rating",
        ]


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("kind", str, description="Only this kind of change")]
    )
)
class RegisterChangeViewSet(viewsets.ReadOnlyModelViewSet[RegisterChange]):
    """Changes between imports of the Home Office register of licensed sponsors."""

    serializer_class = RegisterChangeSerializer

    def get_queryset(self) -> QuerySet[RegisterChange]:
        if not is_member(self.request.user):
            return RegisterChange.objects.none()
        changes = RegisterChange.objects.select_related("snapshot", "entry").order_by(
            "-snapshot__imported_at", "pk"
        )
        kind = self.request.query_params.get("kind")
        return changes.filter(kind=kind) if kind else changes


class CqcLocationSerializer(serializers.ModelSerializer[CqcLocation]):
    provider_id = serializers.CharField(source="provider.provider_id", read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    local_authority = serializers.CharField(
        source="local_authority.gss_code", read_only=True, allow_null=True
    )

    class Meta:
        model = CqcLocation
        fields = [
            "location_id",
            "name",
            "provider_id",
            "provider_name",
            "address",
            "town",
            "postcode",
            "latitude",
            "longitude",
            "local_authority",
            "region",
            "care_home",
            "service_types",
            "regulated_activities",
            "latest_rating",
            "is_registered",
        ]


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("q", str, description="Name, provider, postcode or id")]
    )
)
class CqcLocationViewSet(viewsets.ReadOnlyModelViewSet[CqcLocation]):
    """Locations registered with the Care Quality Commission."""

    serializer_class = CqcLocationSerializer
    lookup_field = "location_id"

    def get_queryset(self) -> QuerySet[CqcLocation]:
        if not is_member(self.request.user):
            return CqcLocation.objects.none()
        locations = CqcLocation.objects.select_related("provider", "local_authority").order_by(
            "name"
        )
        query = self.request.query_params.get("q", "").strip()
        if query:
            locations = locations.filter(
                Q(name__icontains=query)
                | Q(provider__name__icontains=query)
                | Q(postcode__istartswith=query)
            )
        return locations
