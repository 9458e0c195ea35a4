"""The command line goes through callprep.validation too: bytes that are no UTF-8 (lone
surrogates to Python) in an argument or on stdin are one line on stderr and a non-zero exit,
never a traceback (which would also print the value)."""

from __future__ import annotations

import os
import subprocess
import sys

CALLPREP = [sys.executable, "-c", "from callprep.cli import main; main()"]


def run(args: list[bytes], stdin: bytes = b"", tmp_path=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "CALLPREP_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    return subprocess.run(
        [*(a.encode() for a in CALLPREP), *args],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_an_argument_that_is_no_utf8_is_refused_by_option_name(tmp_path):
    result = run(
        [b"users", b"create", b"--email", b"x\xff@example.com", b"--role", b"rep"],
        tmp_path=tmp_path,
    )
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == b"Error: --email: must not contain lone surrogates (invalid Unicode)"
    )


def test_a_stdin_line_with_a_lone_surrogate_or_no_utf8_names_the_line(tmp_path):
    surrogate = run(
        [b"nlp", b"topics"], b'{"id": 1, "text": "ok"}\n{"id": 2, "text": "a\\ud800"}\n', tmp_path
    )
    assert surrogate.returncode == 1
    assert surrogate.stderr.strip().splitlines() == [
        b"Error: line 2: text must not contain lone surrogates (invalid Unicode)"
    ]
    bad_bytes = run([b"nlp", b"facts"], b"\xff\xfe\n", tmp_path)
    assert bad_bytes.returncode == 1
    assert bad_bytes.stderr.strip().splitlines() == [b"Error: line 1: not UTF-8"]
