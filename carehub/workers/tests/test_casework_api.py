"""The casework API uses the same services and the same visibility as the pages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from carehub.demo.workers import DEMO_PDF
from carehub.workers.models import Case, ConsentEntry, Referral, Worker

pytestmark = pytest.mark.django_db


def test_a_receiver_gets_nulls_for_what_was_not_shared(client_for):
    case = Case.objects.get(worker__full_name="Tendai Moyo")
    url = reverse("api:case-detail", args=[case.uuid])
    partner = client_for("partner_caseworker").get(url).json()
    assert partner["worker_name"] == "Tendai Moyo"
    assert partner["deadline"] is None  # immigration details were not shared
    assert partner["local_authority"] is None
    hub = client_for("hub_caseworker").get(url).json()
    assert hub["deadline"] is not None
    assert hub["local_authority"] == "E08000028"


def test_it_uploads_a_document_and_refuses_a_fake_one(client_for):
    case = Case.objects.get(worker__full_name="Chidi Okonkwo")
    url = reverse("api:case-documents", args=[case.uuid])
    client = client_for("hub_caseworker")
    good = client.post(
        url, {"kind": "payslip", "file": SimpleUploadedFile("payslip.pdf", DEMO_PDF)}
    )
    assert good.status_code == 200
    assert {d["original_name"] for d in good.json()} >= {"payslip.pdf"}
    bad = client.post(url, {"kind": "payslip", "file": SimpleUploadedFile("x.pdf", b"hello")})
    assert bad.status_code == 400
    assert "must be a PDF" in str(bad.json())


def test_a_referral_through_the_api_writes_the_consent_ledger(world, client_for):
    case = Case.objects.get(worker__full_name="Chidi Okonkwo")
    heartlands = world.partnership.organisations.get(
        name="Heartlands Migrant Workers Advice Centre"
    )
    before = ConsentEntry.objects.filter(kind="disclosure").count()
    response = client_for("hub_caseworker").post(
        reverse("api:referral-list"),
        {
            "case": str(case.uuid),
            "to_organisation": str(heartlands.uuid),
            "purpose": "English classes",
            "shared": ["contact", "work_profile"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["shared"] == ["contact", "work_profile"]
    assert ConsentEntry.objects.filter(kind="disclosure").count() == before + 1
    referral = Referral.objects.get(uuid=response.json()["id"])
    answer = client_for("partner_caseworker").post(
        reverse("api:referral-respond", args=[referral.uuid]),
        {"action": "reject"},
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert "why" in str(answer.json())


def test_it_merges_through_the_api(client_for):
    case = Case.objects.get(worker__full_name="Grace Mensah")
    duplicate = Worker.objects.get(full_name="Grace Mensa")
    response = client_for("hub_caseworker").post(
        reverse("api:case-merge", args=[case.uuid]),
        {"duplicate": str(duplicate.uuid), "reason": ""},
        content_type="application/json",
    )
    assert response.status_code == 400
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
