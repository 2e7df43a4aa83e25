from __future__ import annotations

from rest_framework import serializers

from carehub.accounts.models import Membership, Organisation
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
