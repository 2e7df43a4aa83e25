"""Forms for the worker's own view. They validate and turn answers into Worker values;
the services save them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field, Fieldset, Fixed, Fluid, Size
from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from carehub.accounts.forms import gds_helper
from carehub.lib.postcodes import normalise_postcode
from carehub.workers.fields import hours_wanted_field, travel_miles_field
from carehub.workers.models import CONTACT_CHOICES, ENGLISH_LEVEL_CHOICES, ConsentEntry, Worker

Choices = list[tuple[str, Any]]
YES_NO: Choices = [("yes", _("Yes")), ("no", _("No"))]
CONTACT_WORDS = {"email": _("Email"), "sms": _("Text message"), "phone": _("Phone call")}
ENGLISH_WORDS = {
    "basic": _("Basic: I can manage simple conversations"),
    "everyday": _("Everyday: I can talk with people I care for and with colleagues"),
    "good": _("Good: I can write care notes and read care plans"),
    "fluent": _("Fluent"),
}


def _worded(model_choices: list[tuple[str, str]], words: Mapping[str, Promise]) -> Choices:
    """The model's choices in its order, in translatable words for workers."""
    return [(value, words.get(value, label)) for value, label in model_choices]


def _yes_no_value(value: bool | None) -> str:
    if value is None:
        return ""
    return "yes" if value else "no"


class SignInForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("The email address you gave us when you asked for help."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
    )
    reference = forms.CharField(
        label=_("Your reference (optional)"),
        help_text=_("It starts with CWH-, for example CWH-AB3C4D. It is in our emails to you."),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocapitalize": "characters"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            str(_("Send me a link")),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.text("reference", field_width=Fixed.TEN),
        )


class DetailsForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We send sign-in links for this page to this address."),
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
        # Records made by staff may have no answer yet; that must not block other changes.
        required=False,
    )
    preferred_language = forms.CharField(
        label=_("Which language would you like us to use? (optional)"),
        required=False,
        max_length=60,
    )
    postcode = forms.CharField(
        label=_("Postcode where you live (optional)"),
        help_text=_("Leave it empty if you do not have a fixed address. For example, B1 1AA"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "spellcheck": "false"}),
    )
    hours_wanted = hours_wanted_field()
    travel_miles = travel_miles_field()
    earliest_start = DateInputField(
        label=_("When could you start a new job? (optional)"),
        help_text=_("For example, 1 9 2025"),
        required=False,
        require_all_fields=False,
    )
    driving_licence = forms.ChoiceField(
        label=_("Do you have a full UK driving licence?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    has_car = forms.ChoiceField(
        label=_("Do you have a car you can use for work?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    english_level = forms.ChoiceField(
        label=_("How good is your English?"),
        choices=_worded(ENGLISH_LEVEL_CHOICES, ENGLISH_WORDS),
        widget=forms.RadioSelect,
        required=False,
    )
    languages = forms.CharField(
        label=_("Which other languages do you speak? (optional)"),
        help_text=_("For example, Hindi and Malayalam"),
        required=False,
        max_length=200,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The package's own date messages are English only and generic.
        self.fields["earliest_start"].error_messages.update(
            {"incomplete": _("Enter the day, month and year"), "invalid": _("Enter a real date")}
        )
        self.helper = gds_helper(
            str(_("Save my details")),
            Fieldset(
                Field.text("email", field_width=Fluid.TWO_THIRDS),
                Field.text("phone", field_width=Fixed.TWENTY),
                Field.radios("contact_preference", legend_size=Size.SMALL),
                Field.text("preferred_language", field_width=Fluid.TWO_THIRDS),
                Field.text("postcode", field_width=Fixed.TEN),
                legend=_("How we contact you"),
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("hours_wanted", field_width=Fixed.THREE),
                Field.text("travel_miles", field_width=Fixed.THREE),
                Field("earliest_start"),
                Field.radios("driving_licence", legend_size=Size.SMALL, inline=True),
                Field.radios("has_car", legend_size=Size.SMALL, inline=True),
                Field.radios("english_level", legend_size=Size.SMALL),
                Field.text("languages", field_width=Fluid.TWO_THIRDS),
                legend=_("The work you want"),
                legend_size=Size.MEDIUM,
            ),
        )

    @classmethod
    def initial_for(cls, worker: Worker) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(worker, name) for name in cls.base_fields}
        initial["driving_licence"] = _yes_no_value(worker.driving_licence)
        initial["has_car"] = _yes_no_value(worker.has_car)
        return initial

    def clean_phone(self) -> str:
        phone = " ".join(str(self.cleaned_data["phone"]).split())
        digits = [c for c in phone if c.isdigit()]
        if phone and (len(digits) < 10 or any(c not in "0123456789+ ()-" for c in phone)):
            raise forms.ValidationError(
                _("Enter a phone number, like 07700 900 982 or +44 7700 900 982")
            )
        return phone

    def clean_postcode(self) -> str:
        postcode = str(self.cleaned_data["postcode"]).strip()
        if not postcode:
            return ""
        normalised = normalise_postcode(postcode)
        if normalised is None:
            raise forms.ValidationError(_("Enter a real postcode, like B1 1AA"))
        return normalised

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

    def changes(self) -> dict[str, Any]:
        """The answers as Worker values (the service keeps only what changed)."""
        data = dict(self.cleaned_data)
        for name in ("driving_licence", "has_car"):
            data[name] = {"yes": True, "no": False}.get(data[name])
        return data


class ConsentForm(forms.Form):
    share = forms.ChoiceField(
        label=_("Can we share your details with councils and organisations that can help you?"),
        help_text=_(
            "For example, a charity that gives advice about visas, or a council that can help "
            "with housing."
        ),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select yes if we can share your details")},
    )
    profile = forms.ChoiceField(
        label=_(
            "Can we show care providers a profile of you without your name or contact details?"
        ),
        help_text=_(
            "Only providers with a sponsor licence and jobs to fill see it. It shows your "
            "experience, skills and the work you want. If a provider is interested, we ask "
            "you first."
        ),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select yes if we can show providers your profile")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            str(_("Save my choices")),
            Field.radios("share", legend_size=Size.MEDIUM, inline=True),
            Field.radios("profile", legend_size=Size.MEDIUM, inline=True),
        )

    @staticmethod
    def initial_for(worker: Worker) -> dict[str, str]:
        return {
            "share": _yes_no_value(worker.consent_to_share),
            "profile": _yes_no_value(worker.consent_to_profile),
        }

    def choices(self) -> dict[str, bool]:
        return {
            ConsentEntry.SHARE: self.cleaned_data["share"] == "yes",
            ConsentEntry.PROFILE: self.cleaned_data["profile"] == "yes",
        }


class IntroductionAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Would you like us to introduce you to this employer?"),
        choices=[
            ("agree", _("Yes: share my name and contact details with them")),
            ("decline", _("No, thank you")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select yes or no")},
    )
    barrier = forms.ChoiceField(
        label=_("If no, why not? (optional)"),
        choices=[
            ("", _("I would rather not say")),
            ("distance", _("It is too far")),
            ("driving", _("I cannot drive or have no car")),
            ("hours", _("The hours do not suit me")),
            ("pay", _("The pay")),
            ("fees", _("The repayment clause or fees")),
            ("own_job", _("I have found a job myself")),
            ("other", _("Another reason")),
        ],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            str(_("Send my answer")),
            Field.radios("answer", legend_size=Size.MEDIUM),
            Field.select("barrier"),
        )
