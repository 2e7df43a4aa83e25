"""Caseload, case pages and staff intake."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from carehub.accounts import permissions
from carehub.accounts.http import AuthenticatedHttpRequest
from carehub.accounts.roles import Capability
from carehub.audit.models import AuditEvent
from carehub.core.forms import apply_validation_error
from carehub.core.models import LocalAuthority
from carehub.core.permissions import get_visible_or_404
from carehub.workers import deadlines, eligibility, services
from carehub.workers.forms import IntakeForm
from carehub.workers.models import ELIGIBILITY_CHOICES, Case

OPEN = [s for s in Case.Status.values if s != Case.Status.CLOSED]


def _can_see_cases(user: Any) -> bool:
    return permissions.has_capability(
        user, Capability.VIEW_ALL_CASES
    ) or permissions.has_capability(user, Capability.VIEW_AREA_CASES)


@login_required
def caseload(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not _can_see_cases(request.user):
        raise Http404
    cases = Case.objects.visible_to(request.user).select_related(
        "worker__local_authority", "assigned_to"
    )
    status = request.GET.get("status", "")
    cases = (
        cases.filter(status=status)
        if status in Case.Status.values
        else cases.filter(status__in=OPEN)
    )
    if request.GET.get("mine") == "yes":
        cases = cases.filter(assigned_to=request.user)
    area = request.GET.get("local_authority", "")
    if area:
        cases = cases.filter(worker__local_authority__gss_code=area)
    pool = request.GET.get("eligibility", "")
    if pool in dict(ELIGIBILITY_CHOICES):
        cases = cases.filter(worker__eligibility=pool)
    nationality = request.GET.get("nationality", "").strip()
    if nationality:
        cases = cases.filter(worker__nationality__iexact=nationality)
    within = request.GET.get("within", "")
    if within.isdigit():
        cases = cases.filter(
            worker__deadline__lte=timezone.localdate() + dt.timedelta(days=int(within))
        )
    counts = dict(
        cases.values_list("status").annotate(total=Count("id")).values_list("status", "total")
    )
    cases = cases.order_by(F("worker__deadline").asc(nulls_last=True), "first_contact_at")
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = []
    for case in page:
        left = deadlines.remaining(case.worker.deadline, today) if case.worker.deadline else None
        band = deadlines.band(left.calendar_days if left else None, settings.DEADLINE_ALERT_DAYS)
        rows.append((case, left, band))
    return render(
        request,
        "workers/caseload.html",
        {
            "page": page,
            "rows": rows,
            "statuses": Case.Status.choices,
            "counts": [(label, counts.get(value, 0)) for value, label in Case.Status.choices],
            "filters": {
                "status": status,
                "mine": request.GET.get("mine") == "yes",
                "local_authority": area,
                "eligibility": pool,
                "nationality": nationality,
                "within": within,
            },
            "councils": LocalAuthority.objects.visible_to(request.user)
            .filter(
                region__partnerships__in=permissions.partnership_ids_with(
                    request.user, Capability.VIEW_ALL_CASES
                )
                | permissions.partnership_ids_with(request.user, Capability.VIEW_AREA_CASES)
            )
            .distinct(),
            "eligibilities": ELIGIBILITY_CHOICES,
            "bands": settings.DEADLINE_ALERT_DAYS,
            "can_record": permissions.has_capability(request.user, Capability.MANAGE_CASES),
        },
    )


@login_required
def case_detail(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    case = get_visible_or_404(
        Case.objects.visible_to(request.user).select_related(
            "worker__local_authority", "worker__last_sponsor__organisation", "assigned_to"
        ),
        uuid=uuid,
    )
    worker = case.worker
    left = deadlines.remaining(worker.deadline, timezone.localdate()) if worker.deadline else None
    timeline = AuditEvent.objects.filter(
        subject_type="workers.case", subject_id=str(case.pk)
    ).select_related("actor")
    cos_missing = eligibility.missing_for_transitional_cos(
        {
            "full_name": worker.full_name,
            "nationality": worker.nationality,
            "date_of_birth": worker.date_of_birth,
            "home_office_reference": worker.home_office_reference,
        }
    )
    return render(
        request,
        "workers/case_detail.html",
        {
            "case": case,
            "worker": worker,
            "left": left,
            "band": deadlines.band(
                left.calendar_days if left else None, settings.DEADLINE_ALERT_DAYS
            ),
            "timeline": timeline,
            "cos_missing": cos_missing,
            "duplicates": services.duplicate_candidates(worker),
        },
    )


@login_required
def intake(request: AuthenticatedHttpRequest) -> HttpResponse:
    partnership_ids = permissions.partnership_ids_with(request.user, Capability.MANAGE_CASES)
    if not partnership_ids:
        raise Http404
    partnership = next(
        m.organisation.partnership
        for m in permissions.memberships(request.user)
        if m.organisation.partnership_id in partnership_ids
    )
    form = IntakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.record_contact(
                partnership=partnership,
                source=form.cleaned_data["source"],
                first_contact_at=timezone.now(),
                details=form.worker_details(),
                actor=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Contact recorded: reference {case.worker.reference}")
            return redirect("workers:case-detail", case.uuid)
    return render(request, "workers/intake.html", {"form": form})
