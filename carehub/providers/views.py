"""Provider directory and provider pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from carehub.accounts import permissions as accounts_permissions
from carehub.accounts.http import AuthenticatedHttpRequest
from carehub.accounts.roles import Capability
from carehub.core.models import LocalAuthority
from carehub.providers import queries, services
from carehub.providers.models import LicenceChange, Provider, RegisterLink
from carehub.providers.permissions import can_manage_provider, get_provider_for_user
from carehub.registers.models import CqcLocation, RegisterChange, SponsorEntry

STATUSES = ["A", "B", "Removed", "Not linked"]


@login_required
def provider_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not accounts_permissions.has_capability(request.user, Capability.VIEW_ORGANISATIONS):
        raise Http404
    providers = Provider.objects.visible_to(request.user).select_related(
        "organisation__local_authority"
    )
    name = request.GET.get("q", "").strip()
    if name:
        providers = providers.filter(organisation__name__icontains=name)
    area = request.GET.get("local_authority", "")
    if area:
        providers = providers.filter(organisation__local_authority__gss_code=area)
    found = list(providers)
    summaries = queries.licence_summaries(found)
    status = request.GET.get("licence", "")
    if status in STATUSES:
        found = [p for p in found if summaries[p.pk].status == status]
    services_of = queries.service_types(found)
    service = request.GET.get("service", "")
    if service:
        found = [p for p in found if service in services_of[p.pk]]
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    councils = (
        LocalAuthority.objects.visible_to(request.user)
        .filter(organisations__provider__in=Provider.objects.visible_to(request.user))
        .distinct()
    )
    return render(
        request,
        "providers/provider_list.html",
        {
            "page": page,
            "rows": [(p, summaries[p.pk]) for p in page],
            "councils": councils,
            "statuses": STATUSES,
            "services": sorted(set().union(*services_of.values())),
            "filters": {"q": name, "local_authority": area, "licence": status, "service": service},
        },
    )


@login_required
def provider_detail(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    provider = get_provider_for_user(request.user, uuid)
    links = list(provider.links.select_related("cqc_provider", "decided_by"))
    confirmed = [link for link in links if link.decision == RegisterLink.Decision.CONFIRMED]
    sponsor_keys = [
        (link.sponsor_name_key, link.sponsor_town_key)
        for link in confirmed
        if link.kind == RegisterLink.Kind.SPONSOR
    ]
    entries = [
        entry
        for entry in SponsorEntry.objects.filter(
            name_key__in={k[0] for k in sponsor_keys}
        ).select_related("first_seen")
        if (entry.name_key, entry.town_key) in sponsor_keys
    ]
    history = RegisterChange.objects.filter(entry__in=entries).select_related("snapshot", "entry")
    locations = CqcLocation.objects.filter(
        provider__in=[link.cqc_provider for link in confirmed if link.cqc_provider]
    ).select_related("local_authority")
    manage = can_manage_provider(request.user, provider)
    return render(
        request,
        "providers/provider_detail.html",
        {
            "provider": provider,
            "decision": services.sponsorship_decision(provider),
            "entries": entries,
            "history": history,
            "locations": locations,
            "licence_changes": LicenceChange.objects.filter(provider=provider).select_related(
                "register_change__entry", "register_change__snapshot"
            ),
            "links": links,
            "can_manage": manage,
            "sponsor_candidates": services.sponsor_candidates(provider) if manage else [],
            "cqc_candidates": services.cqc_candidates(provider) if manage else [],
        },
    )


@login_required
@require_POST
def decide_link(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    provider = get_provider_for_user(request.user, uuid)
    kind = request.POST.get("kind", "")
    decision = request.POST.get("decision", "")
    key = tuple(part for part in request.POST.get("key", "").split("|") if part)
    if (
        kind not in RegisterLink.Kind.values
        or decision not in RegisterLink.Decision.values
        or not key
    ):
        messages.error(request, "Choose whether this record is the provider")
        return redirect("providers:provider-detail", provider.uuid)
    try:
        score = float(request.POST.get("score", "") or "nan")
    except ValueError:
        score = float("nan")
    try:
        services.decide_link(
            provider=provider,
            kind=kind,
            key=key,
            decision=decision,
            note=request.POST.get("note", ""),
            score=None if score != score else score,
            reasons=request.POST.getlist("reason"),
            actor=request.user,
        )
    except PermissionDenied:
        raise
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Your decision about {provider} has been recorded")
    return redirect("providers:provider-detail", provider.uuid)
