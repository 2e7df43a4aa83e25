"""A readable, accessible page documenting the REST API, built from the OpenAPI schema.

Swagger UI needs JavaScript and fails accessibility checks; this page is plain HTML in the
GOV.UK style and is generated from the same schema served at /api/schema/.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


@cache
def schema() -> dict[str, Any]:
    generator = SchemaGenerator()  # type: ignore[no-untyped-call]
    generated: dict[str, Any] = generator.get_schema(request=None, public=True)  # type: ignore[no-untyped-call]
    return generated


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Each operation with its method, path, summary and parameters, in path order."""
    found: list[dict[str, Any]] = []
    for path, item in sorted(spec.get("paths", {}).items()):
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "description": operation.get("description", "").strip(),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "responses": sorted(operation.get("responses", {}).keys()),
                }
            )
    return found


def api_docs(request: HttpRequest) -> HttpResponse:
    spec = schema()
    return render(
        request,
        "core/api_docs.html",
        {"info": spec.get("info", {}), "operations": operations(spec)},
    )
