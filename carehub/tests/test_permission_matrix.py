"""Every URL in the project, for every member of the cast, gives the declared status."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from carehub.testing.matrix import all_cases, url_names
from carehub.testing.world import CAST

CASES = all_cases()


def test_it_declares_an_expectation_for_every_url() -> None:
    declared = {case.url_name for case in CASES}
    missing = [name for name in url_names() if name not in declared]
    assert not missing, f"URLs with no permission-matrix case: {missing}"


def test_it_declares_every_cast_member_in_every_case() -> None:
    for case in CASES:
        assert set(case.expect) == set(CAST), case.id


def test_it_declares_no_case_for_a_url_that_does_not_exist() -> None:
    names = set(url_names()) | {"admin:index"}
    assert {case.url_name for case in CASES} <= names


@pytest.mark.parametrize("cast_member", CAST)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_it_gives_each_cast_member_the_expected_status(case, cast_member, world, client_for):
    client = client_for(cast_member)
    url = reverse(case.url_name, kwargs=case.kwargs(world) if case.kwargs else None)
    if case.query:
        url = f"{url}?{case.query}"
    data = case.data(world) if case.data else None
    if case.method == "get":
        response = client.get(url, data)
    elif case.api:
        body = json.dumps(data or {})
        response = client.generic(
            case.method.upper(), url, data=body, content_type="application/json"
        )
    else:
        response = getattr(client, case.method)(url, data or {})
    assert response.status_code == case.expect[cast_member], (
        f"{case.id} as {cast_member}: got {response.status_code}, "
        f"expected {case.expect[cast_member]}"
    )
