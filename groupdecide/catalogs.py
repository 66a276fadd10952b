"""The compiled message catalogues (``.mo``) for a server started from a plain checkout.

A wheel ships them (``setup.py`` compiles them while building); a checkout has only the
``.po`` files, and without a ``.mo`` Flask-Babel silently speaks English. At start, each
``.mo`` that is missing or older than its ``.po`` is compiled in place (written to a temporary
file and renamed, so workers starting together do not read a half-written one).
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


def ensure_compiled(folder: Path) -> None:
    """Compile every stale or missing catalogue below ``folder`` (``translations/``)."""
    for po in sorted(folder.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        try:
            _compile(po, mo)
        except OSError as exc:  # a read-only install: say why German is missing
            log.warning("cannot compile %s (%s): that language falls back to English", po, exc)


def _compile(po: Path, mo: Path) -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh, locale=po.parts[-3])
    fd, tmp = tempfile.mkstemp(dir=mo.parent, prefix=".messages-", suffix=".mo")
    try:
        with os.fdopen(fd, "wb") as fh:
            write_mo(fh, catalog)
        os.chmod(tmp, 0o644)
        os.replace(tmp, mo)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
