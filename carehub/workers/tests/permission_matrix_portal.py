"""The worker's own view ("My case"). No cast member is a worker: staff sign-in means
nothing here, so everyone is sent to the worker sign-in page; the sign-in page itself, and
the page an unknown link shows (410 Gone), are the same for everyone."""

from typing import Any

from carehub.testing.matrix import Case, expect
from carehub.testing.world import World


def chidi_introduction(world: World) -> dict[str, Any]:
    from carehub.vacancies.models import Introduction

    return {"uuid": Introduction.objects.get(worker__full_name="Chidi Okonkwo").uuid}


TO_SIGN_IN = expect(anonymous=302, default=302)
EVERYONE = expect(anonymous=200, default=200)
GONE = expect(anonymous=410, default=410)
MADE_UP_TOKEN = {"token": "not-a-real-token-0000000000000000000000000"}

CASES: list[Case] = [
    Case("portal:home", TO_SIGN_IN),
    Case("portal:sign-in", EVERYONE),
    # Known or not, an address gets the same "check your email" page.
    Case(
        "portal:sign-in",
        EVERYONE,
        method="post",
        data=lambda world: {"email": "nobody@example.org"},
    ),
    Case("portal:use-link", GONE, kwargs=lambda world: MADE_UP_TOKEN),
    Case("portal:use-link", GONE, kwargs=lambda world: MADE_UP_TOKEN, method="post"),
    Case("portal:details", TO_SIGN_IN),
    Case(
        "portal:details",
        TO_SIGN_IN,
        method="post",
        data=lambda world: {"hours_wanted": "20", "contact_preference": "email"},
    ),
    Case("portal:consent", TO_SIGN_IN),
    Case(
        "portal:consent",
        TO_SIGN_IN,
        method="post",
        data=lambda world: {"share": "no", "profile": "no"},
    ),
    Case("portal:erase", TO_SIGN_IN),
    Case("portal:erase", TO_SIGN_IN, method="post"),
    Case("portal:sign-out", TO_SIGN_IN, method="post"),
    Case("portal:introduction", TO_SIGN_IN, kwargs=chidi_introduction),
    Case(
        "portal:introduction",
        TO_SIGN_IN,
        kwargs=chidi_introduction,
        method="post",
        data=lambda world: {"answer": "agree"},
    ),
]
