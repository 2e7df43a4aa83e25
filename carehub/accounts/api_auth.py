"""API authentication: organisation service-account tokens, and signed-in browser sessions
that have passed two-factor authentication."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from carehub.accounts.models import ApiToken, hash_secret


class ApiTokenAuthentication(authentication.TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key: str) -> tuple[Any, ApiToken]:
        token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_secret(key), revoked_at=None)
            .first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid or revoked token")
        # Record use at most once a minute, not on every call.
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """Session sign-in counts for the API only once two-factor authentication is done."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        from carehub.accounts.middleware import two_factor_satisfied

        result = super().authenticate(request)
        if result is None:
            return None
        if not two_factor_satisfied(request._request):
            raise exceptions.NotAuthenticated("Two-factor authentication is required")
        return result
