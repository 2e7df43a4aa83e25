"""Form fields a worker fills in both when they register and in their own view."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


def hours_wanted_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("How many hours a week do you want to work? (optional)"),
        required=False,
        min_value=1,
        max_value=60,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Enter a number of hours, like 37"),
            "min_value": _("Enter a number of hours, like 37"),
            "max_value": _("Enter a number of hours of 60 or fewer"),
        },
    )


def travel_miles_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("How far can you travel to work, in miles? (optional)"),
        help_text=_("1 mile is about 1.6 kilometres."),
        required=False,
        min_value=0,
        max_value=200,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Enter a number of miles, like 10"),
            "min_value": _("Enter a number of miles, like 10"),
            "max_value": _("Enter a number of miles of 200 or fewer"),
        },
    )
