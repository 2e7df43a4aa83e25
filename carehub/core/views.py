"""The home page, reference data, policy values, public information pages and errors."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from carehub.accounts import permissions
from carehub.accounts.models import Organisation
from carehub.core import policy
from carehub.core.models import LocalAuthority, PolicyValue, Region


@login_required
def home(request: HttpRequest) -> HttpResponse:
    # Counts are aggregates, so every role (evaluators included) may see them.
    partnership_ids = {m.organisation.partnership_id for m in permissions.memberships(request.user)}
    counts = (
        Organisation.objects.filter(partnership_id__in=partnership_ids, is_active=True)
        .values("kind")
        .annotate(total=Count("id"))
        .order_by("kind")
    )
    labels = dict(Organisation.Kind.choices)
    return render(
        request,
        "core/home.html",
        {
            "memberships": permissions.memberships(request.user),
            "organisation_counts": [(labels[row["kind"]], row["total"]) for row in counts],
        },
    )


@login_required
def local_authorities(request: HttpRequest) -> HttpResponse:
    regions = Region.objects.visible_to(request.user).order_by("name")
    selected = request.GET.get("region", "")
    authorities = LocalAuthority.objects.visible_to(request.user).select_related("region")
    if selected:
        authorities = authorities.filter(region__gss_code=selected)
    return render(
        request,
        "core/local_authority_list.html",
        {"regions": regions, "selected_region": selected, "authorities": authorities},
    )


@login_required
def policy_values(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows: dict[str, list[PolicyValue]] = defaultdict(list)
    for row in PolicyValue.objects.visible_to(request.user).order_by("key", "-effective_from"):
        rows[row.key].append(row)
    keys: list[dict[str, Any]] = []
    for name, key in policy.KEYS.items():
        history = rows.get(name, [])
        current = policy.select([(r.effective_from, r.value) for r in history], today)
        keys.append({"key": key, "current": current, "history": history})
    return render(request, "core/policy_value_list.html", {"keys": keys, "today": today})


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "core/cookies.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def data_sources(request: HttpRequest) -> HttpResponse:
    return render(request, "core/data_sources.html")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and uptime checks: is the database answering?"""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=403)
