"""gunicorn reads this file from the directory it starts in: a plain
``gunicorn 'groupdecide:create_app()'`` from the project root gets the redacting access log
(no admin, edit or invite token in it) and the rest of ``groupdecide/gunicorn_conf.py``."""

from groupdecide.gunicorn_conf import (  # noqa: F401 - gunicorn reads these names
    access_log_format,
    accesslog,
    logger_class,
    on_starting,
)
