"""The self-referral questions, one form per page. Forms validate and turn answers into
JSON-safe values for the session (dates as ISO strings, yes/no as "yes"/"no"); turning them
into Worker fields happens once, on sending (steps.worker_details)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, NamedTuple, cast

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import HTML, Field, Fixed, Fluid, Size
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from carehub.accounts.forms import gds_helper
from carehub.accounts.models import Partnership
from carehub.lib.postcodes import normalise_postcode
from carehub.providers.models import Provider
from carehub.registers.models import SponsorEntry
from carehub.workers.eligibility import NeedReason
from carehub.workers.fields import hours_wanted_field, travel_miles_field
from carehub.workers.models import (
    CARE_SETTING_CHOICES,
    CONTACT_CHOICES,
    ENGLISH_LEVEL_CHOICES,
    NEED_CHOICES,
)

Answers = dict[str, dict[str, Any]]
Choices = list[tuple[str, Any]]

YES_NO: Choices = [("yes", _("Yes")), ("no", _("No"))]
YES_NO_NOT_SURE: Choices = [("yes", _("Yes")), ("no", _("No")), ("not_sure", _("I'm not sure"))]
NOT_LISTED = "not_listed"
MAX_MATCHES = 10


def _worded(model_choices: list[tuple[str, str]], words: Mapping[str, StrOrPromise]) -> Choices:
    """The model's choices, in its order, in words for workers (translatable); a value added
    to the model later still shows, in the model's words."""
    return [(value, words.get(value, label)) for value, label in model_choices]


NEED_WORDS = {
    NeedReason.LICENCE_REVOKED.value: _("My sponsor lost its licence"),
    NeedReason.INSUFFICIENT_WORK.value: _("My sponsor does not give me enough hours, or no work"),
    NeedReason.EXPLOITATION.value: _(
        "I am being exploited or badly treated at work, for example not paid, made to pay "
        "money, or my passport is kept from me"
    ),
    NeedReason.OTHER.value: _("Something else"),
}
SETTING_WORDS = {
    "residential": _("Residential care home"),
    "nursing": _("Nursing home"),
    "home_care": _("Home care (visiting people at home)"),
    "supported_living": _("Supported living"),
    "day_services": _("Day services"),
    "hospital": _("Hospital or NHS"),
}
ENGLISH_WORDS = {
    "basic": _("Basic: I can manage simple conversations"),
    "everyday": _("Everyday: I can talk with people I care for and with colleagues"),
    "good": _("Good: I can write care notes and read care plans"),
    "fluent": _("Fluent"),
}
CONTACT_WORDS = {"email": _("Email"), "sms": _("Text message"), "phone": _("Phone call")}


class DateField(DateInputField):  # type: ignore[misc]  # crispy-forms-gds is untyped
    """The GOV.UK date input, with messages in plain words and marked for translation (the
    package's own are English only)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(require_all_fields=False, **kwargs)
        self.error_messages.update(
            {"incomplete": _("Enter the day, month and year"), "required": _("Enter a date")}
        )
        parts = (_("Enter the day"), _("Enter the month"), _("Enter the year"))
        for field, message in zip(self.fields, parts, strict=True):
            field.error_messages["incomplete"] = message
            for validator in field.validators:
                if isinstance(validator, RegexValidator):
                    validator.message = _("Enter the date using numbers, like 27 3 2025")

    def compress(self, data_list: list[Any]) -> dt.date | None:
        try:
            value: dt.date | None = super().compress(data_list)
        except forms.ValidationError:
            raise forms.ValidationError(_("Enter a real date, like 27 3 2025")) from None
        return value


def _date_field(label: StrOrPromise, hint: StrOrPromise) -> DateField:
    return DateField(label=label, help_text=hint, required=False)


def _yes_no(label: StrOrPromise, choices: Choices = YES_NO, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, **kwargs)


class StepForm(forms.Form):
    """A question page. `answers` are everything answered so far; `params` the page's query
    string (the sponsor search reads ?q=)."""

    submit_label: StrOrPromise = _("Continue")

    def __init__(
        self,
        *args: Any,
        answers: Answers | None = None,
        params: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        self.answers = answers or {}
        self.params = params or {}
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(str(self.submit_label), *self.layout())

    def layout(self) -> list[Any]:
        return [Field(name) for name in self.fields]

    def to_answer(self) -> dict[str, Any]:
        """The cleaned data, JSON-safe for the session."""
        return {
            name: value.isoformat() if isinstance(value, dt.date) else value
            for name, value in self.cleaned_data.items()
        }

    @classmethod
    def initial_from(cls, stored: Mapping[str, Any]) -> dict[str, Any]:
        """Initial form data from a stored answer (dates back from ISO strings)."""
        initial = dict(stored)
        for name, field in cls.base_fields.items():
            if isinstance(field, DateInputField) and initial.get(name):
                initial[name] = dt.date.fromisoformat(initial[name])
        return initial

    def clean_past_date(self, name: str, message: StrOrPromise) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get(name)
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(message)
        return value


class DangerForm(StepForm):
    in_danger = _yes_no(
        _("Are you in danger now?"),
        help_text=_(
            "For example, someone is hurting you or threatening you, or you are not free to "
            "leave where you live or work."
        ),
        error_messages={"required": _("Select yes if you are in danger now")},
    )

    def layout(self) -> list[Any]:
        return [Field.radios("in_danger", legend_size=Size.LARGE, legend_tag="h1", inline=True)]


class UrgentHelpForm(StepForm):
    """No question: the page gives phone numbers, and the button carries on."""

    submit_label = _("Continue to tell us what happened")


class RegionForm(StepForm):
    partnership = forms.ChoiceField(
        label=_("Where do you live or work?"),
        help_text=_("Choose your region. Its partnership of councils will help you."),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select where you live or work")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["partnership"])
        field.choices = [
            (str(pk), name)
            for pk, name in Partnership.objects.order_by("name").values_list("pk", "name")
        ]

    def layout(self) -> list[Any]:
        return [Field.radios("partnership", legend_size=Size.LARGE, legend_tag="h1")]


class NameForm(StepForm):
    full_name = forms.CharField(
        label=_("What is your name?"),
        help_text=_("Write your full name as it is on your passport or visa."),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={"required": _("Enter your name")},
    )

    def layout(self) -> list[Any]:
        return [Field.text("full_name", label_size=Size.LARGE, label_tag="h1")]


class ContactForm(StepForm):
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.com")
        },
    )
    phone = forms.CharField(
        label=_("Mobile or phone number"),
        help_text=_("For example, 07700 900 982"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    contact_preference = forms.ChoiceField(
        label=_("How should we contact you?"),
        choices=_worded(CONTACT_CHOICES, CONTACT_WORDS),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how we should contact you")},
    )
    preferred_language = forms.CharField(
        label=_("Which language would you like us to use? (optional)"),
        help_text=_("We will try to find someone who speaks it, or an interpreter."),
        required=False,
        max_length=60,
    )

    def layout(self) -> list[Any]:
        return [
            HTML.p(_("Give an email address, a phone number, or both.")),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.text("phone", field_width=Fixed.TWENTY),
            Field.radios("contact_preference", legend_size=Size.MEDIUM),
            Field.text("preferred_language", field_width=Fluid.TWO_THIRDS),
        ]

    def clean_phone(self) -> str:
        phone = " ".join(str(self.cleaned_data["phone"]).split())
        digits = [c for c in phone if c.isdigit()]
        if phone and (len(digits) < 10 or any(c not in "0123456789+ ()-" for c in phone)):
            raise forms.ValidationError(
                _("Enter a phone number, like 07700 900 982 or +44 7700 900 982")
            )
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email, phone = data.get("email"), data.get("phone")
        if "email" in data and "phone" in data and not email and not phone:
            self.add_error("email", _("Enter an email address or a phone number"))
        preference = data.get("contact_preference")
        if preference == "email" and "email" in data and not email:
            self.add_error(
                "email", _("Enter an email address, or choose another way to contact you")
            )
        if preference in ("sms", "phone") and "phone" in data and not phone:
            self.add_error("phone", _("Enter a phone number, or choose another way to contact you"))
        return data


class PostcodeForm(StepForm):
    postcode = forms.CharField(
        label=_("What is your postcode?"),
        help_text=_("The postcode where you live now. For example, B1 1AA"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "spellcheck": "false"}),
    )
    no_fixed_address = forms.BooleanField(label=_("I do not have a fixed address"), required=False)

    def layout(self) -> list[Any]:
        return [
            Field.text("postcode", label_size=Size.LARGE, label_tag="h1", field_width=Fixed.TEN),
            HTML('<p class="govuk-body">' + str(_("or")) + "</p>"),
            Field.checkbox("no_fixed_address"),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        postcode = str(data.get("postcode") or "")
        if data.get("no_fixed_address"):
            if postcode:
                self.add_error(
                    "postcode",
                    _("Enter a postcode, or select that you do not have a fixed address, not both"),
                )
            data["postcode"] = ""
        elif not postcode:
            self.add_error(
                "postcode", _("Enter your postcode, or select that you do not have a fixed address")
            )
        else:
            normalised = normalise_postcode(postcode)
            if normalised is None:
                self.add_error("postcode", _("Enter a real postcode, like B1 1AA"))
            else:
                data["postcode"] = normalised
        return data


class InUkForm(StepForm):
    in_uk = _yes_no(
        _("Are you in the UK now?"),
        error_messages={"required": _("Select yes if you are in the UK now")},
    )

    def layout(self) -> list[Any]:
        return [Field.radios("in_uk", legend_size=Size.LARGE, legend_tag="h1", inline=True)]


class Match(NamedTuple):
    value: str
    label: str
    name: str
    provider_id: int | None


def sponsor_matches(query: str) -> list[Match]:
    """Up to 10 organisations whose name contains the words typed: providers the hub knows
    first, then employers on the current sponsor register (one line per organisation and
    town: the register has a row per route)."""
    query = " ".join(query.split())
    if len(query) < 2:
        return []
    found: list[Match] = []
    seen: set[str] = set()
    providers = (
        Provider.objects.filter(organisation__is_active=True)
        .filter(Q(organisation__name__icontains=query) | Q(trading_names__icontains=query))
        .select_related("organisation")
        .order_by("organisation__name")[:MAX_MATCHES]
    )
    for provider in providers:
        name = provider.organisation.name
        seen.add(name.casefold())
        label = f"{name}, {provider.town}" if provider.town else name
        found.append(Match(f"provider:{provider.pk}", label, name, provider.pk))
    entries = (
        SponsorEntry.objects.filter(removed_in__isnull=True, name__icontains=query)
        .order_by("name", "town", "pk")
        .values_list("pk", "name", "town")[: MAX_MATCHES * 4]
    )
    for pk, name, town in entries:
        if len(found) >= MAX_MATCHES:
            break
        key = f"{name.casefold()}|{town.casefold()}"
        if name.casefold() in seen or key in seen:
            continue
        seen.add(key)
        label = f"{name}, {town}" if town else name
        found.append(Match(f"register:{pk}", label, name, None))
    return found


class SponsorForm(StepForm):
    max_matches = MAX_MATCHES
    pick = forms.ChoiceField(
        label=_("Choose your sponsor"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select your sponsor, or select that it is not listed")},
    )
    name = forms.CharField(
        label=_("Your sponsor's name"),
        help_text=_("If your sponsor is not in the list, write its name as you know it."),
        required=False,
        max_length=300,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stored = self.answers.get("sponsor", {})
        self.query = " ".join(str(self.params.get("q", stored.get("q", ""))).split())[:100]
        self.matches = sponsor_matches(self.query)
        field = cast(forms.ChoiceField, self.fields["pick"])
        choices: list[Any] = [(match.value, match.label) for match in self.matches]
        if choices:
            # GOV.UK puts "or" between the list and the way out of it.
            choices[-1] = Choice(*choices[-1], divider=_("or"))
        field.choices = [*choices, (NOT_LISTED, _("My sponsor is not listed"))]
        if not self.matches:
            # Nothing to choose from: the typed name is the answer.
            field.widget = forms.HiddenInput()
            field.initial = NOT_LISTED
            self.fields["name"].help_text = _(
                "Search for it above, or write its name as you know it."
            )
        if not self.is_bound and not self.initial.get("name"):
            self.initial["name"] = self.query
        if not self.is_bound and self.initial.get("pick") not in dict(field.choices):
            self.initial.pop("pick", None)
        # Rebuilt here: the layout depends on whether there were any matches.
        self.helper = gds_helper(str(self.submit_label), *self.layout())

    def layout(self) -> list[Any]:
        if not getattr(self, "matches", None):
            return [Field("pick"), Field.text("name")]
        return [Field.radios("pick", legend_size=Size.MEDIUM), Field.text("name")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        pick = data.get("pick")
        if pick == NOT_LISTED and not str(data.get("name") or "").strip():
            self.add_error("name", _("Enter your sponsor's name"))
        return data

    def to_answer(self) -> dict[str, Any]:
        pick = self.cleaned_data["pick"]
        chosen = {match.value: match for match in self.matches}
        if pick in chosen:
            name, provider_id = chosen[pick].name, chosen[pick].provider_id
        else:
            name, provider_id = " ".join(str(self.cleaned_data["name"]).split()), None
        return {
            "q": self.query,
            "pick": pick,
            "name": self.cleaned_data.get("name", ""),
            "last_sponsor_name": name,
            "last_sponsor": provider_id,
        }


class NeedForm(StepForm):
    need = forms.ChoiceField(
        label=_("Why do you need help?"),
        choices=_worded(
            [c for c in NEED_CHOICES if c[0] != NeedReason.IDENTIFIED_BY_PARTNERSHIP.value],
            NEED_WORDS,
        ),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select why you need help")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Someone who said they are in danger is offered the exploitation answer first.
        in_danger = self.answers.get("danger", {}).get("in_danger") == "yes"
        if in_danger and not self.is_bound and "need" not in self.initial:
            self.initial["need"] = NeedReason.EXPLOITATION.value

    def layout(self) -> list[Any]:
        return [Field.radios("need", legend_size=Size.LARGE, legend_tag="h1")]


class LettersForm(StepForm):
    revocation_letter_on = _date_field(
        _("Date of the letter saying your sponsor lost its licence (optional)"),
        _(
            "UK Visas and Immigration (UKVI) sends this letter or email. The date is at the "
            "top. For example, 27 3 2025"
        ),
    )
    curtailment_letter_on = _date_field(
        _("Date of the letter saying your visa will be cut short or cancelled (optional)"),
        _(
            "This letter says you have a number of days (often 60) to find a new sponsor. "
            "For example, 27 3 2025"
        ),
    )
    no_letter = forms.BooleanField(label=_("I have not had a letter"), required=False)

    def layout(self) -> list[Any]:
        return [
            Field("revocation_letter_on"),
            Field("curtailment_letter_on"),
            HTML('<p class="govuk-body">' + str(_("or")) + "</p>"),
            Field.checkbox("no_letter"),
        ]

    def clean_revocation_letter_on(self) -> dt.date | None:
        return self.clean_past_date(
            "revocation_letter_on", _("The date of the letter must be today or in the past")
        )

    def clean_curtailment_letter_on(self) -> dt.date | None:
        return self.clean_past_date(
            "curtailment_letter_on", _("The date of the letter must be today or in the past")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        dated = data.get("revocation_letter_on") or data.get("curtailment_letter_on")
        if data.get("no_letter") and dated:
            self.add_error(
                "no_letter",
                _("Enter the dates of your letters, or select that you have not had one, not both"),
            )
        return data


class VisaForm(StepForm):
    visa_expiry = _date_field(
        _("When does your visa end? (optional)"),
        _(
            "It is on your eVisa (use 'View and prove your immigration status' on GOV.UK) or "
            "your biometric residence permit. For example, 31 12 2026"
        ),
    )
    home_office_reference = forms.CharField(
        label=_("Home Office reference number (optional)"),
        help_text=_("It is at the top of letters and emails from UK Visas and Immigration."),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    last_cos_number = forms.CharField(
        label=_("Certificate of sponsorship number (optional)"),
        help_text=_(
            "Your sponsor gave you this number when they offered you the job. It is on your "
            "visa application."
        ),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    last_soc_code = forms.CharField(
        label=_("Job code (SOC code) on your certificate of sponsorship (optional)"),
        help_text=_("Care workers are usually 6135 and senior care workers 6136."),
        required=False,
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )

    def layout(self) -> list[Any]:
        return [
            Field("visa_expiry"),
            Field.text("home_office_reference", field_width=Fixed.TWENTY),
            Field.text("last_cos_number", field_width=Fixed.TWENTY),
            Field.text("last_soc_code", field_width=Fixed.FOUR),
        ]

    def clean_home_office_reference(self) -> str:
        return "".join(str(self.cleaned_data["home_office_reference"]).split()).upper()

    def clean_last_cos_number(self) -> str:
        return "".join(str(self.cleaned_data["last_cos_number"]).split()).upper()

    def clean_last_soc_code(self) -> str:
        code = str(self.cleaned_data["last_soc_code"]).strip()
        if code and not (code.isdigit() and len(code) == 4):
            raise forms.ValidationError(_("Enter a job code of 4 numbers, like 6135"))
        return code


class ExperienceForm(StepForm):
    years_in_care = forms.IntegerField(
        label=_("How many years have you worked in care?"),
        help_text=_("In the UK and in other countries. Write 0 if less than a year."),
        min_value=0,
        max_value=60,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter how many years you have worked in care"),
            "invalid": _("Enter a number of years, like 3"),
            "min_value": _("Enter a number of years, like 3"),
            "max_value": _("Enter a number of years of 60 or fewer"),
        },
    )
    care_settings = forms.MultipleChoiceField(
        label=_("Where have you worked? (optional)"),
        help_text=_("Select all that apply."),
        choices=_worded(CARE_SETTING_CHOICES, SETTING_WORDS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def layout(self) -> list[Any]:
        return [
            Field.text("years_in_care", field_width=Fixed.THREE),
            Field.checkboxes("care_settings", legend_size=Size.MEDIUM),
        ]


class SkillsForm(StepForm):
    care_certificate = _yes_no(
        _("Do you have the Care Certificate?"),
        YES_NO_NOT_SURE,
        error_messages={"required": _("Select yes if you have the Care Certificate")},
    )
    level2_certificate = _yes_no(
        _("Do you have the Level 2 Adult Social Care Certificate?"),
        YES_NO_NOT_SURE,
        error_messages={"required": _("Select yes if you have the Level 2 certificate")},
    )
    english_level = forms.ChoiceField(
        label=_("How good is your English?"),
        choices=_worded(ENGLISH_LEVEL_CHOICES, ENGLISH_WORDS),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how good your English is")},
    )
    languages = forms.CharField(
        label=_("Which other languages do you speak? (optional)"),
        help_text=_("For example, Hindi and Malayalam"),
        required=False,
        max_length=200,
    )

    def layout(self) -> list[Any]:
        return [
            Field.radios("care_certificate", legend_size=Size.MEDIUM, inline=True),
            Field.radios("level2_certificate", legend_size=Size.MEDIUM, inline=True),
            Field.radios("english_level", legend_size=Size.MEDIUM),
            Field.text("languages", field_width=Fluid.TWO_THIRDS),
        ]


class WorkWantedForm(StepForm):
    hours_wanted = hours_wanted_field()
    travel_miles = travel_miles_field()
    earliest_start = _date_field(
        _("When could you start a new job? (optional)"), _("For example, 1 9 2025")
    )
    driving_licence = _yes_no(
        _("Do you have a full UK driving licence?"),
        error_messages={"required": _("Select yes if you have a full UK driving licence")},
    )
    has_car = _yes_no(
        _("Do you have a car you can use for work?"),
        error_messages={"required": _("Select yes if you have a car you can use for work")},
    )

    def layout(self) -> list[Any]:
        return [
            Field.text("hours_wanted", field_width=Fixed.THREE),
            Field.text("travel_miles", field_width=Fixed.THREE),
            Field("earliest_start"),
            Field.radios("driving_licence", legend_size=Size.MEDIUM, inline=True),
            Field.radios("has_car", legend_size=Size.MEDIUM, inline=True),
        ]


class ConsentForm(StepForm):
    consent_to_share = _yes_no(
        _("Can we share your details with councils and organisations that can help you?"),
        help_text=_(
            "For example, a charity that gives advice about visas, or a council that can help "
            "with housing."
        ),
        error_messages={"required": _("Select yes if we can share your details")},
    )
    consent_to_profile = _yes_no(
        _("Can we show care providers a profile of you without your name or contact details?"),
        help_text=_(
            "Only providers with a sponsor licence and jobs to fill see it. It shows your "
            "experience, skills and the work you want. If a provider is interested, we ask "
            "you first."
        ),
        error_messages={"required": _("Select yes if we can show providers your profile")},
    )
    submit_label = _("Continue")

    def layout(self) -> list[Any]:
        return [
            Field.radios("consent_to_share", legend_size=Size.MEDIUM, inline=True),
            Field.radios("consent_to_profile", legend_size=Size.MEDIUM, inline=True),
        ]
