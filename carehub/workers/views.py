"""Caseload, case pages and staff intake."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from carehub.accounts import permissions
from carehub.accounts.http import AuthenticatedHttpRequest
from carehub.accounts.roles import Capability
from carehub.audit.models import AccessEvent, AuditEvent
from carehub.core.forms import apply_validation_error
from carehub.core.models import LocalAuthority
from carehub.core.permissions import get_visible_or_404
from carehub.workers import access, deadlines, eligibility, forms, services
from carehub.workers.forms import IntakeForm
from carehub.workers.models import ELIGIBILITY_CHOICES, SHAREABLE, Case, Referral, Worker

OPEN = [s for s in Case.Status.values if s != Case.Status.CLOSED]


def _can_see_cases(user: Any) -> bool:
    return any(
        permissions.has_capability(user, capability)
        for capability in (
            Capability.VIEW_ALL_CASES,
            Capability.VIEW_AREA_CASES,
            Capability.RECEIVE_REFERRALS,
        )
    )


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
    # COUNT(*) lets PostgreSQL answer from the caseload index; the paginator reuses the sum.
    counts = dict(
        cases.values_list("status").annotate(total=Count("*")).values_list("status", "total")
    )
    cases = cases.order_by(F("worker__deadline").asc(nulls_last=True), "first_contact_at")
    paginator = Paginator(cases, 50)
    paginator.count = sum(counts.values())
    page = paginator.get_page(request.GET.get("page"))
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


# Rows shown per section of the case page (the newest first).
SECTION_ROWS = 20

# Plain words for the timeline (audit verbs are for machines).
TIMELINE_LABELS = {
    "workers.contact_recorded": "Contact recorded",
    "workers.self_referral_received": "Self-referral received",
    "workers.outreach_case_opened": "Outreach case opened after a licence change",
    "workers.case_assigned": "Case assigned",
    "workers.case_status_changed": "Status changed",
    "workers.task_added": "Task added",
    "workers.task_done": "Task done",
    "workers.note_added": "Note added",
    "workers.document_added": "Document added",
    "workers.case_referred": "Referred to another organisation",
    "workers.referral_accepted": "Referral accepted",
    "workers.referral_rejected": "Referral rejected",
    "workers.referral_completed": "Referral completed",
    "workers.referral_withdrawn": "Referral withdrawn",
    "workers.follow_up_recorded": "Follow-up recorded",
    "workers.consent_given": "Consent given",
    "workers.consent_withdrawn": "Consent withdrawn",
    "workers.workers_merged": "Duplicate record merged",
}


def _visible_case(request: AuthenticatedHttpRequest, uuid: Any) -> Case:
    return get_visible_or_404(
        Case.objects.visible_to(request.user).select_related(
            "worker__local_authority",
            "worker__last_sponsor__organisation",
            "assigned_to",
            "partnership",
        ),
        uuid=uuid,
    )


def _managed_case(request: AuthenticatedHttpRequest, uuid: Any) -> Case:
    """A case the person may work on; anyone else gets the same 404 as a missing case."""
    case = _visible_case(request, uuid)
    if not access.can_manage(request.user, case):
        raise Http404
    return case


@login_required
def case_detail(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    case = _visible_case(request, uuid)
    worker = case.worker
    referrals = list(
        case.referrals.select_related("to_organisation", "from_organisation", "created_by")
    )
    full = access.has_full_view(request.user, case)
    shared = access.shared_groups(request.user, case, referrals)
    left = worker_deadline = None
    if "immigration" in shared and worker.deadline:
        worker_deadline = worker.deadline
        left = deadlines.remaining(worker.deadline, timezone.localdate())
    context: dict[str, Any] = {
        "case": case,
        "worker": worker,
        "full": full,
        "shared": shared,
        "can_manage": access.can_manage(request.user, case),
        "deadline": worker_deadline,
        "left": left,
        "band": deadlines.band(left.calendar_days if left else None, settings.DEADLINE_ALERT_DAYS),
        "referrals": [
            (r, access.referral_actions(request.user, r))
            for r in referrals
            if full or r.to_organisation_id in _receiving(request)
        ],
    }
    if full:
        context.update(
            {
                "timeline": [
                    (event, TIMELINE_LABELS.get(event.verb, event.verb))
                    for event in AuditEvent.objects.filter(
                        Q(subject_type="workers.case", subject_id=str(case.pk))
                        | Q(subject_type="workers.worker", subject_id=str(worker.pk))
                    )
                    .select_related("actor")
                    .order_by("-occurred_at")[:SECTION_ROWS]
                ],
                "cos_missing": eligibility.missing_for_transitional_cos(
                    {
                        "full_name": worker.full_name,
                        "nationality": worker.nationality,
                        "date_of_birth": worker.date_of_birth,
                        "home_office_reference": worker.home_office_reference,
                    }
                ),
                "duplicates": services.duplicate_candidates(worker),
                "tasks": list(case.tasks.select_related("assigned_to")),
                # The latest of each: a long case stays quick to read and to render.
                "notes": list(case.notes.select_related("author")[:SECTION_ROWS]),
                "documents": list(case.documents.all()[:SECTION_ROWS]),
                "follow_ups": list(case.follow_ups.all()),
                "consents": list(worker.consents.select_related("recipient")[:SECTION_ROWS]),
                "other_cases": list(worker.cases.exclude(pk=case.pk)),
                "introductions": list(
                    case.introductions.select_related("vacancy__provider__organisation")
                ),
                "matches": _matches(request, case),
                "today": timezone.localdate(),
            }
        )
    return render(request, "workers/case_detail.html", context)


def _matches(request: AuthenticatedHttpRequest, case: Case) -> list[Any]:
    """The best-matched open vacancies, for caseworkers of a worker still looking."""
    from carehub.vacancies import matches

    if not access.can_manage(request.user, case) or case.status not in matches.LOOKING:
        return []
    return matches.vacancies_for_case(case, k=5)


def _receiving(request: AuthenticatedHttpRequest) -> set[int]:
    return permissions.organisation_ids_with(request.user, Capability.RECEIVE_REFERRALS)


def _case_form(
    request: AuthenticatedHttpRequest,
    case: Case,
    form: django_forms.Form,
    perform: Callable[[dict[str, Any]], Any],
    *,
    title: str,
    done: str,
    intro: str = "",
) -> HttpResponse:
    """The shared shape of a form that changes a case: validate, call the service, show
    its refusal on the form, or go back to the case with a message."""
    if request.method == "POST" and form.is_valid():
        try:
            perform(form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, done)
            return redirect("workers:case-detail", case.uuid)
    return render(
        request,
        "workers/case_form.html",
        {"case": case, "form": form, "title": title, "intro": intro},
    )


@login_required
def case_status(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    case = _managed_case(request, uuid)
    return _case_form(
        request,
        case,
        forms.StatusForm(request.POST or None, case=case),
        lambda data: services.change_status(
            case=case,
            to=data["status"],
            outcome=data["outcome"],
            placed_on=data["placed_on"],
            actor=request.user,
        ),
        title="Change the case status",
        done="Status changed",
        intro=f"The case is {case.get_status_display().lower()}. A placement needs the date "
        "the job started and schedules the follow-up checks; closing needs an outcome.",
    )


@login_required
def case_assign(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    case = _managed_case(request, uuid)
    return _case_form(
        request,
        case,
        forms.AssignForm(
            request.POST or None, case=case, initial={"assigned_to": case.assigned_to}
        ),
        lambda data: services.assign_case(case=case, to=data["assigned_to"], actor=request.user),
        title="Assign the case",
        done="Case assigned",
    )


@login_required
def task_create(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    case = _managed_case(request, uuid)
    return _case_form(
        request,
        case,
        forms.TaskForm(request.POST or None, case=case),
        lambda data: services.add_task(case=case, actor=request.user, **data),
        title="Add a task",
        done="Task added",
    )


@login_required
@require_POST
def task_done(request: AuthenticatedHttpRequest, uuid: Any, task: Any) -> HttpResponse:
    case = _managed_case(request, uuid)
    found = get_visible_or_404(case.tasks.all(), uuid=task)
    try:
        services.complete_task(task=found, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Task done: {found.title}")
    return redirect("workers:case-detail", case.uuid)


@login_required
def note_create(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    case = _managed_case(request, uuid)
    return _case_form(
        request,
        case,
        forms.NoteForm(request.POST or None),
        lambda data: services.add_note(case=case, text=data["text"], actor=request.user),
        title="Add a note",
        done="Note added",
    )


@login_required
def document_upload(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    case = _managed_case(request, uuid)
    return _case_form(
        request,
        case,
        forms.DocumentForm(request.POST or None, request.FILES or None),
        lambda data: services.add_document(
            case=case, kind=data["kind"], upload=data["file"], actor=request.user
        ),
        title="Upload a document",
        done="Document uploaded",
        intro=f"Files are kept privately and shown only to people who can see the whole case. "
        f"The largest file accepted is {settings.DOCUMENT_MAX_MB} MB.",
    )


@login_required
def document_download(request: AuthenticatedHttpRequest, uuid: Any, document: Any) -> FileResponse:
    """Serve a case document to someone who can see the whole case; never cached, always
    downloaded (not rendered inline), and the access is recorded."""
    from carehub.audit.services import record_access

    case = _visible_case(request, uuid)
    if not access.has_full_view(request.user, case):
        raise Http404
    found = get_visible_or_404(case.documents.all(), uuid=document)
    record_access(
        user=request.user,
        subject=found,
        action=AccessEvent.Action.VIEW,
        partnership=case.partnership,
        detail=found.get_kind_display(),
    )
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.original_name,
        content_type=found.content_type,
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def case_refer(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    case = _managed_case(request, uuid)
    consent = (
        "They have agreed to their details being shared with councils and partners."
        if case.worker.consent_to_share
        else "They have NOT agreed to their details being shared: you need another lawful "
        "basis and a reason, which are recorded."
    )
    return _case_form(
        request,
        case,
        forms.ReferralForm(request.POST or None, case=case),
        lambda data: services.refer_case(
            case=case,
            to_organisation=data["to_organisation"],
            purpose=data["purpose"],
            groups=data["groups"],
            lawful_basis=data["lawful_basis"],
            override_reason=data["override_reason"],
            actor=request.user,
        ),
        title="Refer the case",
        done="Case referred: the organisation has been told",
        intro=f"{consent} What you share is written to the consent ledger.",
    )


@login_required
def case_merge(request: AuthenticatedHttpRequest, uuid: Any, worker: Any) -> HttpResponse:
    case = _managed_case(request, uuid)
    duplicate = get_visible_or_404(
        Worker.objects.filter(partnership_id=case.partnership_id, merged_into__isnull=True).exclude(
            pk=case.worker_id
        ),
        uuid=worker,
    )
    form = forms.MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.merge_workers(
                keep=case.worker,
                duplicate=duplicate,
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{duplicate.reference} merged into {case.worker.reference}")
            return redirect("workers:case-detail", case.uuid)
    return render(
        request,
        "workers/merge.html",
        {"case": case, "keep": case.worker, "duplicate": duplicate, "form": form},
    )


@login_required
def follow_up(request: AuthenticatedHttpRequest, uuid: Any, follow_up: Any) -> HttpResponse:
    case = _managed_case(request, uuid)
    found = get_visible_or_404(case.follow_ups.all(), uuid=follow_up)
    yes_no = {"yes": True, "no": False}
    return _case_form(
        request,
        case,
        forms.FollowUpForm(request.POST or None),
        lambda data: services.record_follow_up(
            follow_up=found,
            still_employed=yes_no[data["still_employed"]],
            visa_granted=yes_no.get(data["visa_granted"]),
            notes=data["notes"],
            actor=request.user,
        ),
        title=f"{found.days_after}-day follow-up (due {found.due_on:%d %B %Y})",
        done="Follow-up recorded",
    )


@login_required
def referral_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Referrals sent to the person's organisation, and (for hub staff) those sent out."""
    receiving = _receiving(request)
    if not receiving and not permissions.has_capability(request.user, Capability.VIEW_ALL_CASES):
        raise Http404
    referrals = Referral.objects.visible_to(request.user).select_related(
        "case__worker", "to_organisation", "from_organisation"
    )
    status = request.GET.get("status", "")
    if status in Referral.Status.values:
        referrals = referrals.filter(status=status)
    page = Paginator(referrals, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "workers/referral_list.html",
        {
            "page": page,
            "receiving": receiving,
            "statuses": Referral.Status.choices,
            "status": status,
        },
    )


@login_required
def referral_detail(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    referral = get_visible_or_404(
        Referral.objects.visible_to(request.user).select_related(
            "case__worker", "case__partnership", "to_organisation", "from_organisation"
        ),
        uuid=uuid,
    )
    actions = access.referral_actions(request.user, referral)
    form = forms.ReferralResponseForm(request.POST or None, actions=actions)
    if request.method == "POST":
        if not actions:
            raise Http404
        if form.is_valid():
            try:
                services.respond_to_referral(
                    referral=referral,
                    action=form.cleaned_data["action"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, f"Referral {referral.get_status_display().lower()}")
                return redirect("workers:referral-detail", referral.uuid)
    return render(
        request,
        "workers/referral_detail.html",
        {
            "referral": referral,
            "form": form,
            "actions": actions,
            "shared": [SHAREABLE[g][0] for g in referral.shared if g in SHAREABLE],
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
                first_contact_at=form.first_contact_at(),
                details=form.worker_details(),
                actor=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Contact recorded: reference {case.worker.reference}")
            return redirect("workers:case-detail", case.uuid)
    return render(request, "workers/intake.html", {"form": form})
