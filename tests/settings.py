"""Settings for the test suite: production settings on PostgreSQL, over plain HTTP.

``make test`` sets DATABASE_URL to a PostgreSQL server it found or started;
these defaults only help when pytest is run by hand.
"""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
os.environ.setdefault("HTTPS", "false")

from nvm.settings import *  # noqa: F403

# The test suite does not run collectstatic.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (whitenoise warns about a missing folder)
