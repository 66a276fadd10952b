"""Mail that cannot be turned against its owner: links from PUBLIC_URL (never from the
request's Host), unknown hosts refused, no set-up link for an existing account, reset requests
that do the same work for every address, log-in limits nobody else can use to lock an owner out,
private instance files and outbox mails whose links can be copied."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa
from web.conftest import Browser

from groupdecide.extensions import db
from groupdecide.services.mail import wait_for_background

from .conftest import PASSWORD, link_in, log_in

PUBLIC = "https://vote.example.org"


@pytest.mark.app_config(PUBLIC_URL=PUBLIC, ALLOWED_HOSTS=["evil.example"])
def test_a_reset_requested_with_a_forged_host_mails_a_link_to_the_real_host(
    app, make_member, outbox
):
    make_member("acme", "olga@example.org")
    b = Browser(app)
    resp = b.post(
        "/t/acme/account/reset",
        data={"email": "olga@example.org"},
        base_url="http://evil.example",
    )
    assert resp.status_code == 303
    wait_for_background()
    body = outbox()[0][2]
    assert "evil.example" not in body
    assert f"{PUBLIC}/t/acme/account/set-password?token=" in body


@pytest.mark.app_config(PUBLIC_URL=PUBLIC)
def test_member_invitations_link_to_the_public_url_or_the_tenants_own_host(
    app, make_member, outbox
):
    from groupdecide.services.tenants import find_tenant
    from groupdecide.tenancy import forget_hosts

    make_member("acme", "olga@example.org")
    owner = Browser(app)
    log_in(owner.client, "acme", "olga@example.org")
    owner.post("/t/acme/admin/members/invite", data={"email": "mia@example.org", "role": "owner"})
    assert f"{PUBLIC}/t/acme/account/invitation?token=" in outbox()[-1][2]
    with app.app_context():
        find_tenant("acme").custom_domain = "vote.acme.example"
        db.session.commit()
    forget_hosts()
    owner.post("/t/acme/admin/members/invite", data={"email": "max@example.org", "role": "owner"})
    body = outbox()[-1][2]
    assert "https://vote.acme.example/account/invitation?token=" in body
    assert "gd.test" not in body


def test_a_request_for_an_unknown_host_is_refused(app, make_tenant):
    from groupdecide.services.tenants import find_tenant
    from groupdecide.tenancy import forget_hosts

    client = app.test_client()
    assert client.get("/").status_code == 200  # SERVER_NAME of the tests
    assert client.get("/", base_url="http://127.0.0.1:8000").status_code == 200
    assert client.get("/", base_url="http://localhost:5000").status_code == 200
    refused = client.get("/t/public/account/reset", base_url="http://evil.example")
    assert refused.status_code == 400
    api = client.get("/t/public/api/v1/decisions", base_url="http://evil.example")
    assert api.status_code == 400
    assert api.get_json()["error"]["code"] == "bad_request"
    slug, _key = make_tenant("acme")
    with app.app_context():
        find_tenant(slug).custom_domain = "vote.acme.example"
        db.session.commit()
    forget_hosts()
    assert client.get("/", base_url="https://vote.acme.example").status_code == 200


def test_tenant_create_for_an_existing_account_invites_and_gives_no_setup_link(
    app, runner, make_member, outbox
):
    make_member("first", "olga@example.org")
    result = runner.invoke(
        args=["tenant", "create", "acme", "--name", "Acme", "--owner-email", "olga@example.org"]
    )
    assert result.exit_code == 0, result.output
    assert "set-password" not in result.output
    assert "token=" not in result.output
    assert "has an account already" in result.output
    mails = outbox()
    assert [m[0] for m in mails] == ["olga@example.org"]
    assert "/account/set-password" not in mails[0][2]
    path = link_in(mails[0][2])
    assert path.startswith("/t/acme/account/invitation?token=")
    # whoever has the link but not the password cannot use it; the owner accepts with hers
    stranger = Browser(app)
    resp = stranger.post(
        "/t/acme/account/invitation",
        data={"token": path.split("token=")[1], "password": "an attackers passphrase"},
    )
    assert resp.status_code == 422
    assert stranger.get("/t/acme/admin/").status_code == 303
    olga = Browser(app)
    resp = olga.post(
        "/t/acme/account/invitation", data={"token": path.split("token=")[1], "password": PASSWORD}
    )
    assert resp.status_code == 303
    assert olga.get("/t/acme/admin/members").status_code == 200  # she is the owner
    # and her password is still hers
    log_in(Browser(app).client, "first", "olga@example.org")


def test_the_operator_page_shows_no_setup_link_for_an_existing_account(
    app, runner, make_member, outbox
):
    from .test_operator_and_hosts import _operator

    make_member("first", "olga@example.org")
    op = _operator(app, runner, outbox)
    resp = op.post(
        "/operator/tenants",
        data={
            "slug": "acme",
            "name": "Acme",
            "policy": "members",
            "owner_email": "olga@example.org",
        },
    )
    assert resp.status_code == 201
    page = resp.get_data(as_text=True)
    assert "set-password?token=" not in page
    assert "has an account already" in page


def test_make_run_serves_on_its_port_with_links_for_it_and_shared_limits(tmp_path):
    """``make run PORT=8123``: the server, and so every mailed link, uses
    http://127.0.0.1:8123, and the workers share their limits through the local Redis when
    one answers. The tools are stand-ins that print what they were given."""
    import os
    import shutil
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(sys.executable)
    for tool in ("flask", "pybabel", "gunicorn"):
        script = venv / "bin" / tool
        script.write_text(
            "#!/bin/sh\n"
            f'echo "{tool} $* PUBLIC_URL=$GROUPDECIDE_PUBLIC_URL '
            'LIMITS=$GROUPDECIDE_RATELIMIT_STORAGE_URI"\n'
        )
        script.chmod(0o755)
    (venv / "bin" / "activate").touch()
    (venv / ".installed").touch()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GROUPDECIDE_")}
    ran = subprocess.run(
        [shutil.which("make") or "make", "-s", "run", "PORT=8123", f"VENV={venv}"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    (line,) = [x for x in ran.stdout.splitlines() if x.startswith("gunicorn ")]
    assert "--bind 127.0.0.1:8123" in line
    assert "PUBLIC_URL=http://127.0.0.1:8123 " in line
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), 1).close()
        assert "LIMITS=redis://127.0.0.1:6379" in line
    except OSError:  # no Redis here: each worker counts alone (and the app warns)
        assert line.endswith("LIMITS=")
    assert " -c " not in line  # plain: gunicorn reads ./gunicorn.conf.py (redacting log)


def test_operator_create_gives_no_setup_link_for_an_account_with_a_password(
    app, runner, make_member, outbox
):
    make_member("acme", "olga@example.org")
    result = runner.invoke(args=["operator", "create", "olga@example.org"])
    assert result.exit_code == 0, result.output
    assert "token=" not in result.output
    assert outbox() == []
    assert "with their password" in result.output


def test_an_outbox_mail_has_a_plain_text_copy_whose_long_link_works(app, runner):
    """The .eml may wrap long lines (quoted-printable); the .txt beside it holds the link as
    it is, and the files are for the owner only."""
    tenant_name = "Ä very long name of a customer that makes the lines of the mail quite long"
    result = runner.invoke(
        args=[
            *("tenant", "create", "acme", "--name", tenant_name),
            *("--owner-email", "o@example.org", "--json"),
        ]
    )
    link = json.loads(result.output)["setup_link"]
    folder = Path(app.instance_path) / "outbox"
    (txt,) = folder.glob("*.txt")
    (eml,) = folder.glob("*.eml")
    assert txt.stem == eml.stem
    assert link in txt.read_text(encoding="utf-8").split()
    for path in (txt, eml):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.sqlite_only
def test_instance_files_are_for_the_owner_only(app, runner, tmp_path, make_tenant):
    make_tenant("acme")
    instance = Path(app.instance_path)
    db_file = tmp_path / "instance" / "fresh.sqlite3"
    from testkit import make_app

    fresh = make_app("sqlite:///" + str(db_file), tmp_path, SECRET_KEY=None)
    with fresh.app_context():
        db.session.execute(sa.text("create table x (a int)"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    assert stat.S_IMODE(db_file.stat().st_mode) == 0o600
    assert stat.S_IMODE((instance / "secret_key").stat().st_mode) == 0o600
    out = tmp_path / "export.json"
    assert runner.invoke(args=["tenant", "export", "acme", "-o", str(out)]).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


# ----------------------------------------------------------------------------- resets


def _request_sql(app, client, email):
    """The SQL statements that run inside the reset request (not after it)."""
    import threading

    seen: list[str] = []
    me = threading.get_ident()

    def record(_conn, _cursor, statement, params, _context, _many):
        if threading.get_ident() == me:
            seen.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        resp = client.post("/t/acme/account/reset", data={"email": email})
        # the mail job after the answer runs SQL in its own thread (not recorded); the
        # listener is removed only once it is done, not while it runs
        wait_for_background()
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    assert resp.status_code == 303
    return seen, resp.headers["Location"]


def test_a_reset_request_does_the_same_work_for_known_and_unknown_addresses(
    app, make_member, outbox
):
    make_member("acme", "olga@example.org")
    make_member("other", "otto@example.org")  # an account, but not a member here
    client = app.test_client()
    # a first request fills the per-process host cache (a custom-domain lookup), which would
    # otherwise count as work of whichever reset comes first
    assert client.get("/t/acme/account/reset").status_code == 200
    known, where_known = _request_sql(app, client, "olga@example.org")
    unknown, where_unknown = _request_sql(app, client, "nobody@example.org")
    stranger, _where = _request_sql(app, client, "otto@example.org")
    assert known == unknown == stranger
    assert where_known == where_unknown
    wait_for_background()
    assert [m[0] for m in outbox()] == ["olga@example.org"]


# Reset limits per address and client, and the mailbox cap: test_login_limits.py.


# ----------------------------------------------------------------------------- log-ins


@pytest.mark.app_config(RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="3 per minute")
def test_failed_log_ins_from_elsewhere_do_not_lock_the_owner_out(app, make_member):
    make_member("acme", "olga@example.org")
    attacker = {"REMOTE_ADDR": "10.6.6.6"}
    codes = [
        app.test_client()
        .post(
            "/t/acme/login",
            data={"email": "olga@example.org", "password": "wrong wrong"},
            environ_base=attacker,
        )
        .status_code
        for _ in range(5)
    ]
    assert codes[-1] == 429  # the attacker is slowed down ...
    owner = Browser(app)  # ... the owner, from her own address, still logs in
    resp = owner.post(
        "/t/acme/login",
        data={"email": "olga@example.org", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.1.1.1"},
    )
    assert resp.status_code == 303
    assert owner.get("/t/acme/admin/").status_code == 200


def test_several_workers_with_memory_limits_are_warned_about_at_start(
    app, tmp_path, database_url, monkeypatch, caplog
):
    from testkit import make_app

    monkeypatch.setenv("GROUPDECIDE_WORKERS", "4")
    with caplog.at_level("WARNING", logger="groupdecide"):
        make_app(database_url, tmp_path, RATELIMIT_ENABLED=True)
    assert any("4 workers keep their rate limits in memory" in r.message for r in caplog.records)
    caplog.clear()
    with caplog.at_level("WARNING", logger="groupdecide"):
        make_app(
            database_url,
            tmp_path,
            RATELIMIT_ENABLED=True,
            RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379",
        )
    assert not any("in memory" in r.message for r in caplog.records)
