from __future__ import annotations

import logging

import pytest

from carehub.core import notifications, sms, tasks


@pytest.fixture
def outbox(settings):
    settings.SMS_BACKEND = "carehub.core.sms.MemorySmsBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def test_the_backend_comes_from_settings(settings):
    settings.SMS_BACKEND = "carehub.core.sms.MemorySmsBackend"
    assert isinstance(sms.get_backend(), sms.MemorySmsBackend)
    settings.SMS_BACKEND = "carehub.core.sms.ConsoleSmsBackend"
    assert isinstance(sms.get_backend(), sms.ConsoleSmsBackend)


def test_the_console_backend_logs_the_text_but_not_the_whole_number(settings, caplog):
    settings.SMS_BACKEND = "carehub.core.sms.ConsoleSmsBackend"
    with caplog.at_level(logging.INFO, logger="carehub.sms"):
        sms.send("07700 900 982", "Your reference is CWH-ABC234")
    assert "Your reference is CWH-ABC234" in caplog.text
    assert "…982" in caplog.text
    assert "07700 900" not in caplog.text


def test_the_memory_backend_keeps_what_was_sent(outbox):
    sms.send("07700 900 982", "Hello")
    assert outbox == [sms.SmsMessage(to="07700 900 982", body="Hello")]


def test_the_task_sends_through_the_backend(outbox):
    tasks.send_sms.enqueue("07700 900 982", "Hello")
    assert [m.body for m in outbox] == ["Hello"]


@pytest.mark.django_db
def test_it_sends_only_after_the_transaction_commits(outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notifications.send_sms_on_commit("07700 900 982", "Hello")
    assert outbox == []
    for callback in callbacks:
        callback()
    assert [m.to for m in outbox] == ["07700 900 982"]
