"""The REST API, version 1: every app's endpoints under /api/v1/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from carehub.accounts.api import (
    InvitationViewSet,
    MemberViewSet,
    MeView,
    NotificationViewSet,
    OrganisationViewSet,
)
from carehub.audit.api import AuditEventViewSet
from carehub.core.api import LocalAuthorityViewSet, PolicyValueViewSet
from carehub.providers.api import ProviderViewSet
from carehub.registers.api import CqcLocationViewSet, RegisterChangeViewSet
from carehub.vacancies.api import IntroductionViewSet, VacancyViewSet
from carehub.workers.api import CaseViewSet, FollowUpViewSet, ReferralViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("members", MemberViewSet, basename="member")
router.register("invitations", InvitationViewSet, basename="invitation")
router.register("local-authorities", LocalAuthorityViewSet, basename="local-authority")
router.register("policy-values", PolicyValueViewSet, basename="policy-value")
router.register("audit-events", AuditEventViewSet, basename="audit-event")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("providers", ProviderViewSet, basename="provider")
router.register("sponsor-register-changes", RegisterChangeViewSet, basename="register-change")
router.register("cqc-locations", CqcLocationViewSet, basename="cqc-location")
router.register("cases", CaseViewSet, basename="case")
router.register("follow-ups", FollowUpViewSet, basename="follow-up")
router.register("referrals", ReferralViewSet, basename="referral")
router.register("vacancies", VacancyViewSet, basename="vacancy")
router.register("introductions", IntroductionViewSet, basename="introduction")

app_name = "api"

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("", include(router.urls)),
]
