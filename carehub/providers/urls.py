from django.urls import path

from carehub.providers import views

app_name = "providers"

urlpatterns = [
    path("providers/", views.provider_list, name="provider-list"),
    path("providers/<uuid:uuid>/", views.provider_detail, name="provider-detail"),
    path("providers/<uuid:uuid>/register-links/", views.decide_link, name="decide-link"),
]
