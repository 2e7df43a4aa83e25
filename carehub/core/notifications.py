"""The notifications backend: how the hub tells people things.

Messages are rendered now (so they read as they would have at the time) and handed to a
background task after the surrounding transaction commits, so a rolled-back change never
sends an email.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.template.loader import render_to_string

from carehub.core.tasks import send_email, send_sms


def render_email(template: str, context: dict[str, Any]) -> tuple[str, str]:
    """Render `<template>_subject.txt` and `<template>_body.txt`."""
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}_body.txt", context)
    return subject, body


def send_email_on_commit(*, to: str, template: str, context: dict[str, Any]) -> None:
    subject, body = render_email(template, context)
    transaction.on_commit(lambda: send_email.enqueue(to, subject, body))


def send_sms_on_commit(to: str, body: str) -> None:
    """Send a text message once the surrounding transaction commits."""
    transaction.on_commit(lambda: send_sms.enqueue(to, body))
