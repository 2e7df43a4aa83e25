from __future__ import annotations

from typing import Any

from rest_framework import serializers

from carehub.accounts.models import Invitation, Membership, Organisation
from carehub.accounts.roles import OrganisationKind
from carehub.core.models import LocalAuthority


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    partnership = serializers.CharField(source="partnership.name", read_only=True)
    local_authority = serializers.SlugRelatedField(
        slug_field="gss_code",
        queryset=LocalAuthority.objects.all(),
        required=False,
        allow_null=True,
        help_text="ONS code of the council (or the main area served).",
    )
    kind = serializers.ChoiceField(
        choices=[c for c in OrganisationKind.choices if c[0] != OrganisationKind.REGIONAL_HUB]
        + [(OrganisationKind.REGIONAL_HUB.value, OrganisationKind.REGIONAL_HUB.label)]
    )

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "kind",
            "partnership",
            "local_authority",
            "email",
            "phone",
            "is_active",
            "created_at",
        ]
        read_only_fields = ["is_active", "created_at"]


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    organisation = serializers.UUIDField(source="organisation.uuid", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    partnership = serializers.CharField(source="organisation.partnership.name", read_only=True)

    class Meta:
        model = Membership
        fields = ["organisation", "organisation_name", "partnership", "role"]


class MeSerializer(serializers.Serializer[object]):
    email = serializers.EmailField()
    full_name = serializers.CharField()
    is_service_account = serializers.BooleanField()
    memberships = MembershipSerializer(many=True)


class MemberSerializer(serializers.ModelSerializer[Membership]):
    """A person's role in an organisation, as seen by someone who manages its members."""

    organisation = serializers.UUIDField(source="organisation.uuid", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)

    class Meta:
        model = Membership
        fields = ["organisation", "email", "full_name", "role", "created_at"]


class InvitationSerializer(serializers.ModelSerializer[Invitation]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    organisation = serializers.SlugRelatedField(
        slug_field="uuid", queryset=Organisation.objects.none()
    )

    class Meta:
        model = Invitation
        fields = ["id", "organisation", "email", "full_name", "role", "expires_at", "created_at"]
        read_only_fields = ["expires_at", "created_at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Only organisations the caller can see may be named; others look like typos.
            self.fields["organisation"].queryset = Organisation.objects.visible_to(request.user)  # type: ignore[attr-defined]
