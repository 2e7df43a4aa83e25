"""Staff intake form: validates only; the service records the contact."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field, Fieldset, Fluid, Size
from django import forms

from carehub.accounts.forms import gds_helper
from carehub.workers.models import NEED_CHOICES, Case

BOOLEAN = [("yes", "Yes"), ("no", "No"), ("unknown", "Not known")]


class IntakeForm(forms.Form):
    source = forms.ChoiceField(
        label="How did they contact us?",
        choices=[c for c in Case.Source.choices if c[0] not in ("self_referral", "licence_watch")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they contacted us"},
    )
    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter their full name"}
    )
    email = forms.EmailField(label="Email address (optional)", required=False)
    phone = forms.CharField(label="Phone number (optional)", max_length=40, required=False)
    preferred_language = forms.CharField(
        label="Preferred language (optional)", max_length=60, required=False
    )
    postcode = forms.CharField(
        label="Postcode where they live (optional)", max_length=10, required=False
    )
    in_uk = forms.ChoiceField(
        label="Are they in the UK?", choices=BOOLEAN, widget=forms.RadioSelect, initial="yes"
    )
    need = forms.ChoiceField(
        label="Why do they need help?",
        choices=NEED_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why they need help"},
    )
    last_sponsor_name = forms.CharField(
        label="Current or last sponsor (optional)", max_length=300, required=False
    )
    last_soc_code = forms.CharField(
        label="SOC code last sponsored under (optional)",
        help_text="On the certificate of sponsorship, for example 6135",
        max_length=4,
        required=False,
    )
    home_office_reference = forms.CharField(
        label="Home Office reference (optional)", max_length=30, required=False
    )
    visa_expiry = DateInputField(label="Visa expiry date (optional)", required=False)
    curtailment_letter_on = DateInputField(
        label="Date of the curtailment or cancellation letter (optional)", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            "Record contact",
            Field.radios("source", legend_size=Size.SMALL),
            Fieldset(
                Field.text("full_name"),
                Field.text("email", field_width=Fluid.TWO_THIRDS),
                Field.text("phone", field_width=Fluid.ONE_THIRD),
                Field.text("preferred_language", field_width=Fluid.ONE_THIRD),
                Field.text("postcode", field_width=Fluid.ONE_QUARTER),
                legend="About them",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("in_uk", legend_size=Size.SMALL, inline=True),
                Field.radios("need", legend_size=Size.SMALL),
                Field.text("last_sponsor_name"),
                Field.text("last_soc_code", field_width=Fluid.ONE_QUARTER),
                Field.text("home_office_reference", field_width=Fluid.ONE_THIRD),
                Field("visa_expiry"),
                Field("curtailment_letter_on"),
                legend="Their immigration position",
                legend_size=Size.MEDIUM,
            ),
        )

    def clean_last_soc_code(self) -> str:
        code = str(self.cleaned_data["last_soc_code"]).strip()
        if code and not (code.isdigit() and len(code) == 4):
            raise forms.ValidationError("Enter a 4-digit SOC code, like 6135")
        return code

    def worker_details(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["in_uk"] = {"yes": True, "no": False}.get(data.pop("in_uk"))
        data.pop("source")
        return data
