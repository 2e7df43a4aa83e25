from django.apps import AppConfig


class VacanciesConfig(AppConfig):
    name = "carehub.vacancies"
    label = "vacancies"
    verbose_name = "Vacancies and matching"
