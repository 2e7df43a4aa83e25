from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "carehub.accounts"
    label = "accounts"
    verbose_name = "Organisations and accounts"
