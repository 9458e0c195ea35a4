"""The first hour of a newcomer: serve, the demo key, sessions across restarts, error shapes."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
from pathlib import Path

from callprep import create_app
from callprep.instance import stored_secret
from tests.support.live_server import live_server


def run_cli(database_url: str, *args: str, secret: str | None = "first-hour-secret"):  # noqa: S107
    env = {**os.environ, "CALLPREP_DATABASE_URL": database_url}
    env.pop("CALLPREP_SECRET_KEY", None)
    if secret is not None:
        env["CALLPREP_SECRET_KEY"] = secret
    return subprocess.run(
        [sys.executable, "-m", "callprep.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_busy_port_is_one_line_and_a_non_zero_exit(tmp_path: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli(f"sqlite:///{tmp_path / 'x.db'}", "serve", "--port", str(port))
    assert result.returncode != 0
    assert "Serving" not in result.stdout
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"Error: 127.0.0.1:{port} is in use by another program; pick another with --port"
    ]


def test_an_impossible_port_is_refused_before_serving(tmp_path: Path):
    result = run_cli(f"sqlite:///{tmp_path / 'x.db'}", "serve", "--port", "99999")
    assert result.returncode == 2
    assert "Serving" not in result.stdout
    assert "99999 is not in the range 1<=x<=65535" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_demo_prints_the_same_working_key_every_time(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    keys = []
    for _ in range(2):
        with live_server(url, demo=True) as (base, output):
            keys.append(re.search(r"Demo API key \(admin\): (\S+)", output).group(1))
    assert keys[0] == keys[1]
    listed = run_cli(url, "keys", "list", secret="live-server-test-secret")
    assert listed.returncode == 0, listed.stderr
    header, *rows = listed.stdout.splitlines()
    assert header.split() == ["PREFIX", "ROLE", "NAME", "USER", "LAST", "USED", "STATE"]
    demo_rows = [row for row in rows if "demo console" in row]
    assert len(demo_rows) == 1 and demo_rows[0].rstrip().endswith("active")
    assert demo_rows[0].split()[0] == keys[0][4:12]


def test_a_revoked_demo_key_is_replaced_not_revived(app, session):
    from callprep.accounts import users as accounts
    from callprep.demo import demo_console_key

    first = demo_console_key(session, "a-secret")
    accounts.revoke_api_key(session, first[4:12])
    second = demo_console_key(session, "a-secret")
    assert second != first
    assert accounts.principal_for_key(session, first) is None
    assert accounts.principal_for_key(session, second).role == "admin"
    assert demo_console_key(session, "a-secret") == second


def test_the_generated_secret_is_kept_in_the_instance_folder(tmp_path: Path):
    folder = tmp_path / "instance"
    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(stored_secret(folder))) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 1 and len(results[0]) >= 40
    assert stored_secret(folder) == results[0]
    assert (folder / "secret_key").stat().st_mode & 0o777 == 0o600
    assert [p.name for p in folder.iterdir()] == ["secret_key"]


def test_two_apps_without_a_secret_setting_share_one_secret(tmp_path: Path):
    first = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}", "SECRET_KEY": ""})
    second = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}", "SECRET_KEY": ""})
    for app in (first, second):
        app.extensions["callprep.engine"].dispose()
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert first.config["SECRET_KEY"] == stored_secret(first.instance_path)


def test_validation_errors_carry_a_message_naming_the_field(client, make_key):
    key = make_key("integration")
    response = client.post(
        "/api/v1/leads", json={"email": "not an email"}, headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code == 422
    body = response.get_json()
    assert set(body) >= {"code", "status", "message", "errors"}
    assert body["message"].startswith("invalid input: email: ")


def test_favicon_ico_is_served(client):
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("image/svg+xml")
        assert b"<svg" in response.data
