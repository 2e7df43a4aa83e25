"""Request types for views that only run for a signed-in person."""

from __future__ import annotations

from django.http import HttpRequest

from carehub.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """What `login_required` views receive: `request.user` is a real User."""

    user: User
