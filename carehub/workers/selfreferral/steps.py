"""The self-referral journey as an explicit registry of steps, and the pure rules for moving
through it: which steps apply given the answers so far, which comes next or before, and
where someone who jumps ahead is sent back to. No database, no requests: tested as tables.

To add a question: write a form in forms.py, add a Step here in the order it is asked, and
turn its answer into Worker fields in worker_details().
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from carehub.workers.selfreferral import forms

Answers = forms.Answers


@dataclass(frozen=True)
class Facts:
    """What the journey needs to know about the installation, not the person."""

    several_partnerships: bool


def always(answers: Answers, facts: Facts) -> bool:
    return True


def said_in_danger(answers: Answers, facts: Facts) -> bool:
    return answers.get("danger", {}).get("in_danger") == "yes"


def several_partnerships(answers: Answers, facts: Facts) -> bool:
    return facts.several_partnerships


@dataclass(frozen=True)
class Step:
    slug: str
    form_class: type[forms.StepForm]
    title: StrOrPromise
    template: str = "workers/selfreferral/question.html"
    applies: Callable[[Answers, Facts], bool] = always
    # The form's only question is the page's <h1> (GOV.UK's legend-as-heading pattern).
    heading_in_form: bool = False
    # Pages with nothing to check (the urgent-help page) are left out of the summary.
    summarised: bool = True


STEPS: tuple[Step, ...] = (
    Step("danger", forms.DangerForm, _("Are you in danger now?"), heading_in_form=True),
    Step(
        "urgent-help",
        forms.UrgentHelpForm,
        _("Get help now"),
        template="workers/selfreferral/urgent_help.html",
        applies=said_in_danger,
        summarised=False,
    ),
    Step(
        "region",
        forms.RegionForm,
        _("Where do you live or work?"),
        applies=several_partnerships,
        heading_in_form=True,
    ),
    Step("name", forms.NameForm, _("What is your name?"), heading_in_form=True),
    Step("contact", forms.ContactForm, _("How can we contact you?")),
    Step("postcode", forms.PostcodeForm, _("What is your postcode?"), heading_in_form=True),
    Step("in-uk", forms.InUkForm, _("Are you in the UK now?"), heading_in_form=True),
    Step(
        "sponsor",
        forms.SponsorForm,
        _("Who is your current or last sponsor?"),
        template="workers/selfreferral/sponsor.html",
    ),
    Step("need", forms.NeedForm, _("Why do you need help?"), heading_in_form=True),
    Step("letters", forms.LettersForm, _("Letters from the Home Office")),
    Step("visa", forms.VisaForm, _("Your visa")),
    Step("experience", forms.ExperienceForm, _("Your experience in care")),
    Step("skills", forms.SkillsForm, _("Your qualifications and languages")),
    Step("work", forms.WorkWantedForm, _("The work you want")),
    Step(
        "consent",
        forms.ConsentForm,
        _("Sharing your details"),
        template="workers/selfreferral/consent.html",
    ),
)
BY_SLUG = {step.slug: step for step in STEPS}


def applicable(answers: Answers, facts: Facts) -> list[Step]:
    return [step for step in STEPS if step.applies(answers, facts)]


def first_unanswered(answers: Answers, facts: Facts) -> Step | None:
    """The first step that applies and has no answer; None when all are answered."""
    return next((step for step in applicable(answers, facts) if step.slug not in answers), None)


def blocker(slug: str, answers: Answers, facts: Facts) -> Step | None:
    """The first unanswered step before `slug`, which must be answered first (None if there
    is none). `slug` must be a step that applies."""
    for step in applicable(answers, facts):
        if step.slug == slug:
            return None
        if step.slug not in answers:
            return step
    return None


def next_step(slug: str, answers: Answers, facts: Facts, *, changing: bool = False) -> Step | None:
    """Where to go after answering `slug`: the following step, or None for check your
    answers. When changing an answer, only to steps the change has made unanswered."""
    if changing:
        return first_unanswered(answers, facts)
    steps = applicable(answers, facts)
    slugs = [step.slug for step in steps]
    position = slugs.index(slug)
    return steps[position + 1] if position + 1 < len(steps) else None


def previous_step(slug: str, answers: Answers, facts: Facts) -> Step | None:
    """The step before `slug` for the back link; None for the start page."""
    steps = applicable(answers, facts)
    slugs = [step.slug for step in steps]
    position = slugs.index(slug)
    return steps[position - 1] if position > 0 else None


def relevant(answers: Answers, facts: Facts) -> Answers:
    """Answers to steps that still apply (a changed answer can make an earlier one moot)."""
    return {
        step.slug: answers[step.slug] for step in applicable(answers, facts) if step.slug in answers
    }


def _yes_no(value: Any) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def worker_details(answers: Answers) -> dict[str, Any]:
    """Worker fields from the (relevant) answers, for services.record_contact; also
    `last_sponsor`, a Provider id or None."""
    a: dict[str, Any] = {}
    for stored in answers.values():
        a.update(stored)
    details: dict[str, Any] = {
        "full_name": a.get("full_name", ""),
        "email": a.get("email", ""),
        "phone": a.get("phone", ""),
        "contact_preference": a.get("contact_preference", ""),
        "preferred_language": a.get("preferred_language", ""),
        "postcode": a.get("postcode", ""),
        "in_uk": _yes_no(a.get("in_uk")),
        "last_sponsor_name": a.get("last_sponsor_name", ""),
        "last_sponsor": a.get("last_sponsor"),
        "need": a.get("need", ""),
        "revocation_letter_on": _date(a.get("revocation_letter_on")),
        "curtailment_letter_on": _date(a.get("curtailment_letter_on")),
        "visa_expiry": _date(a.get("visa_expiry")),
        "home_office_reference": a.get("home_office_reference", ""),
        "last_cos_number": a.get("last_cos_number", ""),
        "last_soc_code": a.get("last_soc_code", ""),
        "years_in_care": a.get("years_in_care"),
        "care_settings": list(a.get("care_settings", [])),
        "care_certificate": _yes_no(a.get("care_certificate")),
        "level2_certificate": _yes_no(a.get("level2_certificate")),
        "english_level": a.get("english_level", ""),
        "languages": a.get("languages", ""),
        "hours_wanted": a.get("hours_wanted"),
        "travel_miles": a.get("travel_miles"),
        "earliest_start": _date(a.get("earliest_start")),
        "driving_licence": _yes_no(a.get("driving_licence")),
        "has_car": _yes_no(a.get("has_car")),
    }
    return details
