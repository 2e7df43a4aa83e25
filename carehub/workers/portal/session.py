"""Who is signed in to "My case". A worker has no account: after using an emailed link,
their worker id (and partnership, to notice a move) sits in the session under portal keys.
Staff sign-in lives in the same session but means nothing here: a staff user is not a
worker."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from carehub.workers.models import Worker

WORKER_KEY = "portal:worker"
PARTNERSHIP_KEY = "portal:partnership"
_CACHE_ATTR = "_portal_worker"

WorkerView = Callable[..., HttpResponse]


def sign_in(request: HttpRequest, worker: Worker) -> None:
    # A new session key stops a key planted before sign-in (session fixation) carrying over.
    request.session.cycle_key()
    request.session[WORKER_KEY] = worker.pk
    request.session[PARTNERSHIP_KEY] = worker.partnership_id
    setattr(request, _CACHE_ATTR, worker)


def sign_out(request: HttpRequest) -> None:
    """Forget the worker; a staff sign-in in the same browser is left alone."""
    had_worker = WORKER_KEY in request.session
    request.session.pop(WORKER_KEY, None)
    request.session.pop(PARTNERSHIP_KEY, None)
    if had_worker:
        request.session.cycle_key()
    setattr(request, _CACHE_ATTR, None)


def get_worker_for_request(request: HttpRequest) -> Worker | None:
    """The signed-in worker, or None. A record since merged into another, or moved to
    another partnership, signs the worker out: they ask for a new link, which finds the
    record that stands now."""
    if hasattr(request, _CACHE_ATTR):
        cached: Worker | None = getattr(request, _CACHE_ATTR)
        return cached
    worker_id = request.session.get(WORKER_KEY)
    worker = None
    if isinstance(worker_id, int):
        worker = Worker.objects.select_related("partnership").filter(pk=worker_id).first()
    if worker is not None and (
        worker.merged_into_id is not None
        or worker.partnership_id != request.session.get(PARTNERSHIP_KEY)
    ):
        worker = None
    if worker is None and WORKER_KEY in request.session:
        sign_out(request)
    setattr(request, _CACHE_ATTR, worker)
    return worker


def worker_required(view: WorkerView) -> Callable[..., HttpResponse]:
    """Give the view the signed-in worker, or send the visitor to sign in. Pages show
    personal data, so no browser or proxy may keep a copy."""

    @never_cache
    @wraps(view)
    def wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        worker = get_worker_for_request(request)
        if worker is None:
            return redirect("portal:sign-in")
        return view(request, worker, **kwargs)

    return wrapper
