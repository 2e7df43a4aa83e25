from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from carehub.accounts import services
from carehub.accounts.roles import Role
from carehub.core.models import Region


class Command(BaseCommand):
    help = (
        "Set up a regional partnership with its hub organisation and first hub coordinator, "
        "who is sent an invitation to create their account."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="For example: West Midlands Care Workforce Partnership")
        parser.add_argument("--region", required=True, help="ONS region code, e.g. E12000005")
        parser.add_argument("--hub-name", required=True, help="Name of the hub team")
        parser.add_argument("--coordinator-email", required=True)
        parser.add_argument("--coordinator-name", required=True)

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        region = Region.objects.filter(gss_code=options["region"]).first()
        if region is None:
            raise CommandError(f"No region with code {options['region']}")
        try:
            partnership, hub = services.create_partnership(
                name=options["name"], region=region, hub_name=options["hub_name"]
            )
            # A random password nobody knows: the coordinator sets their own by reset.
            coordinator = services.create_member(
                email=options["coordinator_email"],
                full_name=options["coordinator_name"],
                password=secrets.token_urlsafe(32),
                organisation=hub,
                role=Role.HUB_COORDINATOR,
                actor=None,
                check_permission=False,
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            f"Created {partnership} with {hub}. {coordinator.email} can set a password "
            "with 'Forgotten your password?' on the sign-in page."
        )
