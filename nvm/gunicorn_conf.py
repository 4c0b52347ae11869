"""How gunicorn serves NVM: ``make run``, and the tests and scripts that serve it as production does.

``gunicorn -c nvm/gunicorn_conf.py nvm.wsgi``; options on the command line override these.
"""

from nvm.env import env_int, env_str

bind = f"{env_str('BIND_HOST', '127.0.0.1')}:{env_int('PORT', 8000, minimum=1, maximum=65535)}"
workers = env_int("WEB_WORKERS", 2, minimum=1, maximum=64)
threads = env_int("WEB_THREADS", 4, minimum=1, maximum=64)
# Room for a request line with a few percent-encoded parameters (the API caps each at 100 characters).
limit_request_line = 8190
# A request that takes longer than this is stuck; the worker is replaced.
timeout = env_int("WEB_TIMEOUT_SECONDS", 60, minimum=5)
graceful_timeout = 20
accesslog = "-"
loglevel = "info"
