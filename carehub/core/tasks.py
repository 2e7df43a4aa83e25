"""Background tasks shared by every app. Tasks take plain values and are idempotent enough
to retry: sending the same email twice is the worst case."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task

from carehub.core import sms

logger = logging.getLogger(__name__)


@task()
def send_email(to: str, subject: str, body: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
    logger.info("Sent email %r", subject)


@task()
def send_sms(to: str, body: str) -> None:
    sms.send(to, body)
    logger.info("Sent a text message")
