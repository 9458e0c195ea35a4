"""Settings are read in callprep.config only, and reach the code that uses them."""

import ast
from pathlib import Path

import pytest

import nlp
from callprep.config import inspec_path, spacy_pipeline
from callprep.ingest.analysis import analysis_version


def test_the_spacy_pipeline_setting_is_a_name_or_nlps_default():
    assert spacy_pipeline({"CALLPREP_SPACY_MODEL": " my_pipeline "}) == "my_pipeline"
    assert spacy_pipeline({"CALLPREP_SPACY_MODEL": " "}) is None
    assert spacy_pipeline({}) is None


def test_the_spacy_pipeline_setting_reaches_nlp(monkeypatch):
    monkeypatch.setenv("CALLPREP_SPACY_MODEL", "no_such_pipeline_xyz")
    with pytest.raises(nlp.PipelineNotFound) as info:
        analysis_version(nlp.Glossary.from_entries([]))
    assert "no_such_pipeline_xyz" in str(info.value)


def test_the_inspec_path_setting():
    assert inspec_path({"CALLPREP_INSPEC_PATH": "/data/inspec.jsonl"}) == "/data/inspec.jsonl"
    assert inspec_path({}) is None


def _reads_the_environment(path: Path) -> list[str]:
    """`os.environ`, `os.getenv` or `os.putenv` named in ``path`` (imports included)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
            and node.attr in ("environ", "environb", "getenv", "getenvb", "putenv")
        ):
            found.append(f"{path}:{node.lineno}")
        names = {a.name for a in node.names} if isinstance(node, ast.ImportFrom) else set()
        if getattr(node, "module", None) == "os" and names & {"environ", "getenv", "getenvb"}:
            found.append(f"{path}:{node.lineno}")
    return found


def test_only_config_reads_settings_from_the_environment():
    root = Path(__file__).resolve().parents[2]
    sources = [root / "wsgi.py", *(root / "migrations").rglob("*.py")]
    sources += [*(root / "callprep").rglob("*.py"), *(root / "nlp").rglob("*.py")]
    readers = [
        place
        for path in sources
        if path != root / "callprep" / "config.py"
        for place in _reads_the_environment(path)
    ]
    assert len(sources) > 100, "the scan found the sources"
    assert not readers, f"settings read outside callprep/config.py: {readers}"
