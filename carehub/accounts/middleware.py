"""Two-factor authentication is required for every staff role."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from carehub.accounts.permissions import roles
from carehub.accounts.roles import STAFF_ROLES

# Pages a signed-in person can use before finishing two-factor authentication.
EXEMPT_URL_NAMES = frozenset(
    {
        "accounts:sign-out",
        "accounts:two-factor-setup",
        "accounts:two-factor-verify",
        "core:privacy",
        "core:cookies",
        "core:accessibility",
        "core:data-sources",
        "core:healthz",
    }
)


def two_factor_required(request: HttpRequest) -> bool:
    """Everyone with a staff role, and anyone who may open the admin site."""
    user = request.user
    if not user.is_authenticated or settings.DEMO_MODE:
        return False
    return bool(roles(user) & STAFF_ROLES) or user.is_staff


def two_factor_satisfied(request: HttpRequest) -> bool:
    return not two_factor_required(request) or request.user.is_verified()  # type: ignore[union-attr]


class RequireTwoFactorMiddleware:
    """Send a signed-in member who has not passed two-factor authentication to set it up
    (first time) or to enter a code. The API answers 401 instead (see api_auth)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if two_factor_satisfied(request) or self._exempt(request):
            return self.get_response(request)
        from django_otp import devices_for_user

        has_device = any(devices_for_user(request.user, confirmed=True))
        target = "accounts:two-factor-verify" if has_device else "accounts:two-factor-setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")

    @staticmethod
    def _exempt(request: HttpRequest) -> bool:
        path = request.path_info
        if path.startswith((settings.STATIC_URL, "/api/")):
            return True
        match = request.resolver_match
        if match is None:
            from django.urls import Resolver404, resolve

            try:
                match = resolve(path)
            except Resolver404:
                return True
        return match.view_name in EXEMPT_URL_NAMES
