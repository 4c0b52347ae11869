"""Configuration of the NVM site: settings, URLs, WSGI/ASGI and the Celery app."""

from nvm.celery import app as celery_app

__all__ = ["celery_app"]
