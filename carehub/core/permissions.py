"""Access helpers shared by every app."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.http import Http404

M = TypeVar("M", bound=models.Model)


def get_visible_or_404(queryset: models.QuerySet[M], **lookup: Any) -> M:
    """Fetch one object from an already-scoped queryset.

    "Not allowed to see it" and "does not exist" give the same 404, so a URL never reveals
    that a record exists in another organisation or partnership.
    """
    try:
        return queryset.get(**lookup)
    except (models.ObjectDoesNotExist, ValueError):
        raise Http404("No such record") from None
