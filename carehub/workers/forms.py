"""Staff intake form: validates only; the service records the contact."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field, Fieldset, Fluid, Size
from django import forms
from django.utils import timezone

from carehub.accounts.forms import gds_helper
from carehub.workers.models import NEED_CHOICES, SHAREABLE_CHOICES, Case, ConsentEntry, Document

BOOLEAN = [("yes", "Yes"), ("no", "No"), ("unknown", "Not known")]


class IntakeForm(forms.Form):
    source = forms.ChoiceField(
        label="How did they contact us?",
        choices=[c for c in Case.Source.choices if c[0] not in ("self_referral", "licence_watch")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they contacted us"},
    )
    first_contact_on = DateInputField(
        label="When did they first contact us? (leave empty for now)", required=False
    )
    first_contact_time = forms.TimeField(
        label="Time (optional)",
        help_text="For example, 14:30",
        required=False,
        error_messages={"invalid": "Enter a time like 14:30"},
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
            Field("first_contact_on"),
            Field.text("first_contact_time", field_width=Fluid.ONE_QUARTER),
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

    def first_contact_at(self) -> dt.datetime:
        """When they first made contact: the day and time given (local time), or now."""
        day = self.cleaned_data.get("first_contact_on")
        if day is None:
            return timezone.now()
        time = self.cleaned_data.get("first_contact_time") or dt.time(9, 0)
        return timezone.make_aware(dt.datetime.combine(day, time))

    def worker_details(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["in_uk"] = {"yes": True, "no": False}.get(data.pop("in_uk"))
        for field in ("source", "first_contact_on", "first_contact_time"):
            data.pop(field)
        return data


def _staff_choices(partnership_id: int) -> Any:
    """People who may work on the partnership's cases, for assignment."""
    from carehub.accounts.models import User
    from carehub.accounts.roles import CAPABILITIES, Capability

    roles = [role for role, caps in CAPABILITIES.items() if Capability.MANAGE_CASES in caps]
    return (
        User.objects.filter(
            is_active=True,
            memberships__role__in=roles,
            memberships__organisation__partnership_id=partnership_id,
            memberships__organisation__is_active=True,
        )
        .distinct()
        .order_by("full_name")
    )


class StaffChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.email})"


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Change the status to",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the new status"},
    )
    outcome = forms.ChoiceField(
        label="Outcome (when closing)",
        choices=[("", "Not closing"), *Case.Outcome.choices],
        required=False,
    )
    placed_on = DateInputField(label="Date the job started (when placed)", required=False)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        from carehub.workers.services import TRANSITIONS

        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS[case.status]
        status = cast(forms.ChoiceField, self.fields["status"])
        status.choices = [c for c in Case.Status.choices if c[0] in allowed]
        self.helper = gds_helper(
            "Change status",
            Field.radios("status", legend_size=Size.SMALL),
            Field.select("outcome"),
            Field("placed_on"),
        )


class AssignForm(forms.Form):
    assigned_to = StaffChoiceField(
        label="Caseworker",
        queryset=None,
        required=False,
        empty_label="Nobody (back to the team's list)",
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = _staff_choices(case.partnership_id)  # type: ignore[attr-defined]
        self.helper = gds_helper("Assign", Field.select("assigned_to"))


class TaskForm(forms.Form):
    title = forms.CharField(
        label="What needs doing", max_length=200, error_messages={"required": "Enter the task"}
    )
    due_on = DateInputField(label="Due by")
    assigned_to = StaffChoiceField(
        label="Who will do it (optional)", queryset=None, required=False, empty_label="Nobody yet"
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = _staff_choices(case.partnership_id)  # type: ignore[attr-defined]
        self.helper = gds_helper(
            "Add task", Field.text("title"), Field("due_on"), Field.select("assigned_to")
        )


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Note",
        help_text="Staff only: the worker and organisations a case is referred to never see notes.",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Enter the note"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper("Add note", Field.textarea("text", rows=6))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is it?",
        choices=Document.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the document is"},
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="PDF, JPEG, PNG, HEIC or Word, up to the size limit.",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            "Upload", Field.radios("kind", legend_size=Size.SMALL), Field("file")
        )


class ReferralForm(forms.Form):
    to_organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Refer to",
        queryset=None,
        empty_label="Choose an organisation",
        error_messages={"required": "Choose who to refer to"},
    )
    purpose = forms.CharField(
        label="What are you asking them to do?",
        max_length=300,
        widget=forms.Textarea,
        error_messages={"required": "Enter what you are asking them to do"},
    )
    groups = forms.MultipleChoiceField(
        label="What to share",
        help_text="Share only what they need. Their name is always shared.",
        choices=SHAREABLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select what to share"},
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for sharing",
        choices=ConsentEntry.LawfulBasis.choices,
        widget=forms.RadioSelect,
        initial=ConsentEntry.LawfulBasis.CONSENT,
    )
    override_reason = forms.CharField(
        label="Why share without consent? (only if the basis is not consent)",
        max_length=300,
        required=False,
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        from carehub.accounts.models import Organisation
        from carehub.accounts.roles import OrganisationKind

        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            partnership_id=case.partnership_id,
            is_active=True,
            kind__in=[OrganisationKind.LOCAL_AUTHORITY, OrganisationKind.PARTNER],
        ).order_by("name")
        self.helper = gds_helper(
            "Refer",
            Field.select("to_organisation"),
            Field.textarea("purpose", rows=3),
            Field.checkboxes("groups", legend_size=Size.SMALL),
            Field.radios("lawful_basis", legend_size=Size.SMALL),
            Field.text("override_reason"),
        )


class MergeForm(forms.Form):
    reason = forms.CharField(
        label="Why are these the same person?",
        max_length=300,
        widget=forms.Textarea,
        error_messages={"required": "Enter why these are the same person"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper("Merge records", Field.textarea("reason", rows=3))


class FollowUpForm(forms.Form):
    still_employed = forms.ChoiceField(
        label="Are they still working for the new sponsor?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if they are still employed"},
    )
    visa_granted = forms.ChoiceField(
        label="Has their new visa been granted?",
        choices=BOOLEAN,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether their visa has been granted"},
    )
    notes = forms.CharField(label="Notes (optional)", max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            "Record follow-up",
            Field.radios("still_employed", legend_size=Size.SMALL, inline=True),
            Field.radios("visa_granted", legend_size=Size.SMALL, inline=True),
            Field.text("notes"),
        )


class ReferralResponseForm(forms.Form):
    action = forms.ChoiceField(
        label="Your answer",
        widget=forms.RadioSelect,
        error_messages={"required": "Select your answer"},
    )
    reason = forms.CharField(
        label="Reason (needed if you cannot take it)", max_length=300, required=False
    )

    LABELS = {
        "accept": "Accept: we will work on this",
        "reject": "Reject: we cannot take this",
        "complete": "Completed: we have done what was asked",
        "withdraw": "Withdraw the referral",
    }

    def __init__(self, *args: Any, actions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = cast(forms.ChoiceField, self.fields["action"])
        action.choices = [(a, self.LABELS[a]) for a in actions]
        self.helper = gds_helper(
            "Send answer",
            Field.radios("action", legend_size=Size.SMALL),
            Field.text("reason"),
        )
