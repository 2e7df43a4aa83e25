from __future__ import annotations

from pathlib import Path

from django.core.management import call_command

SNAPSHOT = Path(__file__).resolve().parents[3] / "docs" / "api" / "openapi.yaml"


def test_it_matches_the_committed_schema_snapshot(tmp_path, db):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated), "--validate")
    assert generated.read_text() == SNAPSHOT.read_text(), (
        "The API schema changed: run `make schema` and commit docs/api/openapi.yaml"
    )


def test_it_documents_every_operation_on_the_docs_page(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    for path in ["/api/v1/organisations/", "/api/v1/me/", "/api/v1/policy-values/in-force/"]:
        assert path.encode() in response.content
