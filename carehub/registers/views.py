"""Register pages: the feed of sponsor register changes and CQC location lookup. The data
is public; any member of the hub may read it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render

from carehub.accounts.http import AuthenticatedHttpRequest
from carehub.accounts.permissions import is_member
from carehub.core.models import LocalAuthority, Region
from carehub.providers.models import Provider, RegisterLink
from carehub.registers.models import CHANGE_LABELS, CqcLocation, RegisterChange, RegisterSnapshot

PAGE_SIZE = 50


def linked_entries_q(providers: QuerySet[Provider]) -> Q:
    """Register entries belonging to the given providers (by confirmed links)."""
    wanted = Q(pk__in=[])
    for name_key, town_key in RegisterLink.objects.filter(
        provider__in=providers,
        kind=RegisterLink.Kind.SPONSOR,
        decision=RegisterLink.Decision.CONFIRMED,
    ).values_list("sponsor_name_key", "sponsor_town_key"):
        wanted |= Q(entry__name_key=name_key, entry__town_key=town_key)
    return wanted


@login_required
def change_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not is_member(request.user):
        raise Http404
    changes = RegisterChange.objects.select_related("snapshot", "entry").order_by(
        "-snapshot__imported_at", "entry__name_key"
    )
    kind = request.GET.get("kind", "")
    if kind in CHANGE_LABELS:
        changes = changes.filter(kind=kind)
    region, area = request.GET.get("region", ""), request.GET.get("local_authority", "")
    providers_only = request.GET.get("providers") == "yes"
    if providers_only or region or area:
        # The register gives only a town; a change is placed by the provider it belongs to.
        providers = Provider.objects.visible_to(request.user)
        if area:
            providers = providers.filter(organisation__local_authority__gss_code=area)
        if region:
            providers = providers.filter(organisation__local_authority__region__gss_code=region)
        changes = changes.filter(linked_entries_q(providers))
    page = Paginator(changes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "registers/change_list.html",
        {
            "page": page,
            "kinds": CHANGE_LABELS.items(),
            "regions": Region.objects.visible_to(request.user),
            "councils": LocalAuthority.objects.visible_to(request.user).select_related("region"),
            "filters": {
                "kind": kind,
                "region": region,
                "local_authority": area,
                "providers": providers_only,
            },
            "current": RegisterSnapshot.objects.latest_accepted(),
        },
    )


@login_required
def cqc_location_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not is_member(request.user):
        raise Http404
    query = request.GET.get("q", "").strip()
    locations = CqcLocation.objects.none()
    if query:
        locations = (
            CqcLocation.objects.filter(
                Q(name__icontains=query)
                | Q(provider__name__icontains=query)
                | Q(postcode__istartswith=query)
                | Q(location_id=query)
            )
            .select_related("provider", "local_authority")
            .order_by("name")
        )
    page = Paginator(locations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "registers/cqc_location_list.html", {"page": page, "query": query})
