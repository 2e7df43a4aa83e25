"""The public self-referral journey: open to everyone, signed in or not. A fresh session
has answered nothing, so later steps, check your answers and the confirmation redirect."""

from carehub.testing.matrix import Case, expect

PUBLIC = expect(anonymous=200, default=200)
REDIRECTS = expect(anonymous=302, default=302)

CASES: list[Case] = [
    Case("selfreferral:start", PUBLIC),
    Case("selfreferral:privacy", PUBLIC),
    Case("selfreferral:step", PUBLIC, kwargs=lambda world: {"slug": "danger"}),
    Case("selfreferral:step", REDIRECTS, kwargs=lambda world: {"slug": "name"}),
    Case("selfreferral:step", REDIRECTS, kwargs=lambda world: {"slug": "consent"}),
    # Answering the first question moves on to the next.
    Case(
        "selfreferral:step",
        REDIRECTS,
        kwargs=lambda world: {"slug": "danger"},
        method="post",
        data=lambda world: {"in_danger": "no"},
    ),
    Case("selfreferral:check", REDIRECTS),
    Case("selfreferral:confirmation", REDIRECTS),
]
