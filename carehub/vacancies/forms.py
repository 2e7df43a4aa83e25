"""Vacancy and introduction forms: validation of input only; the services decide."""

from __future__ import annotations

from typing import Any, cast

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field, Fieldset, Fluid, Size
from django import forms

from carehub.accounts.forms import gds_helper
from carehub.providers.models import Provider
from carehub.vacancies.models import Introduction, Vacancy
from carehub.workers.models import CARE_SETTING_CHOICES, ENGLISH_LEVEL_CHOICES

YES_NO = [(True, "Yes"), (False, "No")]


def _yes_no(label: str, **kwargs: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
        **kwargs,
    )


class VacancyForm(forms.Form):
    provider = forms.ModelChoiceField(
        label="Provider",
        queryset=Provider.objects.none(),
        empty_label="Choose the provider",
        error_messages={"required": "Choose the provider"},
    )
    title = forms.CharField(
        label="Job title", max_length=150, error_messages={"required": "Enter the job title"}
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Vacancy.Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the role"},
    )
    postcode = forms.CharField(
        label="Postcode of the workplace (or the office, for home care)",
        max_length=10,
        error_messages={"required": "Enter the postcode"},
    )
    setting = forms.ChoiceField(
        label="Type of service", choices=CARE_SETTING_CHOICES, widget=forms.RadioSelect
    )
    hours_per_week = forms.DecimalField(
        label="Hours a week",
        max_digits=4,
        decimal_places=1,
        error_messages={"required": "Enter the hours a week", "invalid": "Enter a number"},
    )
    hourly_rate = forms.DecimalField(
        label="Hourly rate (£)",
        max_digits=6,
        decimal_places=2,
        error_messages={"required": "Enter the hourly rate", "invalid": "Enter an amount"},
    )
    annual_salary = forms.DecimalField(
        label="Annual salary (£)",
        max_digits=9,
        decimal_places=2,
        error_messages={"required": "Enter the annual salary", "invalid": "Enter an amount"},
    )
    shift_pattern = forms.CharField(
        label="Shift pattern (optional)",
        help_text="For example, 4 long days on, 4 off; nights",
        max_length=200,
        required=False,
    )
    driving_licence_required = _yes_no("Is a full UK driving licence needed?")
    car_required = _yes_no("Is a car needed?")
    english_level_needed = forms.ChoiceField(
        label="English needed", choices=ENGLISH_LEVEL_CHOICES, widget=forms.RadioSelect
    )
    languages_wanted = forms.CharField(
        label="Other languages that would help (optional)", max_length=200, required=False
    )
    start_date = DateInputField(label="Start date")
    positions = forms.IntegerField(
        label="Number of positions",
        min_value=1,
        max_value=200,
        error_messages={"required": "Enter the number of positions"},
    )
    cos_available = _yes_no("Can you assign a certificate of sponsorship for this job?")
    no_fees_declared = forms.BooleanField(
        label="We charge workers no fees for recruitment, a CoS, a visa or training",
        required=False,
    )
    repayment_clause = _yes_no("Does the contract have a repayment clause?")
    repayment_amount = forms.DecimalField(
        label="Repayment amount (£), if any", max_digits=8, decimal_places=2, required=False
    )
    repayment_terms = forms.CharField(
        label="Repayment terms, if any",
        help_text="What is repaid, when, and how it reduces over time",
        max_length=500,
        required=False,
    )

    def __init__(self, *args: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["provider"])  # type: ignore[type-arg]
        field.queryset = providers
        if providers.count() == 1:
            field.initial = providers.first()
            field.widget = forms.HiddenInput()
        self.helper = gds_helper(
            "Save vacancy",
            Field.select("provider"),
            Fieldset(
                Field.text("title"),
                Field.radios("role", legend_size=Size.SMALL),
                Field.radios("setting", legend_size=Size.SMALL),
                Field.text("postcode", field_width=Fluid.ONE_QUARTER),
                Field.text("shift_pattern"),
                Field("start_date"),
                Field.text("positions", field_width=Fluid.ONE_QUARTER),
                legend="The job",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("hours_per_week", field_width=Fluid.ONE_QUARTER),
                Field.text("hourly_rate", field_width=Fluid.ONE_QUARTER),
                Field.text("annual_salary", field_width=Fluid.ONE_THIRD),
                Field.radios("cos_available", legend_size=Size.SMALL, inline=True),
                legend="Pay, hours and sponsorship",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("driving_licence_required", legend_size=Size.SMALL, inline=True),
                Field.radios("car_required", legend_size=Size.SMALL, inline=True),
                Field.radios("english_level_needed", legend_size=Size.SMALL),
                Field.text("languages_wanted"),
                legend="What the job needs",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.checkbox("no_fees_declared"),
                Field.radios("repayment_clause", legend_size=Size.SMALL, inline=True),
                Field.text("repayment_amount", field_width=Fluid.ONE_QUARTER),
                Field.text("repayment_terms"),
                legend="Ethical recruitment",
                legend_size=Size.MEDIUM,
            ),
        )

    def details(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("provider")
        return data


class VacancyStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Vacancy.Status.choices)


class IntroductionStageForm(forms.Form):
    to = forms.ChoiceField(
        label="Move to",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the next stage"},
    )
    barrier = forms.ChoiceField(
        label="Why it did not go ahead (if declined or withdrawn)",
        choices=[("", "Not ending"), *Introduction.Barrier.choices],
        required=False,
    )
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)
    cos_number = forms.CharField(
        label="Certificate of sponsorship number (when assigned)", max_length=30, required=False
    )
    pool_statement = forms.BooleanField(
        label="The CoS says “Candidate has been recruited from the displaced worker pool”",
        required=False,
    )
    started_on = DateInputField(label="Date they started work (when started)", required=False)

    def __init__(self, *args: Any, stages: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Introduction.Stage.choices)
        cast(forms.ChoiceField, self.fields["to"]).choices = [(s, labels[s]) for s in stages]
        self.helper = gds_helper(
            "Save",
            Field.radios("to", legend_size=Size.SMALL),
            Field.select("barrier"),
            Field.text("note"),
            Field.text("cos_number", field_width=Fluid.ONE_THIRD),
            Field.checkbox("pool_statement"),
            Field("started_on"),
        )
