"""The partnership's audit log, for hub coordinators and system administrators."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from carehub.accounts import permissions
from carehub.accounts.http import AuthenticatedHttpRequest
from carehub.accounts.roles import Capability
from carehub.audit import services as audit
from carehub.audit.models import AccessEvent, AuditEvent

PAGE_SIZE = 50


def _events_for(request: AuthenticatedHttpRequest) -> tuple[QuerySet[AuditEvent], str]:
    if not permissions.has_capability(request.user, Capability.VIEW_AUDIT):
        raise Http404
    events = AuditEvent.objects.visible_to(request.user).select_related("actor", "organisation")
    verb = request.GET.get("verb", "").strip()
    if verb:
        events = events.filter(verb=verb)
    return events, verb


@login_required
def event_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    events, verb = _events_for(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    verbs = (
        AuditEvent.objects.visible_to(request.user)
        .order_by("verb")
        .values_list("verb", flat=True)
        .distinct()
    )
    return render(
        request, "audit/event_list.html", {"page": page, "verbs": verbs, "selected_verb": verb}
    )


@login_required
def event_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    events, _verb = _events_for(request)
    membership = permissions.primary_membership(request.user)
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(["seq", "occurred_at", "actor", "verb", "organisation", "subject", "data"])
    for event in events.iterator(chunk_size=500):
        writer.writerow(
            [
                event.seq,
                event.occurred_at.isoformat(),
                event.actor.email if event.actor else "system",
                event.verb,
                event.organisation.name if event.organisation else "",
                f"{event.subject_type}:{event.subject_id}",
                event.data,
            ]
        )
    partnership = membership.organisation.partnership if membership else None
    audit.record_access(
        user=request.user,
        subject=partnership or request.user,
        action=AccessEvent.Action.EXPORT,
        partnership=partnership,
        detail="Audit log exported as CSV",
    )
    return response
