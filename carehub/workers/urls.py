from django.urls import path

from carehub.workers import views

app_name = "workers"

urlpatterns = [
    path("cases/", views.caseload, name="caseload"),
    path("cases/new-contact/", views.intake, name="intake"),
    path("cases/<uuid:uuid>/", views.case_detail, name="case-detail"),
]
