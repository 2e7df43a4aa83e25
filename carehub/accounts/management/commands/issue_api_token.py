from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from carehub.accounts import services
from carehub.accounts.models import Organisation


class Command(BaseCommand):
    help = "Create an API service account for an organisation and print its token (once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="The organisation's id (UUID)")
        parser.add_argument("--name", required=True, help="What the token is for")
        parser.add_argument("--role", required=True, help="The service account's role")

    def handle(self, *args: Any, organisation: str, name: str, role: str, **options: Any) -> None:
        try:
            target = Organisation.objects.select_related("partnership").get(uuid=organisation)
        except (Organisation.DoesNotExist, ValidationError):
            raise CommandError(f"No organisation with id {organisation}") from None
        try:
            token, key = services.issue_api_token(
                organisation=target, name=name, role=role, actor=None, check_permission=False
            )
        except (ValidationError, KeyError, ValueError) as error:
            raise CommandError(f"Cannot issue the token: {error}") from error
        self.stdout.write(f"Token for {token.name} ({target}); it will not be shown again:")
        self.stdout.write(key)
