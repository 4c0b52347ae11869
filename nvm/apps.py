from django.apps import AppConfig


class NvmConfig(AppConfig):
    """The project's shared pieces: input rules, the API's conventions, idempotency keys."""

    name = "nvm"
    verbose_name = "NVM"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from nvm.input import make_serializers_strict

        make_serializers_strict()
