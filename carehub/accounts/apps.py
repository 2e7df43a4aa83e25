from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "carehub.accounts"
    label = "accounts"
    verbose_name = "Organisations and accounts"

    def ready(self) -> None:
        from carehub.accounts import schema  # noqa: F401  (registers the OpenAPI extension)
