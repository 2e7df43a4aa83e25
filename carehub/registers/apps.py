from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "carehub.registers"
    label = "registers"
    verbose_name = "Public registers"
