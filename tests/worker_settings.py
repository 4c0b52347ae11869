"""Settings for a Celery worker process started by the crash tests (tests/test_notification_crash.py):
the test settings, with e-mail written to files that the test counts, and unacknowledged tasks
given back to the queue one second after a worker died (instead of an hour), and results kept."""

import os

from tests.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["NVM_TEST_MAIL_DIR"]
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 1,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
# The test waits for the redelivered task's result.
CELERY_RESULT_BACKEND = os.environ["CELERY_BROKER_URL"]
CELERY_TASK_IGNORE_RESULT = False
