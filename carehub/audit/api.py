from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from carehub.audit.models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer[AuditEvent]):
    actor = serializers.EmailField(source="actor.email", read_only=True, allow_null=True)
    organisation = serializers.UUIDField(
        source="organisation.uuid", read_only=True, allow_null=True
    )

    class Meta:
        model = AuditEvent
        fields = [
            "seq",
            "occurred_at",
            "actor",
            "verb",
            "organisation",
            "subject_type",
            "subject_id",
            "data",
            "hash",
        ]


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("verb", str, description="Only this verb")])
)
class AuditEventViewSet(viewsets.ReadOnlyModelViewSet[AuditEvent]):
    """The partnership's audit log (hub coordinators and system administrators)."""

    serializer_class = AuditEventSerializer
    lookup_field = "seq"

    def get_queryset(self) -> QuerySet[AuditEvent]:
        events = AuditEvent.objects.visible_to(self.request.user).select_related(
            "actor", "organisation"
        )
        verb = self.request.query_params.get("verb")
        return events.filter(verb=verb) if verb else events
