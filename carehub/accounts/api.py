"""REST API for organisations and the caller's own identity. Reads use the same
`visible_to` querysets as the pages; writes call the same services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from carehub.accounts import permissions, services
from carehub.accounts.models import Invitation, Membership, Notification, Organisation, User
from carehub.accounts.serializers import (
    InvitationSerializer,
    MemberSerializer,
    MeSerializer,
    OrganisationSerializer,
)
from carehub.core.api import raise_api_error


class OrganisationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[Organisation],
):
    """Organisations in the caller's partnership."""

    serializer_class = OrganisationSerializer
    lookup_field = "uuid"

    def get_queryset(self) -> QuerySet[Organisation]:
        return Organisation.objects.visible_to(self.request.user).select_related(
            "partnership", "local_authority"
        )

    def perform_create(self, serializer: Any) -> None:
        partnership = permissions.partnership_for_new_organisation(self.request.user)
        if partnership is None:
            raise exceptions.PermissionDenied("You cannot add organisations")
        try:
            serializer.instance = services.create_organisation(
                partnership=partnership, actor=self.request.user, **serializer.validated_data
            )
        except (DjangoValidationError, DjangoPermissionDenied) as error:
            raise_api_error(error)


class MeView(APIView):
    """Who the caller is, and their roles."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = request.user
        if not isinstance(user, User):  # IsAuthenticated refuses these first; for mypy
            raise exceptions.NotAuthenticated
        data = {
            "email": user.email,
            "full_name": user.full_name,
            "is_service_account": user.is_service_account,
            "memberships": permissions.memberships(user),
        }
        return Response(MeSerializer(data).data)


class MemberViewSet(viewsets.ReadOnlyModelViewSet[Membership]):
    """People's roles in the organisations the caller manages (and the caller's own)."""

    serializer_class = MemberSerializer

    def get_queryset(self) -> QuerySet[Membership]:
        return (
            Membership.objects.visible_to(self.request.user)
            .filter(user__is_service_account=False)
            .select_related("user", "organisation")
        )


class InvitationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[Invitation],
):
    """Pending invitations to organisations the caller manages. Creating one emails the
    invitee; deleting one withdraws it."""

    serializer_class = InvitationSerializer
    lookup_field = "uuid"

    def get_queryset(self) -> QuerySet[Invitation]:
        return (
            Invitation.objects.visible_to(self.request.user)
            .pending()
            .select_related("organisation__partnership")
        )

    def perform_create(self, serializer: Any) -> None:
        user = self.request.user
        if not isinstance(user, User):
            raise exceptions.NotAuthenticated
        try:
            serializer.instance, _token = services.invite_user(
                actor=user, **serializer.validated_data
            )
        except (DjangoValidationError, DjangoPermissionDenied) as error:
            raise_api_error(error)

    def perform_destroy(self, instance: Invitation) -> None:
        user = self.request.user
        if not isinstance(user, User):
            raise exceptions.NotAuthenticated
        try:
            services.revoke_invitation(invitation=instance, actor=user)
        except (DjangoValidationError, DjangoPermissionDenied) as error:
            raise_api_error(error)


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    class Meta:
        model = Notification
        fields = ["id", "title", "body", "link", "created_at", "read_at"]


class NotificationViewSet(viewsets.ReadOnlyModelViewSet[Notification]):
    """The caller's own notifications, newest first."""

    serializer_class = NotificationSerializer

    def get_queryset(self) -> QuerySet[Notification]:
        return Notification.objects.visible_to(self.request.user)
