"""Posting vacancies and moving introductions along. Every write is audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from carehub.accounts import permissions
from carehub.accounts.models import User
from carehub.accounts.roles import Capability
from carehub.audit import services as audit
from carehub.core import policy
from carehub.lib.postcodes import normalise_postcode
from carehub.providers.models import Provider
from carehub.vacancies import rules
from carehub.vacancies.models import Introduction, Vacancy
from carehub.workers.models import Case

VACANCY_FIELDS = (
    "title",
    "role",
    "postcode",
    "hours_per_week",
    "hourly_rate",
    "annual_salary",
    "shift_pattern",
    "setting",
    "driving_licence_required",
    "car_required",
    "english_level_needed",
    "languages_wanted",
    "start_date",
    "positions",
    "cos_available",
    "no_fees_declared",
    "repayment_clause",
    "repayment_amount",
    "repayment_terms",
)
SOC_CODES: dict[str, str] = {
    Vacancy.Role.CARE_WORKER: "6135",
    Vacancy.Role.SENIOR_CARE_WORKER: "6136",
}


def can_manage_vacancies(user: Any, provider: Provider) -> bool:
    """Hub staff for any provider in their partnership; a provider's managers for their own."""
    organisation = provider.organisation
    return organisation.partnership_id in permissions.partnership_ids_with(
        user, Capability.MANAGE_ALL_VACANCIES
    ) or organisation.pk in permissions.organisation_ids_with(user, Capability.MANAGE_OWN_VACANCIES)


def pay_floor(on: dt.date) -> rules.PayFloor:
    return rules.PayFloor(
        hourly=Decimal(policy.value("care_worker_salary_floor_hourly", on=on)),
        annual=Decimal(policy.value("care_worker_salary_floor_annual", on=on)),
    )


def check_vacancy(vacancy: Vacancy, *, today: dt.date | None = None) -> None:
    """Refuse a vacancy the hub cannot put to workers, with every reason at once: a
    sponsored role needs a provider that can sponsor today and pay meeting the floor in
    force on the start date; every vacancy needs the no-fees declaration, and a repayment
    clause needs its amount and terms."""
    from carehub.providers.services import sponsorship_decision

    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if vacancy.start_date < today:
        errors.setdefault("start_date", []).append("The start date must be today or later")
    if vacancy.positions < 1:
        errors.setdefault("positions", []).append("There must be at least one position")
    if not Decimal(0) < vacancy.hours_per_week <= Decimal(60):
        errors.setdefault("hours_per_week", []).append("Enter hours between 1 and 60 a week")
    if not vacancy.no_fees_declared:
        errors.setdefault("no_fees_declared", []).append(
            "Confirm that no fees are charged to workers: the hub cannot work with providers "
            "that charge them"
        )
    if vacancy.repayment_clause and (not vacancy.repayment_amount or not vacancy.repayment_terms):
        errors.setdefault("repayment_terms", []).append(
            "Give the amount and terms of the repayment clause"
        )
    if vacancy.sponsored:
        decision = sponsorship_decision(vacancy.provider, on=today)
        if not decision.can_sponsor:
            errors.setdefault("cos_available", []).append(
                "This provider cannot sponsor a care worker today: " + "; ".join(decision.reasons)
            )
        if vacancy.start_date >= today:
            shortfalls = rules.pay_shortfalls(
                vacancy.hourly_rate, vacancy.annual_salary, pay_floor(vacancy.start_date)
            )
            if shortfalls:
                errors.setdefault("hourly_rate", []).extend(shortfalls)
    if errors:
        raise ValidationError(errors)


def _place(vacancy: Vacancy) -> None:
    from carehub.core.models import LocalAuthority
    from carehub.registers.geocoding import geocode

    normalised = normalise_postcode(vacancy.postcode)
    if normalised is None:
        raise ValidationError({"postcode": "Enter a real postcode, like B1 1AA"})
    vacancy.postcode = normalised
    location = geocode(normalised)
    vacancy.latitude, vacancy.longitude = location.latitude, location.longitude
    vacancy.local_authority = (
        LocalAuthority.objects.filter(gss_code=location.local_authority_code).first()
        if location.local_authority_code
        else vacancy.provider.organisation.local_authority
    )


@transaction.atomic
def post_vacancy(*, provider: Provider, details: dict[str, Any], actor: User) -> Vacancy:
    """Post a vacancy for a provider (its own managers, or hub staff on its behalf).
    Refused, with the reasons, when check_vacancy finds a problem. Audited."""
    if not can_manage_vacancies(actor, provider):
        raise PermissionDenied("You cannot post vacancies for this provider")
    vacancy = Vacancy(
        partnership_id=provider.organisation.partnership_id,
        provider=provider,
        posted_by=actor,
        **{field: details[field] for field in VACANCY_FIELDS if field in details},
    )
    vacancy.soc_code = SOC_CODES.get(vacancy.role, "")
    _place(vacancy)
    check_vacancy(vacancy)
    vacancy.save()
    audit.record(
        actor=actor,
        verb="vacancies.vacancy_posted",
        subject=vacancy,
        partnership=vacancy.partnership,
        organisation=provider.organisation,
        new={
            "title": vacancy.title,
            "role": vacancy.role,
            "hourly_rate": vacancy.hourly_rate,
            "annual_salary": vacancy.annual_salary,
            "positions": vacancy.positions,
            "start_date": vacancy.start_date,
        },
    )
    return vacancy


@transaction.atomic
def update_vacancy(*, vacancy: Vacancy, details: dict[str, Any], actor: User) -> Vacancy:
    """Change a vacancy; the same checks as posting. Audited with old and new values."""
    if not can_manage_vacancies(actor, vacancy.provider):
        raise PermissionDenied("You cannot change this vacancy")
    old = {field: getattr(vacancy, field) for field in VACANCY_FIELDS}
    for field in VACANCY_FIELDS:
        if field in details:
            setattr(vacancy, field, details[field])
    vacancy.soc_code = SOC_CODES.get(vacancy.role, "")
    _place(vacancy)
    check_vacancy(vacancy)
    vacancy.save()
    changed = {f: getattr(vacancy, f) for f in VACANCY_FIELDS if getattr(vacancy, f) != old[f]}
    audit.record(
        actor=actor,
        verb="vacancies.vacancy_changed",
        subject=vacancy,
        partnership=vacancy.partnership,
        organisation=vacancy.provider.organisation,
        old={f: old[f] for f in changed},
        new=changed,
    )
    return vacancy


@transaction.atomic
def close_vacancy(*, vacancy: Vacancy, status: str, actor: User) -> Vacancy:
    """Mark a vacancy filled or withdrawn (or reopen it). Audited."""
    if not can_manage_vacancies(actor, vacancy.provider):
        raise PermissionDenied("You cannot change this vacancy")
    if status not in Vacancy.Status.values:
        raise ValidationError({"status": "Choose open, filled or withdrawn"})
    old = vacancy.status
    vacancy.status = status
    vacancy.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        verb="vacancies.vacancy_status_changed",
        subject=vacancy,
        partnership=vacancy.partnership,
        organisation=vacancy.provider.organisation,
        old={"status": old},
        new={"status": status},
    )
    return vacancy


Stage = Introduction.Stage
# Where an introduction may go from each stage; declined and withdrawn end it.
NEXT_STAGES: dict[str, tuple[str, ...]] = {
    Stage.PROPOSED: (Stage.WORKER_AGREED,),
    Stage.WORKER_AGREED: (Stage.SHARED,),
    Stage.SHARED: (Stage.INTERVIEW, Stage.OFFER),
    Stage.INTERVIEW: (Stage.OFFER,),
    Stage.OFFER: (Stage.COS_ASSIGNED, Stage.STARTED),
    Stage.COS_ASSIGNED: (Stage.VISA_APPLIED,),
    # A worker who applied in time may start while the application is decided (their leave
    # continues under section 3C); the grant is then recorded at the follow-ups.
    Stage.VISA_APPLIED: (Stage.VISA_GRANTED, Stage.STARTED),
    Stage.VISA_GRANTED: (Stage.STARTED,),
    Stage.STARTED: (Stage.RETAINED_3M,),
    Stage.RETAINED_3M: (Stage.RETAINED_6M,),
    Stage.RETAINED_6M: (Stage.RETAINED_12M,),
    Stage.RETAINED_12M: (),
    Stage.DECLINED: (),
    Stage.WITHDRAWN: (),
}
ENDED = (Stage.DECLINED, Stage.WITHDRAWN)
# Stages a provider may record; earlier ones are the worker's and the hub's.
PROVIDER_STAGES = frozenset(
    {
        Stage.INTERVIEW,
        Stage.OFFER,
        Stage.COS_ASSIGNED,
        Stage.VISA_APPLIED,
        Stage.VISA_GRANTED,
        Stage.STARTED,
        Stage.RETAINED_3M,
        Stage.RETAINED_6M,
        Stage.RETAINED_12M,
        Stage.DECLINED,
        Stage.WITHDRAWN,
    }
)
# What a worker may do themselves: answer a proposal (agreeing shares their details).
WORKER_MOVES = {
    (Stage.PROPOSED, Stage.WORKER_AGREED),
    (Stage.PROPOSED, Stage.DECLINED),
    (Stage.WORKER_AGREED, Stage.SHARED),
}
POOL_STATEMENT = "Candidate has been recruited from the displaced worker pool"
# What the provider learns when the worker's identity is shared.
IDENTITY_FIELDS = ["full_name", "email", "phone", "preferred_language"]


def allowed_stages(introduction: Introduction) -> tuple[str, ...]:
    """The stages an introduction may move to next (ending it is always possible until
    the job starts; after a start, leaving is recorded as withdrawn)."""
    onward = NEXT_STAGES[introduction.stage]
    if introduction.stage in ENDED or introduction.stage == Stage.RETAINED_12M:
        return ()
    return (*onward, Stage.DECLINED, Stage.WITHDRAWN)


def is_hub_for(user: Any, introduction: Introduction) -> bool:
    return introduction.vacancy.partnership_id in permissions.partnership_ids_with(
        user, Capability.MANAGE_CASES
    )


def is_provider_for(user: Any, introduction: Introduction) -> bool:
    return introduction.vacancy.provider.organisation_id in permissions.organisation_ids_with(
        user, Capability.MANAGE_OWN_VACANCIES
    )


def stages_for(user: Any, introduction: Introduction) -> tuple[str, ...]:
    """The next stages this person may record."""
    stages = allowed_stages(introduction)
    if is_hub_for(user, introduction):
        return stages
    if is_provider_for(user, introduction) and introduction.shared_at is not None:
        return tuple(s for s in stages if s in PROVIDER_STAGES)
    return ()


@transaction.atomic
def propose_introduction(
    *,
    case: Case,
    vacancy: Vacancy,
    actor: User,
    score: float | None = None,
    explanation: dict[str, Any] | None = None,
) -> Introduction:
    """Propose a worker for a vacancy. The worker is told (they must agree before the
    provider learns who they are); the provider sees only an anonymised profile. Audited."""
    from carehub.workers.models import Case as WorkerCase

    if case.partnership_id not in permissions.partnership_ids_with(actor, Capability.MANAGE_CASES):
        raise PermissionDenied("You cannot propose introductions for this case")
    worker = case.worker
    if vacancy.partnership_id != case.partnership_id:
        raise ValidationError({"vacancy": "The vacancy is in another partnership"})
    if vacancy.status != Vacancy.Status.OPEN:
        raise ValidationError({"vacancy": "The vacancy is no longer open"})
    if case.status in (WorkerCase.Status.CLOSED, WorkerCase.Status.PLACED):
        raise ValidationError({"case": "The case is closed or the worker already placed"})
    if not worker.consent_to_profile:
        raise ValidationError(
            {"case": "The worker has not agreed to their profile being shown to providers"}
        )
    if Introduction.objects.filter(vacancy=vacancy, worker=worker).exists():
        raise ValidationError({"vacancy": "This worker has already been introduced to it"})
    introduction = Introduction.objects.create(
        vacancy=vacancy,
        worker=worker,
        case=case,
        score=score,
        explanation=explanation or {},
        proposed_by=actor,
    )
    audit.record(
        actor=actor,
        verb="vacancies.introduction_proposed",
        subject=case,
        partnership=case.partnership,
        organisation=vacancy.provider.organisation,
        new={"vacancy": str(vacancy), "score": score},
    )
    _tell_worker(introduction)
    return introduction


def _tell_worker(introduction: Introduction) -> None:
    from django.conf import settings
    from django.urls import reverse

    from carehub.core.notifications import send_email_on_commit

    worker = introduction.worker
    if worker.email:
        send_email_on_commit(
            to=worker.email,
            template="vacancies/email/introduction_proposed",
            context={
                "worker": worker,
                "vacancy": introduction.vacancy,
                "link": settings.SITE_ROOT + reverse("portal:sign-in"),
            },
        )


def _provider_people(introduction: Introduction) -> Any:
    from carehub.accounts.roles import Role

    return User.objects.filter(
        memberships__organisation=introduction.vacancy.provider.organisation,
        memberships__role=Role.PROVIDER_MANAGER,
    ).distinct()


def _hub_people(introduction: Introduction) -> list[User]:
    from carehub.accounts.services import hub_coordinators

    case = introduction.case
    if case.assigned_to is not None:
        return [case.assigned_to]
    return list(hub_coordinators(case.partnership_id))


@transaction.atomic
def move_introduction(
    *,
    introduction: Introduction,
    to: str,
    actor: User | None,
    worker: Any = None,
    barrier: str = "",
    note: str = "",
    cos_number: str = "",
    pool_statement: bool = False,
    started_on: dt.date | None = None,
) -> Introduction:
    """Move an introduction to its next stage. The worker answers a proposal themselves
    (actor None, worker given), and their agreement shares their identity with the provider
    at once (no one waits on the hub with a deadline running); sharing writes the consent
    ledger; a CoS needs its number and the displaced-worker-pool statement; a start needs
    its date and places the case. Ending needs a barrier code. The other side is told.
    Audited."""
    from django.urls import reverse

    from carehub.accounts import services as accounts
    from carehub.workers import services as casework
    from carehub.workers.models import ConsentEntry

    if to not in allowed_stages(introduction):
        raise ValidationError(
            {"to": f"An introduction at '{introduction.get_stage_display()}' cannot move there"}
        )
    by_worker = actor is None and worker is not None and worker.pk == introduction.worker_id
    if by_worker:
        if (introduction.stage, to) not in WORKER_MOVES:
            raise PermissionDenied("You can only agree to or decline a new introduction")
    elif actor is None or to not in stages_for(actor, introduction):
        raise PermissionDenied("You cannot move this introduction to that stage")
    if to in ENDED and barrier not in Introduction.Barrier.values:
        raise ValidationError({"barrier": "Select why it did not go ahead"})
    if to == Stage.SHARED and not introduction.worker.consent_to_profile:
        raise ValidationError({"to": "The worker has withdrawn consent to share their profile"})
    if to == Stage.COS_ASSIGNED:
        if not cos_number.strip():
            raise ValidationError({"cos_number": "Enter the certificate of sponsorship number"})
        if not pool_statement:
            raise ValidationError({"pool_statement": f"Confirm the CoS says: “{POOL_STATEMENT}”"})
        introduction.cos_number, introduction.pool_statement_recorded = cos_number.strip(), True
    if to == Stage.STARTED:
        if started_on is None:
            raise ValidationError({"started_on": "Enter the date they started work"})
        introduction.started_on = started_on
    old = introduction.stage
    introduction.stage = to
    if to in ENDED:
        introduction.barrier, introduction.barrier_note = barrier, note.strip()
    if to == Stage.SHARED:
        introduction.shared_at = timezone.now()
        ConsentEntry.objects.create(
            worker=introduction.worker,
            case=introduction.case,
            kind=ConsentEntry.Kind.DISCLOSURE,
            purpose=f"Job introduction: {introduction.vacancy.title}",
            lawful_basis=ConsentEntry.LawfulBasis.CONSENT,
            recipient=introduction.vacancy.provider.organisation,
            fields=IDENTITY_FIELDS,
            consent_reference="Worker agreed to this introduction",
            recorded_by=actor,
        )
    introduction.save()
    casework.follow_introduction(
        case=introduction.case, stage=to, started_on=introduction.started_on
    )
    audit.record(
        actor=actor,
        verb="vacancies.introduction_moved",
        subject=introduction.case,
        partnership=introduction.case.partnership,
        organisation=introduction.vacancy.provider.organisation,
        old={"stage": old},
        new={"stage": to, "barrier": introduction.barrier, "vacancy": str(introduction.vacancy)},
        by_worker=by_worker,
    )
    # The other side hears of it: the provider only once the worker's identity is shared.
    label = introduction.get_stage_display()
    link = reverse("vacancies:introduction-detail", args=[introduction.uuid])
    if (
        actor is not None
        and is_provider_for(actor, introduction)
        and not is_hub_for(actor, introduction)
    ):
        recipients: Any = _hub_people(introduction)
    elif introduction.shared_at is not None:
        recipients = list(_provider_people(introduction)) + (
            _hub_people(introduction) if by_worker else []
        )
    else:
        recipients = _hub_people(introduction)
    accounts.notify(
        users=recipients,
        title=f"Introduction {label.lower()}: {introduction.vacancy.title}",
        body=f"An introduction to {introduction.vacancy} is now at '{label}'.",
        link=link,
    )
    if by_worker and to == Stage.WORKER_AGREED:
        return move_introduction(
            introduction=introduction, to=Stage.SHARED, actor=None, worker=worker
        )
    return introduction
