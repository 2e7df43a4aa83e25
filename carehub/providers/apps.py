from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "carehub.providers"
    label = "providers"
    verbose_name = "Care providers"
