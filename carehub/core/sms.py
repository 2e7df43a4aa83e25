"""Text messages: a tiny backend interface, chosen by settings.SMS_BACKEND, like Django's
email backends. A real gateway (GOV.UK Notify, a council's provider) is one more class."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("carehub.sms")


@dataclass(frozen=True)
class SmsMessage:
    to: str
    body: str


class BaseSmsBackend:
    def send(self, message: SmsMessage) -> None:
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    """Writes texts to the log instead of sending them (development, and the default until
    a gateway is configured). Only the end of the number is logged: logs are kept longer and
    seen by more people than casework."""

    def send(self, message: SmsMessage) -> None:
        logger.info("Text message to …%s: %s", message.to[-3:], message.body)


# Texts "sent" by MemorySmsBackend, for tests to inspect (like django.core.mail.outbox).
outbox: list[SmsMessage] = []


class MemorySmsBackend(BaseSmsBackend):
    def send(self, message: SmsMessage) -> None:
        outbox.append(message)


def get_backend() -> BaseSmsBackend:
    backend: type[BaseSmsBackend] = import_string(settings.SMS_BACKEND)
    return backend()


def send(to: str, body: str) -> None:
    get_backend().send(SmsMessage(to=to, body=body))
