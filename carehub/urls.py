from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite
from drf_spectacular.views import SpectacularAPIView

from carehub.core.api_docs import api_docs

# The admin site also demands two-factor authentication.
admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path("", include("carehub.core.urls")),
    path("", include("carehub.accounts.urls")),
    path("", include("carehub.audit.urls")),
    path("", include("carehub.providers.urls")),
    path("", include("carehub.registers.urls")),
    path("", include("carehub.workers.urls")),
    path("", include("carehub.vacancies.urls")),
    path("get-help/", include("carehub.workers.selfreferral.urls")),
    path("my-case/", include("carehub.workers.portal.urls")),
    path("api/v1/", include("carehub.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("admin/", admin.site.urls),
]

handler403 = "carehub.core.views.permission_denied"
handler404 = "carehub.core.views.page_not_found"
