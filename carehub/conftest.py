"""Shared fixtures: fast test settings, the seeded demo world and the cast of users."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings

from carehub.testing.world import World, ensure_devices, sign_in

TEST_SETTINGS = {
    # Argon2 is deliberately slow; tests don't need it.
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    "DEMO_MODE": False,
    "SECURE_SSL_REDIRECT": False,
    "STORAGES": {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        # Case documents written by tests go to a throwaway folder.
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tempfile.mkdtemp(prefix="carehub-private-")},
        },
    },
}


@pytest.fixture(scope="session", autouse=True)
def _test_settings() -> Iterator[None]:
    with override_settings(**TEST_SETTINGS):
        yield


@pytest.fixture(scope="session")
def django_db_setup(_test_settings: None, django_db_setup: None, django_db_blocker: Any) -> None:
    """Seed the demonstration data once per test database; each test rolls back to it."""
    with django_db_blocker.unblock():
        call_command("seed_demo_data", verbosity=0)
        ensure_devices()


@pytest.fixture
def world(db: None) -> World:
    return World()


@pytest.fixture
def client_for(world: World) -> Callable[[str], Client]:
    """A test client signed in (with two-factor done) as a cast member."""

    def make(cast_member: str) -> Client:
        client = Client()
        if cast_member == "anonymous":
            return client
        return sign_in(client, world.user(cast_member))

    return make
