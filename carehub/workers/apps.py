from django.apps import AppConfig


class WorkersConfig(AppConfig):
    name = "carehub.workers"
    label = "workers"
    verbose_name = "Workers and casework"
