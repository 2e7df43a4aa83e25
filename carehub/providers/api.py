"""REST API for providers: the same visibility and the same can-sponsor rule as the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from carehub.providers import queries, services
from carehub.providers.models import Provider


class ProviderSerializer(serializers.ModelSerializer[Provider]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    name = serializers.CharField(source="organisation.name", read_only=True)
    organisation = serializers.UUIDField(source="organisation.uuid", read_only=True)
    local_authority = serializers.CharField(
        source="organisation.local_authority.gss_code", read_only=True, allow_null=True
    )
    skilled_worker_licence = serializers.SerializerMethodField()

    class Meta:
        model = Provider
        fields = [
            "id",
            "name",
            "organisation",
            "town",
            "postcode",
            "local_authority",
            "skilled_worker_licence",
        ]

    def get_skilled_worker_licence(self, provider: Provider) -> str:
        summaries: dict[int, queries.LicenceSummary] = self.context.get("summaries", {})
        summary = summaries.get(provider.pk) or queries.licence_summaries([provider])[provider.pk]
        return summary.status


class ProviderDetailSerializer(ProviderSerializer):
    can_sponsor_today = serializers.SerializerMethodField()
    reasons = serializers.SerializerMethodField()

    class Meta(ProviderSerializer.Meta):
        fields = [*ProviderSerializer.Meta.fields, "can_sponsor_today", "reasons"]

    def get_can_sponsor_today(self, provider: Provider) -> bool:
        return services.sponsorship_decision(provider).can_sponsor

    def get_reasons(self, provider: Provider) -> list[str]:
        return list(services.sponsorship_decision(provider).reasons)


class ProviderViewSet(viewsets.ReadOnlyModelViewSet[Provider]):
    """Care providers in the caller's partnership, with their sponsor licence status."""

    lookup_field = "uuid"

    def get_queryset(self) -> QuerySet[Provider]:
        return Provider.objects.visible_to(self.request.user).select_related(
            "organisation__local_authority"
        )

    def get_serializer_class(self) -> Any:
        return ProviderDetailSerializer if self.action == "retrieve" else ProviderSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Licence summaries for the whole page in two queries, not two per provider.
        page = self.paginate_queryset(self.get_queryset())
        items = list(page if page is not None else self.get_queryset())
        context = {**self.get_serializer_context(), "summaries": queries.licence_summaries(items)}
        data = ProviderSerializer(items, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)
