from typing import Any

from carehub.accounts import services
from carehub.accounts.roles import Role
from carehub.testing.matrix import Case, expect, only
from carehub.testing.world import World

API = expect(anonymous=401)
MANAGERS_OF_ALL = {"hub_coordinator": 200, "system_admin": 200}
OUT_OF_SCOPE = {"evaluator": 404, "other_partnership": 404}


def provider(world: World) -> dict[str, Any]:
    return {"uuid": world.provider.uuid}


def _invite(world: World) -> tuple[Any, str]:
    return services.invite_user(
        organisation=world.provider,
        email="new.starter@example.org",
        full_name="New Starter",
        role=Role.PROVIDER_MANAGER,
        actor=world.user("hub_coordinator"),
    )


def new_invitation_token(world: World) -> dict[str, Any]:
    return {"token": _invite(world)[1]}


def new_invitation(world: World) -> dict[str, Any]:
    return {"uuid": world.provider.uuid, "invitation_uuid": _invite(world)[0].uuid}


def new_invitation_uuid(world: World) -> dict[str, Any]:
    return {"uuid": new_invitation(world)["invitation_uuid"]}


def provider_manager_membership(world: World) -> dict[str, Any]:
    return {"pk": world.user("provider_manager").memberships.get().pk}


def organisation_data(world: World) -> dict[str, Any]:
    return {"name": "Lickey Hills Care Ltd", "kind": "care_provider", "local_authority": ""}


def invitation_data(world: World) -> dict[str, Any]:
    return {
        "full_name": "Sam Carter",
        "email": "sam.carter@example.org",
        "role": "provider_manager",
    }


CASES = [
    # Signing in and out.
    Case("accounts:sign-in", expect(anonymous=200, default=302)),
    Case("accounts:sign-out", expect(default=302), method="post"),
    Case("accounts:two-factor-setup", expect(default=302)),
    Case("accounts:two-factor-verify", expect()),
    Case("accounts:password-reset", expect(anonymous=200)),
    Case("accounts:password-reset-done", expect(anonymous=200)),
    Case(
        "accounts:password-reset-confirm",
        expect(anonymous=200),
        kwargs=lambda w: {"uidb64": "MQ", "token": "not-a-real-token"},
    ),
    Case("accounts:password-reset-complete", expect(anonymous=200)),
    Case(
        "accounts:accept-invitation",
        expect(anonymous=404, default=404),
        kwargs=lambda w: {"token": "not-a-real-token"},
    ),
    Case("accounts:accept-invitation", expect(anonymous=200), kwargs=new_invitation_token),
    # Organisations.
    Case("accounts:organisation-list", expect(evaluator=404)),
    Case("accounts:organisation-list", expect(evaluator=404), query="kind=care_provider"),
    Case(
        "accounts:organisation-create",
        only({**MANAGERS_OF_ALL, "other_partnership": 200}, otherwise=404),
    ),
    Case(
        "accounts:organisation-create",
        only(
            {"hub_coordinator": 302, "system_admin": 302, "other_partnership": 302},
            otherwise=404,
        ),
        method="post",
        data=organisation_data,
    ),
    Case("accounts:organisation-detail", expect(**OUT_OF_SCOPE), kwargs=provider),
    Case(
        "accounts:invite",
        only({**MANAGERS_OF_ALL, "provider_manager": 200, **OUT_OF_SCOPE}, otherwise=403),
        kwargs=provider,
    ),
    Case(
        "accounts:invite",
        only(
            {"hub_coordinator": 302, "system_admin": 302, "provider_manager": 302, **OUT_OF_SCOPE},
            otherwise=403,
        ),
        kwargs=provider,
        method="post",
        data=invitation_data,
    ),
    Case(
        "accounts:revoke-invitation",
        only({"hub_coordinator": 302, "system_admin": 302, "provider_manager": 302}, otherwise=404),
        kwargs=new_invitation,
        method="post",
    ),
    # Notifications: everyone's own list.
    Case("accounts:notification-list", expect()),
    Case("accounts:notification-list", expect(default=302), method="post"),
    # API.
    Case("api:notification-list", API),
    Case(
        "api:notification-detail",
        only({"hub_coordinator": 200}, otherwise=404, anonymous=401),
        kwargs=lambda w: {"pk": w.user("hub_coordinator").notifications.order_by("pk")[0].pk},
    ),
    Case("api:me", API),
    Case("api:organisation-list", API),
    Case(
        "api:organisation-list",
        # The other partnership's coordinator adds to their own partnership.
        only(
            {"hub_coordinator": 201, "system_admin": 201, "other_partnership": 201},
            otherwise=403,
            anonymous=401,
        ),
        method="post",
        data=lambda w: {"name": "Lickey Hills Care Ltd", "kind": "care_provider"},
        api=True,
    ),
    Case("api:organisation-detail", expect(anonymous=401, **OUT_OF_SCOPE), kwargs=provider),
    Case("api:member-list", API),
    Case(
        "api:member-detail",
        only({**MANAGERS_OF_ALL, "provider_manager": 200}, otherwise=404, anonymous=401),
        kwargs=provider_manager_membership,
    ),
    Case("api:invitation-list", API),
    Case(
        "api:invitation-list",
        only(
            {
                "hub_coordinator": 201,
                "system_admin": 201,
                "provider_manager": 201,
                # An organisation they cannot see is refused like a mistyped id.
                "evaluator": 400,
                "other_partnership": 400,
            },
            otherwise=403,
            anonymous=401,
        ),
        method="post",
        data=lambda w: {**invitation_data(w), "organisation": str(w.provider.uuid)},
        api=True,
    ),
    Case(
        "api:invitation-detail",
        only(MANAGERS_OF_ALL, otherwise=404, anonymous=401),
        kwargs=lambda w: {"uuid": w.pending_invitation.uuid},
    ),
    Case(
        "api:invitation-detail",
        only(
            {"hub_coordinator": 204, "system_admin": 204, "provider_manager": 204},
            otherwise=404,
            anonymous=401,
        ),
        kwargs=new_invitation_uuid,
        method="delete",
        api=True,
    ),
]
