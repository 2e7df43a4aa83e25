"""The permission-matrix harness.

Every app declares, in `carehub/<app>/tests/permission_matrix.py`, a `CASES` list: for
each URL name, the status every cast member must get. `carehub/tests/test_permission_matrix.py`
runs every case for every cast member and fails when any URL in the project has no case.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from carehub.testing.world import CAST, World

# URL namespaces not declared case by case, with the reason.
UNDECLARED_NAMESPACES = {
    # Django's own admin, behind is_staff and two-factor; no cast member is admin staff.
    # Its index is declared below as a representative case.
    "admin": "Django admin site (is_staff only)",
}

Kwargs = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Case:
    url_name: str
    expect: dict[str, int]
    kwargs: Kwargs | None = None
    method: str = "get"
    data: Callable[[World], dict[str, Any]] | None = None
    query: str = ""
    api: bool = False
    # False for downloads and JSON: the browser checks only visit HTML pages.
    html: bool = True

    @property
    def id(self) -> str:
        suffix = f"?{self.query}" if self.query else ""
        return f"{self.method.upper()} {self.url_name}{suffix}"


def expect(*, anonymous: int = 302, default: int = 200, **overrides: int) -> dict[str, int]:
    """Expected statuses: `default` for every signed-in cast member unless overridden."""
    unknown = set(overrides) - set(CAST)
    if unknown:
        raise ValueError(f"Unknown cast members: {sorted(unknown)}")
    result = dict.fromkeys(CAST, default)
    result["anonymous"] = anonymous
    result.update(overrides)
    return result


def only(allowed: dict[str, int], *, otherwise: int, anonymous: int = 302) -> dict[str, int]:
    """Expected statuses when only some cast members may use the URL."""
    return expect(anonymous=anonymous, default=otherwise, **allowed)


def all_cases() -> list[Case]:
    cases: list[Case] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("carehub."):
            continue
        name = f"{config.name}.tests.permission_matrix"
        if importlib.util.find_spec(f"{config.name}.tests") is None:
            continue
        if importlib.util.find_spec(name) is None:
            continue
        cases.extend(importlib.import_module(name).CASES)
    return cases


@dataclass
class _Walk:
    names: set[str] = field(default_factory=set)


def _walk(patterns: list[Any], namespace: str, walk: _Walk) -> None:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            _walk(pattern.url_patterns, inner, walk)
        elif isinstance(pattern, URLPattern) and pattern.name:
            walk.names.add(f"{namespace}{pattern.name}")


def url_names() -> Iterator[str]:
    """Every named URL in the project, namespaced, except the undeclared namespaces."""
    walk = _Walk()
    _walk(get_resolver().url_patterns, "", walk)
    for name in sorted(walk.names):
        if name.split(":")[0] not in UNDECLARED_NAMESPACES:
            yield name
