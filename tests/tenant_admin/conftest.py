"""Fixtures for accounts and the tenant's area: the outbox, owners and members, log-ins."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from testkit import PASSWORD, log_in, member_factory

__all__ = ["PASSWORD", "link_in", "log_in", "member_factory", "outbox"]


@pytest.fixture
def outbox(app: Any) -> Any:
    """The mails written to instance/outbox, oldest first, as (to, subject, body)."""

    def read() -> list[tuple[str, str, str]]:
        from groupdecide.services.mail import read_outbox

        folder = Path(app.instance_path) / "outbox"
        return [(m["To"], m["Subject"], m.get_content()) for m in read_outbox(folder)]

    return read


def link_in(body: str) -> str:
    """The one link in a mail, as a path with its query (the test client's host is ignored)."""
    match = re.search(r"https?://[^/\s]+(/\S+)", body)
    assert match, body
    return match.group(1)
