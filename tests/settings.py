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

# Handover documents and the audit heads file of the test run go to a scratch directory.
import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

_SCRATCH = Path(tempfile.mkdtemp(prefix="nvm-tests-"))
atexit.register(shutil.rmtree, _SCRATCH, ignore_errors=True)
STORAGES["handovers"] = {  # noqa: F405
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(_SCRATCH / "handovers")},
}
AUDIT_HEADS_FILE = _SCRATCH / "audit" / "heads.log"
# The suite verifies many files within a minute; the throttle itself is Django REST framework's.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"handover_verify": "10000/minute", "reports": "10000/minute"}  # noqa: F405
