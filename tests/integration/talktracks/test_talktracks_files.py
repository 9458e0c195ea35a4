"""`callprep talktracks export DIR` / `import DIR`: the templates/talktracks file format,
round-tripped through the database; import stores new versions only for changed bodies and
imports nothing when one file is bad."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from callprep.cli import main
from callprep.models import TalkTrack, TalkTrackVersion
from callprep.trackengine.public import DEFAULT_TRACKS_DIR, parse_track_metadata


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def invoke(*args: str):
        return runner.invoke(main, ["talktracks", *args])

    return invoke


def versions(session) -> dict[str, int]:
    rows = session.execute(
        select(TalkTrack.name, func.max(TalkTrackVersion.version))
        .join(TalkTrackVersion, TalkTrackVersion.track_id == TalkTrack.id)
        .group_by(TalkTrack.name)
    )
    return dict(rows.all())


def test_import_of_the_shipped_tracks_then_export_gives_the_same_files(cli, session, tmp_path):
    imported = cli("import", str(DEFAULT_TRACKS_DIR))
    assert imported.exit_code == 0, imported.output
    shipped = sorted(p.name for p in DEFAULT_TRACKS_DIR.glob("*.j2"))
    assert sorted(f"{name}.j2" for name in versions(session)) == shipped

    exported = cli("export", str(tmp_path / "out"))
    assert exported.exit_code == 0, exported.output
    for name in shipped:
        original = parse_track_metadata((DEFAULT_TRACKS_DIR / name).read_text())
        written = parse_track_metadata((tmp_path / "out" / name).read_text())
        assert written == original, name


def test_import_stores_a_new_version_only_when_the_body_changed(cli, session, tmp_path):
    folder = tmp_path / "tracks"
    folder.mkdir()
    source = (DEFAULT_TRACKS_DIR / "cold-default.j2").read_text()
    (folder / "cold-default.j2").write_text(source)
    assert cli("import", str(folder)).exit_code == 0
    again = cli("import", str(folder))
    assert "1 unchanged" in again.output
    assert versions(session) == {"cold-default": 1}

    (folder / "cold-default.j2").write_text(source.replace("I'll be brief", "I'll keep it short"))
    changed = cli("import", str(folder), "--publish")
    assert changed.exit_code == 0, changed.output
    assert "1 with a new version" in changed.output and "1 published" in changed.output
    session.expire_all()
    assert versions(session) == {"cold-default": 2}


def test_a_bad_file_names_file_and_line_and_imports_nothing(cli, session, tmp_path):
    folder = tmp_path / "tracks"
    folder.mkdir()
    (folder / "a-good.j2").write_text(
        "{#\nname: a-good\nsituation: cold\n#}\n{% block opener %}Hello.{% endblock %}\n"
    )
    (folder / "b-bad.j2").write_text(
        "{#\nname: b-bad\nsituation: cold\n#}\n{% block opener %}\nHi {{ lead.nickname }}\n"
        "{% endblock %}\n"
    )
    result = cli("import", str(folder))
    assert result.exit_code != 0
    assert "b-bad.j2:6:" in result.output and "nickname" in result.output
    assert "nothing was imported" in result.output
    assert versions(session) == {}


def test_a_file_without_a_situation_is_refused(cli, tmp_path):
    folder = tmp_path / "tracks"
    folder.mkdir()
    (folder / "x.j2").write_text("{% block opener %}Hello.{% endblock %}\n")
    result = cli("import", str(folder))
    assert result.exit_code != 0
    assert "x.j2:1:" in result.output and "situation" in result.output


def test_import_of_an_empty_directory_fails(cli, tmp_path):
    result = cli("import", str(tmp_path))
    assert result.exit_code != 0
    assert "no *.j2" in result.output


def test_export_writes_the_latest_version(cli, client, auth, tmp_path: Path):
    headers = auth("marketing", "maya@example.com")
    body = "{% block opener %}Hello there.{% endblock %}\n"
    client.post(
        "/api/v1/talktracks",
        json={"name": "short", "situation": "cold", "body": body, "topics": ["widgets"]},
        headers=headers,
    )
    client.put("/api/v1/talktracks/short", json={"body": body.replace("there", "again")},
               headers=headers)  # fmt: skip
    assert cli("export", str(tmp_path)).exit_code == 0
    meta, written = parse_track_metadata((tmp_path / "short.j2").read_text())
    assert meta == {"name": "short", "situation": "cold", "topics": ["widgets"]}
    assert written == body.replace("there", "again")
