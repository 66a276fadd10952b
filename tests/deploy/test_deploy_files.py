"""deploy/: the example settings and units say what the code does."""

from __future__ import annotations

import re
from pathlib import Path

from groupdecide.config import Defaults

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def _settings() -> set[str]:
    return {name for name in vars(Defaults) if name.isupper()}


def test_the_env_file_lists_every_setting_of_config_py():
    text = (DEPLOY / "groupdecide.env").read_text()
    listed = set(re.findall(r"^#?GROUPDECIDE_([A-Z0-9_]+)=", text, flags=re.MULTILINE))
    missing = _settings() - listed
    assert not missing, f"deploy/groupdecide.env lacks {sorted(missing)}"
    unknown = listed - _settings() - {"INSTANCE_PATH"}
    assert not unknown, f"deploy/groupdecide.env names settings config.py lacks: {unknown}"


def test_the_env_file_s_commented_defaults_are_config_py_s():
    import json

    text = (DEPLOY / "groupdecide.env").read_text()
    for name, raw in re.findall(r"^#GROUPDECIDE_([A-Z0-9_]+)=(.*)$", text, flags=re.MULTILINE):
        raw = raw.strip("'")
        try:
            value = json.loads(raw)
        except ValueError:
            value = raw
        want = getattr(Defaults, name)
        if isinstance(want, tuple):
            want = list(want)
        assert value == want, f"{name}: the env file says {value!r}, config.py {want!r}"


def test_nginx_refuses_bodies_at_the_app_s_limit():
    text = (DEPLOY / "nginx.conf").read_text()
    size = re.search(r"client_max_body_size (\d+)k;", text)
    assert size is not None
    assert int(size.group(1)) * 1024 == Defaults.MAX_CONTENT_LENGTH
    caddy = re.search(r"max_size (\d+)KB", (DEPLOY / "Caddyfile").read_text())
    assert caddy is not None
    assert int(caddy.group(1)) * 1024 == Defaults.MAX_CONTENT_LENGTH


def test_the_units_run_commands_the_app_has(app):
    commands = set(app.cli.list_commands(app.app_context())) | set(app.cli.commands)
    units = sorted(DEPLOY.glob("*.service"))
    assert {u.name for u in units} >= {
        "groupdecide-web.service",
        "groupdecide-webhooks.service",
        "groupdecide-notify.service",
        "groupdecide-purge.service",
    }
    for unit in units:
        line = next(x for x in unit.read_text().splitlines() if x.startswith("ExecStart="))
        if "flask --app groupdecide" in line:
            command = line.split("flask --app groupdecide", 1)[1].split()[0]
            assert command in commands, f"{unit.name}: flask {command} does not exist"
        else:
            assert "groupdecide.gunicorn_conf" in line
    timer = (DEPLOY / "groupdecide-notify.timer").read_text()
    assert "OnCalendar=*:0/15" in timer
    for timer_path in DEPLOY.glob("*.timer"):
        assert (DEPLOY / timer_path.name.replace(".timer", ".service")).exists()
