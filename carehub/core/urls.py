from django.urls import path

from carehub.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("reference/local-authorities/", views.local_authorities, name="local-authorities"),
    path("reference/policy-values/", views.policy_values, name="policy-values"),
    path("privacy/", views.privacy, name="privacy"),
    path("cookies/", views.cookies, name="cookies"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("data-sources/", views.data_sources, name="data-sources"),
    path("healthz/", views.healthz, name="healthz"),
]
