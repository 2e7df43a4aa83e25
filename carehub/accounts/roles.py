"""Roles people hold in an organisation, and what each role may do.

Capabilities are plain strings so that permission predicates, templates and tests share
one vocabulary. Record-level scope (which partnership, which organisation) is applied
separately by the `visible_to` querysets and `can_*` predicates in `permissions.py`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HUB_COORDINATOR = "hub_coordinator", _("Hub coordinator")
    HUB_CASEWORKER = "hub_caseworker", _("Hub caseworker")
    COUNCIL_LEAD = "council_lead", _("Council international recruitment lead")
    PROVIDER_MANAGER = "provider_manager", _("Provider manager")
    PARTNER_CASEWORKER = "partner_caseworker", _("Partner caseworker")
    SAFEGUARDING_LEAD = "safeguarding_lead", _("Safeguarding lead")
    EVALUATOR = "evaluator", _("Evaluator (aggregates only)")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


class OrganisationKind(models.TextChoices):
    REGIONAL_HUB = "regional_hub", _("Regional hub")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    CARE_PROVIDER = "care_provider", _("Care provider")
    PARTNER = "partner", _("Partner organisation")
    RECRUITMENT_AGENCY = "recruitment_agency", _("Recruitment agency")
    ENFORCEMENT_AGENCY = "enforcement_agency", _("Enforcement agency")


# Which roles a member of each kind of organisation may hold. Recruitment agencies are
# recorded (for ethical-recruitment checks and intelligence) but have no users.
ROLES_BY_KIND: dict[str, frozenset[str]] = {
    OrganisationKind.REGIONAL_HUB: frozenset(
        {
            Role.HUB_COORDINATOR,
            Role.HUB_CASEWORKER,
            Role.SAFEGUARDING_LEAD,
            Role.EVALUATOR,
            Role.SYSTEM_ADMIN,
        }
    ),
    OrganisationKind.LOCAL_AUTHORITY: frozenset(
        {Role.COUNCIL_LEAD, Role.SAFEGUARDING_LEAD, Role.EVALUATOR}
    ),
    OrganisationKind.CARE_PROVIDER: frozenset({Role.PROVIDER_MANAGER}),
    OrganisationKind.PARTNER: frozenset({Role.PARTNER_CASEWORKER, Role.EVALUATOR}),
    OrganisationKind.RECRUITMENT_AGENCY: frozenset(),
    OrganisationKind.ENFORCEMENT_AGENCY: frozenset({Role.PARTNER_CASEWORKER}),
}


class Capability(models.TextChoices):
    VIEW_ORGANISATIONS = "view_organisations", "See the partnership's organisations"
    MANAGE_ORGANISATIONS = "manage_organisations", "Add organisations to the partnership"
    MANAGE_ALL_MEMBERS = "manage_all_members", "Invite and manage members of any organisation"
    MANAGE_OWN_MEMBERS = "manage_own_members", "Invite and manage members of their organisation"
    VIEW_AUDIT = "view_audit", "Read the partnership's audit log"
    MANAGE_API_TOKENS = "manage_api_tokens", "Issue API tokens for service accounts"
    VIEW_ALL_CASES = "view_all_cases", "See every worker's case in the partnership"
    VIEW_AREA_CASES = "view_area_cases", "See cases of workers living in their council's area"
    MANAGE_CASES = "manage_cases", "Record contacts and work on cases"
    RECEIVE_REFERRALS = "receive_referrals", "Accept and work on cases referred to them"
    MANAGE_ALL_VACANCIES = "manage_all_vacancies", "Post and manage any provider's vacancies"
    MANAGE_OWN_VACANCIES = "manage_own_vacancies", "Post and manage their organisation's vacancies"
    RUN_MATCHING = "run_matching", "Run regional matching and propose introductions in bulk"


CAPABILITIES: dict[str, frozenset[str]] = {
    Role.HUB_COORDINATOR: frozenset(
        {
            Capability.VIEW_ORGANISATIONS,
            Capability.MANAGE_ORGANISATIONS,
            Capability.MANAGE_ALL_MEMBERS,
            Capability.VIEW_AUDIT,
            Capability.VIEW_ALL_CASES,
            Capability.MANAGE_CASES,
            Capability.MANAGE_ALL_VACANCIES,
            Capability.RUN_MATCHING,
        }
    ),
    Role.HUB_CASEWORKER: frozenset(
        {
            Capability.VIEW_ORGANISATIONS,
            Capability.VIEW_ALL_CASES,
            Capability.MANAGE_CASES,
            Capability.MANAGE_ALL_VACANCIES,
        }
    ),
    Role.COUNCIL_LEAD: frozenset(
        {
            Capability.VIEW_ORGANISATIONS,
            Capability.MANAGE_OWN_MEMBERS,
            Capability.VIEW_AREA_CASES,
            Capability.RECEIVE_REFERRALS,
        }
    ),
    Role.PROVIDER_MANAGER: frozenset(
        {
            Capability.VIEW_ORGANISATIONS,
            Capability.MANAGE_OWN_MEMBERS,
            Capability.MANAGE_OWN_VACANCIES,
        }
    ),
    Role.PARTNER_CASEWORKER: frozenset(
        {Capability.VIEW_ORGANISATIONS, Capability.RECEIVE_REFERRALS}
    ),
    Role.SAFEGUARDING_LEAD: frozenset({Capability.VIEW_ORGANISATIONS}),
    # Evaluators see aggregate figures only, never individual records.
    Role.EVALUATOR: frozenset(),
    Role.SYSTEM_ADMIN: frozenset(
        {
            Capability.VIEW_ORGANISATIONS,
            Capability.MANAGE_ORGANISATIONS,
            Capability.MANAGE_ALL_MEMBERS,
            Capability.VIEW_AUDIT,
            Capability.MANAGE_API_TOKENS,
        }
    ),
}

# Every role is a staff role: all of them must use two-factor authentication.
STAFF_ROLES = frozenset(Role.values)
