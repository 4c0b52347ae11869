from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from notifications.services import on_event
        from referrals.events import referral_event

        def receive(sender: object, **event: object) -> None:
            on_event(**event)  # type: ignore[arg-type]

        referral_event.connect(receive, dispatch_uid="notifications.on_event", weak=False)
