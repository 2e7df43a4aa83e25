"""REST API for cases: the same visibility as the caseload."""

from __future__ import annotations

from django.db.models import F, QuerySet
from rest_framework import serializers, viewsets

from carehub.workers.models import Case


class CaseSerializer(serializers.ModelSerializer[Case]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    reference = serializers.CharField(source="worker.reference", read_only=True)
    worker_name = serializers.CharField(source="worker.full_name", read_only=True)
    local_authority = serializers.CharField(
        source="worker.local_authority.gss_code", read_only=True, allow_null=True
    )
    eligibility = serializers.CharField(source="worker.eligibility", read_only=True)
    deadline = serializers.DateField(source="worker.deadline", read_only=True, allow_null=True)
    deadline_reason = serializers.CharField(source="worker.deadline_reason", read_only=True)
    assigned_to = serializers.EmailField(
        source="assigned_to.email", read_only=True, allow_null=True
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "worker_name",
            "local_authority",
            "status",
            "source",
            "first_contact_at",
            "eligibility",
            "deadline",
            "deadline_reason",
            "assigned_to",
        ]


class CaseViewSet(viewsets.ReadOnlyModelViewSet[Case]):
    """Cases the caller may see, the ones running out of time first."""

    serializer_class = CaseSerializer
    lookup_field = "uuid"

    def get_queryset(self) -> QuerySet[Case]:
        return (
            Case.objects.visible_to(self.request.user)
            .select_related("worker__local_authority", "assigned_to")
            .order_by(F("worker__deadline").asc(nulls_last=True), "first_contact_at")
        )
