"""The worker's own view, "My case": sign in with an emailed link, see where they stand,
update their details and consents, ask for erasure. Every page is marked no-store."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from carehub.core.forms import apply_validation_error
from carehub.workers import deadlines
from carehub.workers.models import Case, Worker
from carehub.workers.portal import forms, services, session
from carehub.workers.portal.session import worker_required


@dataclass(frozen=True)
class Stage:
    """A case status in the worker's words: where they stand, and what happens next."""

    now: Promise
    next: Promise


STAGES = {
    Case.Status.NEW: Stage(
        _("We have your details. Your case is waiting for a caseworker."),
        _(
            "A caseworker will contact you soon, in the way you asked us to. If your "
            "deadline is close, we will contact you first."
        ),
    ),
    Case.Status.TRIAGE: Stage(
        _("A caseworker is looking at your situation."),
        _(
            "Your caseworker will check your visa dates and what help you need, then "
            "contact you. Have your letters from UK Visas and Immigration ready."
        ),
    ),
    Case.Status.ACTIVE: Stage(
        _("We are helping you look for a new sponsor."),
        _(
            "We look for licensed care providers with jobs that fit the work you want. "
            "Keep your details below up to date so we find the right jobs."
        ),
    ),
    Case.Status.INTRODUCED: Stage(
        _("We have introduced you to a care provider with a job."),
        _(
            "The provider may contact you for an interview. Tell your caseworker how it "
            "goes. You must apply for your new visa before your deadline."
        ),
    ),
    Case.Status.PLACED: Stage(
        _("You have started a new job."),
        _(
            "We will check with you after 30, 60, 90 and 180 days that the job and your "
            "visa are going well. Tell us at once if anything goes wrong."
        ),
    ),
}
CLOSED = Stage(
    _("Your case is closed."),
    _("If you need help again, contact the hub and we will open your case again."),
)
NO_CASE = Stage(
    _("We have your details, but no case is open."),
    _("If you need help, contact the hub and we will open a case for you."),
)


def _current_case(worker: Worker) -> Case | None:
    """The newest open case, or else the newest case."""
    cases = worker.cases.select_related("assigned_to").order_by("-first_contact_at")
    return cases.filter(status__in=services.OPEN_STATUSES).first() or cases.first()


@worker_required
def home(request: HttpRequest, worker: Worker) -> HttpResponse:
    case = _current_case(worker)
    if case is None:
        stage = NO_CASE
    elif case.status == Case.Status.CLOSED:
        stage = CLOSED
    else:
        stage = STAGES[Case.Status(case.status)]
    caseworker = ""
    if case is not None and case.status != Case.Status.CLOSED and case.assigned_to:
        # First name only: enough to know who rings; the rest is staff business.
        caseworker = (case.assigned_to.full_name.split() or [""])[0]
    today = timezone.localdate()
    left = deadlines.remaining(worker.deadline, today) if worker.deadline else None
    return render(
        request,
        "workers/portal/home.html",
        {
            "worker": worker,
            "case": case,
            "stage": stage,
            "caseworker": caseworker,
            "left": left,
            "introductions": list(
                worker.introductions.select_related("vacancy__provider__organisation").order_by(
                    "-created_at"
                )
            ),
            "erasure_due": (
                services.erasure_due(timezone.localdate(worker.erasure_requested_at))
                if worker.erasure_requested_at
                else None
            ),
        },
    )


@never_cache
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.method == "GET" and session.get_worker_for_request(request) is not None:
        return redirect("portal:home")
    form = forms.SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_link(form.cleaned_data["email"], form.cleaned_data["reference"])
        # The same page whether or not the address is known: nobody can test addresses.
        return render(
            request,
            "workers/portal/check_email.html",
            {"email": form.cleaned_data["email"], "minutes": settings.WORKER_LINK_MINUTES},
        )
    return render(request, "workers/portal/sign_in.html", {"form": form})


def _link_expired(request: HttpRequest) -> HttpResponse:
    # 410 Gone: the link worked once and never will again (or never did).
    return render(request, "workers/portal/link_expired.html", status=410)


@never_cache
@require_http_methods(["GET", "POST"])
def use_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET only shows a button: email scanners that open links must not use them up."""
    if request.method == "POST":
        worker = services.use_link(token)
        if worker is None:
            return _link_expired(request)
        session.sign_in(request, worker)
        return redirect("portal:home")
    if services.find_link(token) is None:
        return _link_expired(request)
    return render(request, "workers/portal/continue.html")


@worker_required
def details(request: HttpRequest, worker: Worker) -> HttpResponse:
    form = forms.DetailsForm(request.POST or None, initial=forms.DetailsForm.initial_for(worker))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_own_details(worker, form.changes())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your details have been saved"))
            return redirect("portal:home")
    return render(request, "workers/portal/details.html", {"worker": worker, "form": form})


@worker_required
def consent(request: HttpRequest, worker: Worker) -> HttpResponse:
    form = forms.ConsentForm(request.POST or None, initial=forms.ConsentForm.initial_for(worker))
    if request.method == "POST" and form.is_valid():
        services.update_own_consents(worker, form.choices())
        messages.success(request, _("Your choices have been saved"))
        return redirect("portal:home")
    return render(request, "workers/portal/consent.html", {"worker": worker, "form": form})


@worker_required
def erase(request: HttpRequest, worker: Worker) -> HttpResponse:
    if request.method == "POST":
        services.request_erasure(worker)
        messages.success(request, _("We have your request to erase your data"))
        return redirect("portal:home")
    return render(
        request,
        "workers/portal/erase.html",
        {"worker": worker, "respond_by": services.erasure_due(timezone.localdate())},
    )


@never_cache
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    session.sign_out(request)
    messages.success(request, _("You have signed out"))
    return redirect("portal:sign-in")


@never_cache
@worker_required
@require_http_methods(["GET", "POST"])
def introduction(request: HttpRequest, worker: Worker, uuid: str) -> HttpResponse:
    """A job the hub proposes: the worker agrees (which shares their name and contact
    details with the employer) or declines, saying why."""
    from django.http import Http404

    from carehub.vacancies import services as vacancies
    from carehub.vacancies.models import Introduction

    found = (
        worker.introductions.select_related("vacancy__provider__organisation", "case")
        .filter(uuid=uuid)
        .first()
    )
    if found is None:
        raise Http404
    form = forms.IntroductionAnswerForm(request.POST if request.method == "POST" else None)
    answering = request.method == "POST" and found.stage == Introduction.Stage.PROPOSED
    if answering and form.is_valid():
        agreed = form.cleaned_data["answer"] == "agree"
        try:
            vacancies.move_introduction(
                introduction=found,
                to=Introduction.Stage.WORKER_AGREED if agreed else Introduction.Stage.DECLINED,
                actor=None,
                worker=worker,
                barrier=form.cleaned_data["barrier"] or Introduction.Barrier.OTHER,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Thank you. We have shared your details with the employer.")
                if agreed
                else _("Thank you. We will tell your caseworker."),
            )
            return redirect("portal:home")
    return render(
        request,
        "workers/portal/introduction.html",
        {"worker": worker, "introduction": found, "vacancy": found.vacancy, "form": form},
    )
