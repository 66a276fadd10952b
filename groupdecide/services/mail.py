"""Outgoing mail, sent only after the commit that made it true.

``send_mail`` queues a message on the database session (``Session.info``, which lives as long
as the application context's session); an ``after_commit`` listener on the session delivers the
queue, an ``after_rollback`` drops it. So a set-up link is mailed only
when the user it sets up is stored, and a failed request mails nothing.

Delivery: SMTP when ``MAIL_SERVER`` is set; else (the embedded default) each mail is written to
``instance/outbox/`` as one ``.eml`` file, with a ``.txt`` beside it holding the plain text as
written (a link copied from it works: no quoted-printable line breaks), both readable by the
owner only (0600); its recipient, subject and file are logged. The body (which holds one-time
links) is not logged. Each mail is delivered on its own: one that fails is logged and the
others still leave.

Headers never carry CR or LF: a decision's title with a line break would otherwise make
``EmailMessage`` raise (or, worse, add headers); they are folded to spaces here, once, for
every mail.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import smtplib
import ssl
import threading
from collections.abc import Callable, Sequence
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from groupdecide.extensions import db

from .times import now

log = logging.getLogger(__name__)


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")
SUBJECT_MAX = 200


def header_text(value: object, limit: int = SUBJECT_MAX) -> str:
    """A header value with every line break and control character folded to one space."""
    text = _CONTROL.sub(" ", str(value)).strip()
    return text[: limit - 1] + "…" if len(text) > limit else text


def send_mail(
    to: str,
    subject: str,
    body: str,
    attachments: Sequence[tuple[str, str, str]] = (),
    *,
    unsubscribe_url: str | None = None,
) -> None:
    """Queue a plain-text mail; it leaves after the next commit. ``attachments``: (file name,
    MIME type, text), e.g. the chosen slot of a date poll as ``text/calendar``.
    ``unsubscribe_url``: the one-click unsubscribe link (``List-Unsubscribe`` headers)."""
    address = header_text(to, 254)
    if not address or " " in address:
        log.warning("mail to an unusable address not queued")
        return
    msg = EmailMessage()
    msg["From"] = header_text(current_app.config["MAIL_SENDER"], 254)
    msg["To"] = address
    msg["Subject"] = header_text(subject)
    if unsubscribe_url:
        msg["List-Unsubscribe"] = f"<{header_text(unsubscribe_url, 2000)}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.set_content(body)
    for filename, mimetype, text in attachments:
        maintype, _slash, subtype = mimetype.partition("/")
        msg.add_attachment(
            text.encode("utf-8"), maintype=maintype, subtype=subtype, filename=filename
        )
    _queue(db.session()).append(msg)


_QUEUE, _JOBS = "groupdecide_mail_queue", "groupdecide_mail_jobs"
Job = tuple[Callable[..., Any], tuple[Any, ...]]


def _queue(session: Session) -> list[EmailMessage]:
    queue: list[EmailMessage] = session.info.setdefault(_QUEUE, [])
    return queue


def queued() -> int:
    """How many mails wait for the next commit."""
    return len(db.session().info.get(_QUEUE) or [])


def drop_queued_after(count: int) -> None:
    """Forget the mails queued after the first ``count`` (a step that was undone)."""
    del _queue(db.session())[count:]


def outbox_dir() -> Path:
    folder = current_app.config.get("MAIL_OUTBOX")
    return Path(folder) if folder else Path(current_app.instance_path) / "outbox"


def _deliver(msg: EmailMessage) -> None:
    cfg = current_app.config
    if cfg.get("MAIL_SERVER"):
        timeout = float(cfg.get("MAIL_TIMEOUT") or 10)
        host, port = cfg["MAIL_SERVER"], int(cfg.get("MAIL_PORT") or 0)
        smtp: smtplib.SMTP
        if cfg.get("MAIL_USE_SSL"):
            smtp = smtplib.SMTP_SSL(
                host, port or 465, timeout=timeout, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(host, port or 587, timeout=timeout)
        with smtp:
            if cfg.get("MAIL_USE_TLS") and not cfg.get("MAIL_USE_SSL"):
                smtp.starttls(context=ssl.create_default_context())
            if cfg.get("MAIL_USERNAME"):
                smtp.login(cfg["MAIL_USERNAME"], cfg.get("MAIL_PASSWORD") or "")
            smtp.send_message(msg)
        log.info("mail sent to %s: %s", msg["To"], msg["Subject"])
        return
    folder = outbox_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stem = folder / f"{now().strftime('%Y%m%dT%H%M%S%f')}-{secrets.token_hex(4)}"
    body = msg.get_body(preferencelist=("plain",))  # the text, without attachments
    content = body.get_content() if body is not None else ""
    text = f"To: {msg['To']}\nSubject: {msg['Subject']}\n\n{content}"
    _write_private(stem.with_suffix(".txt"), text.encode("utf-8"))
    _write_private(stem.with_suffix(".eml"), bytes(msg))
    log.info("mail to %s: %s (written to %s.eml)", msg["To"], msg["Subject"], stem)


def _write_private(path: Path, data: bytes) -> None:
    """Write a new file readable by the owner only (it holds one-time links)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def after_commit_in_background(job: Callable[..., Any], *args: Any) -> None:
    """Run ``job(*args)`` after the next commit, in a thread with an application context of
    its own (so the answer does not wait for it, nor depends on what it finds)."""
    jobs: list[Job] = db.session().info.setdefault(_JOBS, [])
    jobs.append((job, args))


_threads: list[threading.Thread] = []


def _run_job(app: Flask, job: Callable[..., Any], args: tuple[Any, ...]) -> None:
    with app.app_context():
        try:
            job(*args)
        except Exception:  # noqa: BLE001 - a background mail must not take the worker down
            log.exception("background mail job failed")
            db.session.rollback()
        finally:
            db.session.remove()


def wait_for_background(timeout: float = 30) -> None:
    """Wait until the background mail jobs started so far are done (tests, shutdown)."""
    for thread in list(_threads):
        thread.join(timeout)
        if not thread.is_alive():
            _threads.remove(thread)


def _after_commit(session: Session) -> None:
    queue: list[EmailMessage] = session.info.pop(_QUEUE, None) or []
    jobs: list[Job] = session.info.pop(_JOBS, None) or []
    if not has_app_context():
        return
    for msg in queue:  # each on its own: one that fails is logged, the others still leave
        try:
            _deliver(msg)
        except Exception:  # noqa: BLE001 - what is stored stays stored; the mail can be re-sent
            log.exception("mail to %s could not be sent", msg["To"])
    if jobs:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        for job, args in jobs:
            thread = threading.Thread(target=_run_job, args=(app, job, args), daemon=True)
            _threads[:] = [t for t in _threads if t.is_alive()] + [thread]
            thread.start()


def _after_rollback(session: Session) -> None:
    session.info.pop(_QUEUE, None)
    session.info.pop(_JOBS, None)


def read_outbox(folder: Path) -> list[EmailMessage]:
    """The mails in an outbox folder, oldest first (for tests and the operator)."""
    from email import policy
    from email.parser import BytesParser

    parser = BytesParser(policy=policy.default)
    out: list[Any] = []
    for path in sorted(folder.glob("*.eml")) if folder.exists() else []:
        out.append(parser.parsebytes(path.read_bytes()))
    return out


_listening = False


def init_app() -> None:
    """Install the commit and rollback listeners (once per process)."""
    global _listening
    if not _listening:
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)
        _listening = True
