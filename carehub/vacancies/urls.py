from django.urls import path

from carehub.vacancies import views

app_name = "vacancies"

urlpatterns = [
    path("vacancies/", views.vacancy_list, name="vacancy-list"),
    path("vacancies/new/", views.vacancy_create, name="vacancy-create"),
    path("vacancies/<uuid:uuid>/", views.vacancy_detail, name="vacancy-detail"),
    path("vacancies/<uuid:uuid>/change/", views.vacancy_edit, name="vacancy-edit"),
    path("vacancies/<uuid:uuid>/status/", views.vacancy_status, name="vacancy-status"),
    path("introductions/", views.introduction_list, name="introduction-list"),
    path("introductions/<uuid:uuid>/", views.introduction_detail, name="introduction-detail"),
    path("cases/<uuid:case>/propose/<uuid:vacancy>/", views.propose, name="propose"),
    path("matching/", views.regional_matching, name="matching"),
]
