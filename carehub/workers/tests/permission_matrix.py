import datetime as dt
from collections.abc import Callable
from typing import Any

from carehub.testing.matrix import Case, only
from carehub.testing.world import World
from carehub.workers.models import Case as WorkerCase
from carehub.workers.models import Referral, Worker
from carehub.workers.tests.permission_matrix_portal import CASES as PORTAL_CASES
from carehub.workers.tests.permission_matrix_selfreferral import CASES as SELF_REFERRAL_CASES

HUB = {"hub_coordinator": 200, "hub_caseworker": 200}
HUB_POST = {"hub_coordinator": 302, "hub_caseworker": 302}
CASE_VIEWERS = {**HUB, "council_lead": 200, "partner_caseworker": 200}


def birmingham_case(world: World) -> dict[str, Any]:
    return {"uuid": WorkerCase.objects.get(worker__full_name="Chidi Okonkwo").uuid}


def intake_data(world: World) -> dict[str, Any]:
    return {
        "source": "phone",
        "full_name": "Thandiwe Dube",
        "in_uk": "yes",
        "need": "licence_revoked",
        "last_soc_code": "6135",
    }


CASES = [
    # Council leads see their area's cases; the other partnership's coordinator their own.
    # Partner caseworkers see the cases referred to them.
    Case("workers:caseload", only({**CASE_VIEWERS, "other_partnership": 200}, otherwise=404)),
    Case(
        "workers:caseload",
        only({**CASE_VIEWERS, "other_partnership": 200}, otherwise=404),
        query="status=active&mine=yes",
    ),
    Case(
        "workers:case-detail",
        only({**HUB, "council_lead": 200}, otherwise=404),
        kwargs=birmingham_case,
    ),
    Case("workers:intake", only({**HUB, "other_partnership": 200}, otherwise=404)),
    Case(
        "workers:intake",
        only(
            {"hub_coordinator": 302, "hub_caseworker": 302, "other_partnership": 302}, otherwise=404
        ),
        method="post",
        data=intake_data,
    ),
]

CASES += [
    Case("api:case-list", only({}, otherwise=200, anonymous=401)),
    Case(
        "api:case-detail",
        only({**HUB, "council_lead": 200}, otherwise=404, anonymous=401),
        kwargs=birmingham_case,
    ),
]


def chidi(world: World) -> WorkerCase:
    return WorkerCase.objects.get(worker__full_name="Chidi Okonkwo")


def case_of(name: str) -> Callable[[World], dict[str, Any]]:
    return lambda world: {"uuid": WorkerCase.objects.get(worker__full_name=name).uuid}


def open_task(world: World) -> dict[str, Any]:
    case = chidi(world)
    return {"uuid": case.uuid, "task": case.tasks.get(done_at__isnull=True).uuid}


def document(world: World) -> dict[str, Any]:
    case = chidi(world)
    return {"uuid": case.uuid, "document": case.documents.get().uuid}


def duplicate(world: World) -> dict[str, Any]:
    case = WorkerCase.objects.get(worker__full_name="Grace Mensah")
    return {"uuid": case.uuid, "worker": Worker.objects.get(full_name="Grace Mensa").uuid}


def follow_up(world: World) -> dict[str, Any]:
    case = WorkerCase.objects.get(worker__full_name="Ravi Kumar")
    return {"uuid": case.uuid, "follow_up": case.follow_ups.get(days_after=60).uuid}


def tendai_referral(world: World) -> dict[str, Any]:
    return {"uuid": Referral.objects.get(case__worker__full_name="Tendai Moyo").uuid}


def refer_data(world: World) -> dict[str, Any]:
    heartlands = world.partnership.organisations.get(
        name="Heartlands Migrant Workers Advice Centre"
    )
    return {
        "to_organisation": heartlands.pk,
        "purpose": "English classes",
        "groups": ["contact"],
        "lawful_basis": "consent",
    }


def upload_data(world: World) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from carehub.demo.workers import DEMO_PDF

    return {"kind": "payslip", "file": SimpleUploadedFile("payslip.pdf", DEMO_PDF)}


def date_fields(name: str, day: dt.date) -> dict[str, Any]:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


HUB_ONLY = only(HUB, otherwise=404)
HUB_WRITES = only(HUB_POST, otherwise=404)
CASES += [
    Case(
        "workers:case-detail",
        only({**HUB, "partner_caseworker": 200}, otherwise=404),
        kwargs=case_of("Tendai Moyo"),
    ),
    Case("workers:case-status", HUB_ONLY, kwargs=birmingham_case),
    Case(
        "workers:case-status",
        HUB_WRITES,
        kwargs=birmingham_case,
        method="post",
        data=lambda w: {"status": "introduced"},
    ),
    Case("workers:case-assign", HUB_ONLY, kwargs=birmingham_case),
    Case(
        "workers:case-assign",
        HUB_WRITES,
        kwargs=birmingham_case,
        method="post",
        data=lambda w: {"assigned_to": ""},
    ),
    Case("workers:task-create", HUB_ONLY, kwargs=birmingham_case),
    Case(
        "workers:task-create",
        HUB_WRITES,
        kwargs=birmingham_case,
        method="post",
        data=lambda w: {"title": "Ring back", **date_fields("due_on", dt.date(2030, 1, 2))},
    ),
    Case("workers:task-done", HUB_WRITES, kwargs=open_task, method="post"),
    Case("workers:note-create", HUB_ONLY, kwargs=birmingham_case),
    Case(
        "workers:note-create",
        HUB_WRITES,
        kwargs=birmingham_case,
        method="post",
        data=lambda w: {"text": "Rang; no answer"},
    ),
    Case("workers:document-upload", HUB_ONLY, kwargs=birmingham_case),
    Case(
        "workers:document-upload",
        HUB_WRITES,
        kwargs=birmingham_case,
        method="post",
        data=upload_data,
    ),
    # Whole-case viewers only: a partner sees shared parts of a case, never its files.
    Case(
        "workers:document-download",
        only({**HUB, "council_lead": 200}, otherwise=404),
        kwargs=document,
        html=False,
    ),
    Case("workers:case-refer", HUB_ONLY, kwargs=birmingham_case),
    Case("workers:case-refer", HUB_WRITES, kwargs=birmingham_case, method="post", data=refer_data),
    Case("workers:case-merge", HUB_ONLY, kwargs=duplicate),
    Case(
        "workers:case-merge",
        HUB_WRITES,
        kwargs=duplicate,
        method="post",
        data=lambda w: {"reason": "Same email; rang again with a shortened surname"},
    ),
    Case("workers:follow-up", HUB_ONLY, kwargs=follow_up),
    Case(
        "workers:follow-up",
        HUB_WRITES,
        kwargs=follow_up,
        method="post",
        data=lambda w: {"still_employed": "yes", "visa_granted": "yes"},
    ),
    Case("workers:referral-list", only({**CASE_VIEWERS, "other_partnership": 200}, otherwise=404)),
    Case(
        "workers:referral-detail",
        only({**HUB, "partner_caseworker": 200}, otherwise=404),
        kwargs=tendai_referral,
    ),
    # Only the receiver may accept; the hub may only withdraw, so its "accept" is refused
    # on the form.
    Case(
        "workers:referral-detail",
        only({**HUB, "partner_caseworker": 302}, otherwise=404),
        kwargs=tendai_referral,
        method="post",
        data=lambda w: {"action": "accept"},
    ),
]


def grace_merge(world: World) -> dict[str, Any]:
    return {"duplicate": str(Worker.objects.get(full_name="Grace Mensa").uuid), "reason": "Same"}


def api_referral(world: World) -> dict[str, Any]:
    heartlands = world.partnership.organisations.get(
        name="Heartlands Migrant Workers Advice Centre"
    )
    return {
        "case": str(chidi(world).uuid),
        "to_organisation": str(heartlands.uuid),
        "purpose": "English classes",
        "shared": ["contact"],
    }


def api(allowed: dict[str, int], **others: int) -> dict[str, int]:
    return only({**allowed, **others}, otherwise=404, anonymous=401)


API_HUB = {"hub_coordinator": 200, "hub_caseworker": 200}
# Council leads see Birmingham's cases whole but may not change them: 403, not 404.
CASES += [
    Case(
        "api:case-status",
        api(API_HUB, council_lead=403),
        kwargs=birmingham_case,
        method="post",
        data=lambda w: {"status": "introduced"},
        api=True,
    ),
    Case(
        "api:case-assign",
        api(API_HUB, council_lead=403),
        kwargs=birmingham_case,
        method="post",
        data=lambda w: {"assigned_to": None},
        api=True,
    ),
    Case(
        "api:case-merge",
        api(API_HUB),
        kwargs=case_of("Grace Mensah"),
        method="post",
        data=grace_merge,
        api=True,
    ),
    Case("api:case-tasks", api({**API_HUB, "council_lead": 200}), kwargs=birmingham_case, api=True),
    Case(
        "api:case-tasks",
        api(API_HUB, council_lead=403),
        kwargs=birmingham_case,
        method="post",
        data=lambda w: {"title": "Ring", "due_on": "2030-01-02"},
        api=True,
    ),
    Case(
        "api:case-task-done",
        api(API_HUB, council_lead=403),
        kwargs=open_task,
        method="post",
        api=True,
    ),
    Case("api:case-notes", api({**API_HUB, "council_lead": 200}), kwargs=birmingham_case, api=True),
    Case(
        "api:case-notes",
        api(API_HUB, council_lead=403),
        kwargs=birmingham_case,
        method="post",
        data=lambda w: {"text": "Rang"},
        api=True,
    ),
    Case(
        "api:case-documents",
        api({**API_HUB, "council_lead": 200}),
        kwargs=birmingham_case,
        api=True,
    ),
    Case(
        "api:case-consents", api({**API_HUB, "council_lead": 200}), kwargs=birmingham_case, api=True
    ),
    Case("api:follow-up-list", only({}, otherwise=200, anonymous=401), api=True),
    Case(
        "api:follow-up-detail",
        api(API_HUB),
        kwargs=lambda w: {"uuid": follow_up(w)["follow_up"]},
        api=True,
    ),
    Case(
        "api:follow-up-detail",
        api(API_HUB),
        kwargs=lambda w: {"uuid": follow_up(w)["follow_up"]},
        method="put",
        data=lambda w: {"still_employed": True, "visa_granted": True},
        api=True,
    ),
    Case("api:referral-list", only({}, otherwise=200, anonymous=401), api=True),
    # Creating: a case the caller cannot see is an invalid reference (400); one they see
    # but may not refer is refused (403).
    Case(
        "api:referral-list",
        only(
            {"hub_coordinator": 201, "hub_caseworker": 201, "council_lead": 403},
            otherwise=400,
            anonymous=401,
        ),
        method="post",
        data=api_referral,
        api=True,
    ),
    Case(
        "api:referral-detail",
        api({**API_HUB, "partner_caseworker": 200}),
        kwargs=tendai_referral,
        api=True,
    ),
    Case(
        "api:referral-respond",
        api({"partner_caseworker": 200}, hub_coordinator=403, hub_caseworker=403),
        kwargs=tendai_referral,
        method="post",
        data=lambda w: {"action": "accept"},
        api=True,
    ),
]

# The public journeys keep their cases beside their own tests.
CASES += SELF_REFERRAL_CASES + PORTAL_CASES
