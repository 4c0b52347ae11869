from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from notifications.services import notify_event
        from referrals.events import referral_event_recorded

        def on_event(sender: object, **event: object) -> None:
            notify_event(**event)  # type: ignore[arg-type]

        referral_event_recorded.connect(on_event, dispatch_uid="notifications.notify_event", weak=False)
