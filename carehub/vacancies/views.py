"""Vacancies, introductions and regional matching pages (thin: services decide)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from carehub.accounts import permissions
from carehub.accounts.http import AuthenticatedHttpRequest
from carehub.accounts.roles import Capability
from carehub.core.forms import apply_validation_error
from carehub.core.permissions import get_visible_or_404
from carehub.providers.models import Provider
from carehub.vacancies import services
from carehub.vacancies.forms import IntroductionStageForm, VacancyForm, VacancyStatusForm
from carehub.vacancies.models import Introduction, Vacancy


def _providers_for(request: AuthenticatedHttpRequest) -> Any:
    """The providers this person may post vacancies for."""
    return Provider.objects.filter(
        organisation__partnership_id__in=permissions.partnership_ids_with(
            request.user, Capability.MANAGE_ALL_VACANCIES
        )
    ) | Provider.objects.filter(
        organisation_id__in=permissions.organisation_ids_with(
            request.user, Capability.MANAGE_OWN_VACANCIES
        )
    )


def _can_see_vacancies(request: AuthenticatedHttpRequest) -> bool:
    return permissions.has_capability(
        request.user, Capability.MANAGE_ALL_VACANCIES
    ) or permissions.has_capability(request.user, Capability.MANAGE_OWN_VACANCIES)


@login_required
def vacancy_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not _can_see_vacancies(request):
        raise Http404
    vacancies = Vacancy.objects.visible_to(request.user).select_related(
        "provider__organisation", "local_authority"
    )
    status = request.GET.get("status", Vacancy.Status.OPEN)
    if status in Vacancy.Status.values:
        vacancies = vacancies.filter(status=status)
    page = Paginator(vacancies, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "vacancies/vacancy_list.html",
        {"page": page, "status": status, "statuses": Vacancy.Status.choices},
    )


def _vacancy_form(request: AuthenticatedHttpRequest, vacancy: Vacancy | None) -> HttpResponse:
    providers = _providers_for(request).select_related("organisation").distinct()
    if vacancy is not None:
        providers = providers.filter(pk=vacancy.provider_id)
    initial: dict[str, Any] = {"positions": 1, "setting": "residential"}
    if vacancy is not None:
        initial = {f: getattr(vacancy, f) for f in services.VACANCY_FIELDS}
        initial["provider"] = vacancy.provider
    form = VacancyForm(request.POST or None, providers=providers, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if vacancy is None:
                saved = services.post_vacancy(
                    provider=form.cleaned_data["provider"],
                    details=form.details(),
                    actor=request.user,
                )
            else:
                saved = services.update_vacancy(
                    vacancy=vacancy, details=form.details(), actor=request.user
                )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Vacancy saved: {saved.title}")
            return redirect("vacancies:vacancy-detail", saved.uuid)
    return render(request, "vacancies/vacancy_form.html", {"form": form, "vacancy": vacancy})


@login_required
def vacancy_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not _providers_for(request).exists():
        raise Http404
    return _vacancy_form(request, None)


@login_required
def vacancy_edit(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    vacancy = get_visible_or_404(
        Vacancy.objects.visible_to(request.user).select_related("provider__organisation"),
        uuid=uuid,
    )
    return _vacancy_form(request, vacancy)


@login_required
def vacancy_detail(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    from carehub.vacancies import matches

    vacancy = get_visible_or_404(
        Vacancy.objects.visible_to(request.user).select_related(
            "provider__organisation", "local_authority", "posted_by"
        ),
        uuid=uuid,
    )
    hub = vacancy.partnership_id in permissions.partnership_ids_with(
        request.user, Capability.MANAGE_CASES
    )
    introductions = list(vacancy.introductions.select_related("worker__local_authority", "case"))
    return render(
        request,
        "vacancies/vacancy_detail.html",
        {
            "vacancy": vacancy,
            "hub": hub,
            "candidates": matches.candidates_for_vacancy(vacancy, k=10),
            "introductions": introductions,
            "statuses": Vacancy.Status.choices,
        },
    )


@login_required
@require_POST
def vacancy_status(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    vacancy = get_visible_or_404(Vacancy.objects.visible_to(request.user), uuid=uuid)
    form = VacancyStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose open, filled or withdrawn")
    else:
        services.close_vacancy(
            vacancy=vacancy, status=form.cleaned_data["status"], actor=request.user
        )
        messages.success(request, f"Vacancy {vacancy.get_status_display().lower()}")
    return redirect("vacancies:vacancy-detail", vacancy.uuid)


@login_required
def introduction_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not _can_see_vacancies(request):
        raise Http404
    introductions = Introduction.objects.visible_to(request.user).select_related(
        "vacancy__provider__organisation", "worker"
    )
    stage = request.GET.get("stage", "")
    if stage in Introduction.Stage.values:
        introductions = introductions.filter(stage=stage)
    page = Paginator(introductions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "vacancies/introduction_list.html",
        {
            "page": page,
            "stage": stage,
            "stages": Introduction.Stage.choices,
            "hub": permissions.has_capability(request.user, Capability.MANAGE_ALL_VACANCIES),
        },
    )


@login_required
def introduction_detail(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    introduction = get_visible_or_404(
        Introduction.objects.visible_to(request.user).select_related(
            "vacancy__provider__organisation", "worker__local_authority", "case"
        ),
        uuid=uuid,
    )
    stages = services.stages_for(request.user, introduction)
    form = IntroductionStageForm(request.POST or None, stages=stages)
    if request.method == "POST":
        if not stages:
            raise Http404
        if form.is_valid():
            try:
                services.move_introduction(
                    introduction=introduction, actor=request.user, **form.cleaned_data
                )
            except (ValidationError, PermissionDenied) as error:
                if isinstance(error, PermissionDenied):
                    error = ValidationError(str(error))
                apply_validation_error(form, error)
            else:
                messages.success(request, f"Moved to: {introduction.get_stage_display()}")
                return redirect("vacancies:introduction-detail", introduction.uuid)
    hub = services.is_hub_for(request.user, introduction)
    return render(
        request,
        "vacancies/introduction_detail.html",
        {
            "introduction": introduction,
            "worker": introduction.worker,
            "hub": hub,
            # Providers see who the worker is only once the worker agreed and it was shared.
            "identified": hub or introduction.shared_at is not None,
            "form": form,
            "stages": stages,
        },
    )


@login_required
@require_POST
def propose(request: AuthenticatedHttpRequest, case: Any, vacancy: Any) -> HttpResponse:
    """Propose one worker for one vacancy (from the case page or the vacancy page)."""
    from carehub.vacancies import matches
    from carehub.workers.models import Case

    found_case = get_visible_or_404(
        Case.objects.visible_to(request.user).select_related("worker"), uuid=case
    )
    found_vacancy = get_visible_or_404(Vacancy.objects.visible_to(request.user), uuid=vacancy)
    try:
        introduction = matches.propose(case=found_case, vacancy=found_vacancy, actor=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("vacancies:vacancy-detail", found_vacancy.uuid)
    messages.success(request, "Introduction proposed: the worker has been asked to agree")
    return redirect("vacancies:introduction-detail", introduction.uuid)


@login_required
def regional_matching(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The coordinator runs the regional assignment on demand, sees how many workers it
    places before their deadline, and turns the chosen proposals into introductions."""
    from carehub.vacancies import matches

    partnership_ids = permissions.partnership_ids_with(request.user, Capability.RUN_MATCHING)
    if not partnership_ids:
        raise Http404
    partnership = next(
        m.organisation.partnership
        for m in permissions.memberships(request.user)
        if m.organisation.partnership_id in partnership_ids
    )
    result = matches.regional_assignment(partnership)
    if request.method == "POST":
        chosen = set(request.POST.getlist("proposal"))
        if not chosen:
            messages.error(request, "Select at least one proposal")
        else:
            made = matches.propose_many(
                [m for m in result.matches if m.key in chosen], actor=request.user
            )
            messages.success(request, f"{made} introduction{'s' if made != 1 else ''} proposed")
            return redirect("vacancies:introduction-list")
    return render(request, "vacancies/matching.html", {"result": result})
