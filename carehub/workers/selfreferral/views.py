"""The public self-referral journey: a start page, one question per page, check your answers
and a confirmation. No account: answers live in the session until they are sent. Every page
is marked no-store, because answers are personal and the phone may be shared."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms_gds.fields import DateInputField
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from carehub.accounts.models import Partnership
from carehub.workers.selfreferral import services, steps
from carehub.workers.selfreferral.steps import Answers, Facts, Step

SESSION_KEY = "selfreferral"
DONE_KEY = "selfreferral_reference"
CHANGE = "change"


def _answers(request: HttpRequest) -> Answers:
    stored: Answers = request.session.get(SESSION_KEY, {}).get("answers", {})
    return stored


def _save(request: HttpRequest, answers: Answers) -> None:
    request.session[SESSION_KEY] = {"answers": answers}


def _facts() -> Facts:
    # Two rows at most: is there more than one partnership to choose from?
    return Facts(several_partnerships=len(Partnership.objects.values_list("pk")[:2]) > 1)


def step_url(step: Step, *, changing: bool = False) -> str:
    url = reverse("selfreferral:step", kwargs={"slug": step.slug})
    return f"{url}?{CHANGE}=1" if changing else url


def _go_on(answers: Answers, facts: Facts) -> HttpResponseRedirect:
    """To the first unanswered step, or to check your answers when there is none."""
    pending = steps.first_unanswered(answers, facts)
    return redirect(step_url(pending) if pending else reverse("selfreferral:check"))


@require_GET
@never_cache
def start(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "workers/selfreferral/start.html",
        {
            "first_url": step_url(steps.STEPS[0]),
            "reply_days": services.reply_working_days(),
            "started": bool(_answers(request)),
        },
    )


@require_GET
@never_cache
def privacy(request: HttpRequest) -> HttpResponse:
    # ?back=<step> when opened from a question page, so the back link returns there.
    came_from = steps.BY_SLUG.get(request.GET.get("back", ""))
    back_url = step_url(came_from) if came_from else reverse("selfreferral:start")
    return render(
        request,
        "workers/selfreferral/privacy.html",
        {"back_url": back_url, "reply_days": services.reply_working_days()},
    )


@require_http_methods(["GET", "POST"])
@never_cache
def step(request: HttpRequest, slug: str) -> HttpResponse:
    current = steps.BY_SLUG.get(slug)
    if current is None:
        raise Http404
    answers, facts = _answers(request), _facts()
    if current not in steps.applicable(answers, facts):
        return _go_on(answers, facts)
    blocked = steps.blocker(slug, answers, facts)
    if blocked is not None:
        return redirect(step_url(blocked))
    changing = request.GET.get(CHANGE) == "1"
    if request.method == "POST":
        form = current.form_class(request.POST, answers=answers, params=request.GET)
        if form.is_valid():
            answers = {**answers, slug: form.to_answer()}
            _save(request, answers)
            following = steps.next_step(slug, answers, facts, changing=changing)
            if following is None:
                return redirect("selfreferral:check")
            return redirect(step_url(following, changing=changing))
    else:
        form = current.form_class(
            initial=current.form_class.initial_from(answers.get(slug, {})),
            answers=answers,
            params=request.GET,
        )
    previous = steps.previous_step(slug, answers, facts)
    if changing:
        back_url = reverse("selfreferral:check")
    elif previous is not None:
        back_url = step_url(previous)
    else:
        back_url = reverse("selfreferral:start")
    return render(
        request,
        current.template,
        {
            "step": current,
            "form": form,
            "back_url": back_url,
            "changing": changing,
            "reply_days": services.reply_working_days(),
            # The safeguarding report form comes later; its link goes in the
            # "safeguarding_report" block of urgent_help.html when this is set.
            "safeguarding_report_url": None,
        },
    )


def _display(field: Any, value: Any) -> str:
    """An answer as the worker would read it back."""
    if value in (None, "", []):
        return _("Not given")
    choices = dict(getattr(field, "choices", []) or [])
    if isinstance(value, list):
        return ", ".join(str(choices.get(v, v)) for v in value)
    if isinstance(field, DateInputField):
        return date_format(dt.date.fromisoformat(value), "j F Y")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(choices.get(str(value), value))


SummaryRow = tuple[str, str]


def _summary_rows(current: Step, answers: Answers) -> list[SummaryRow]:
    stored = answers[current.slug]
    form = current.form_class(answers=answers)
    if current.slug == "sponsor":
        return [(_("Current or last sponsor"), stored["last_sponsor_name"])]
    if current.slug == "postcode":
        value = stored["postcode"] or _("I do not have a fixed address")
        return [(_("Postcode"), value)]
    if current.slug == "letters" and stored.get("no_letter"):
        return [(_("Letters from the Home Office"), _("I have not had a letter"))]
    rows = []
    for name, field in form.fields.items():
        if name == "no_letter":
            continue
        label = str(field.label).removesuffix(_(" (optional)"))
        rows.append((label, _display(field, stored.get(name))))
    return rows


Summary = list[tuple[Step, str, list[SummaryRow]]]


def _summary(answers: Answers, facts: Facts) -> Summary:
    return [
        (current, step_url(current, changing=True), _summary_rows(current, answers))
        for current in steps.applicable(answers, facts)
        if current.summarised
    ]


def _partnership(answers: Answers, facts: Facts) -> Partnership:
    if facts.several_partnerships:
        return Partnership.objects.get(pk=int(answers["region"]["partnership"]))
    only = Partnership.objects.first()
    if only is None:
        raise Http404("No partnership is set up to take self-referrals")
    return only


@require_http_methods(["GET", "POST"])
@never_cache
def check(request: HttpRequest) -> HttpResponse:
    answers, facts = _answers(request), _facts()
    if steps.first_unanswered(answers, facts) is not None:
        return _go_on(answers, facts)
    answers = steps.relevant(answers, facts)
    if request.method == "POST":
        consent = answers["consent"]
        case = services.submit_self_referral(
            partnership=_partnership(answers, facts),
            details=steps.worker_details(answers),
            in_danger=answers["danger"]["in_danger"] == "yes",
            consent_to_share=consent["consent_to_share"] == "yes",
            consent_to_profile=consent["consent_to_profile"] == "yes",
        )
        request.session.pop(SESSION_KEY, None)
        request.session[DONE_KEY] = case.worker.reference
        return redirect("selfreferral:confirmation")
    last = steps.applicable(answers, facts)[-1]
    return render(
        request,
        "workers/selfreferral/check.html",
        {"summary": _summary(answers, facts), "back_url": step_url(last)},
    )


@require_GET
@never_cache
def confirmation(request: HttpRequest) -> HttpResponse:
    # Only the browser that sent the answers has the reference in its session.
    reference = request.session.get(DONE_KEY)
    if not reference:
        return redirect("selfreferral:start")
    return render(
        request,
        "workers/selfreferral/confirmation.html",
        {"reference": reference, "reply_days": services.reply_working_days()},
    )
