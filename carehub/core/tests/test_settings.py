from __future__ import annotations

import os
import subprocess
import sys

import pytest

from carehub.settings import env_bool, env_int, env_list


def run_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "carehub.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_refuses_to_start_in_production_without_a_secret_key():
    result = run_settings(DEBUG="False")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG=False" in result.stderr


def test_it_starts_in_production_with_a_secret_key():
    assert run_settings(DEBUG="False", SECRET_KEY="x" * 60).returncode == 0


@pytest.mark.parametrize(("value", "expected"), [("", True), ("True", True), ("False", False)])
def test_it_reads_booleans(monkeypatch, value, expected):
    monkeypatch.setenv("FLAG", value)
    assert env_bool("FLAG", True) is expected


@pytest.mark.parametrize("value", ["yes", "1", "true"])
def test_it_rejects_booleans_that_are_not_true_or_false(monkeypatch, value):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="use 'True' or 'False'"):
        env_bool("FLAG", False)


def test_it_reads_numbers_and_lists(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("N", "45")
    monkeypatch.setenv("HOSTS", "a.example, b.example,,")
    assert env_int("N", 1) == 45
    assert env_list("HOSTS") == ["a.example", "b.example"]
    monkeypatch.setenv("N", "forty")
    with pytest.raises(ImproperlyConfigured):
        env_int("N", 1)
