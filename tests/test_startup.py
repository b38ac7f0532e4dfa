"""What a plain check loads: only the modules it uses, and git through one process per question.

Not a timed test: start-up cost is held down by what is absent from ``sys.modules`` after a check,
which a loaded machine cannot make flaky."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import cast

import pytest

from integrations_drift.git import list_files, rename_map, work_tree_top
from tests.gitrepo import GIT_ENV, commit, git, make_repo, write

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"

# Loaded by PR mode, fix, init or the Action alone; GitPython's import alone costs more than a
# small repository's whole check, and runs ``git version`` twice.
NOT_ON_A_PLAIN_CHECK = (
    "git",
    "gitdb",
    "tarfile",
    "integrations_drift.pr",
    "integrations_drift.fix",
    "integrations_drift.init_doc",
    "integrations_drift.github",
)

# A language's scanner and its frameworks' modules load when a file of that language is found.
_ENV = "integrations_drift.scan.env."
NOT_FOR_PYTHON_GO_TS = tuple(
    _ENV + m
    for m in (
        "lang_rust",
        "lang_jvm",
        "lang_csharp",
        "lang_php",
        "lang_elixir",
        "lang_ruby",
        "lang_shell",
        "fw_spring",
        "fw_keytables",
        "fw_rust_macros",
        "fw_rust_serde",
        "fw_dotnet",
        "fw_dotnet_derive",
        "fw_jvm_enums",
    )
)
NOT_FOR_PYTHON = (
    *NOT_FOR_PYTHON_GO_TS,
    *(_ENV + m for m in ("lang_go", "lang_js", "fw_viper", "fw_gotags", "fw_nest", "fw_jsschema")),
)

PROBE = """
import contextlib, io, json, sys
import integrations_drift.cli as cli
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = cli.main(["check", sys.argv[1], "-q"])
from pydantic import BaseModel
def subclasses(c):
    for s in c.__subclasses__():
        yield s
        yield from subclasses(s)
built = sorted(
    m.__name__ for m in subclasses(BaseModel)
    if m.__module__.startswith("integrations_drift.") and m.__pydantic_complete__
)
from integrations_drift.scan.manifests import gradle
print(json.dumps({
    "code": code, "out": out.getvalue(), "modules": sorted(sys.modules), "built": built,
    "gradle_compiled": gradle._STRING_FORM._compiled is not None,
}))
"""


def _check_in_a_new_process(repo: Path, cache: Path) -> dict[str, object]:
    env = {
        **os.environ,
        **GIT_ENV,
        "XDG_CACHE_HOME": str(cache),
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, str(repo)], capture_output=True, text=True, env=env, check=False
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, object] = json.loads(proc.stdout)
    return result


@pytest.mark.parametrize("cache_state", ["cold", "warm"])
def test_a_plain_check_loads_none_of_the_other_commands(tmp_path: Path, cache_state: str) -> None:
    repo = tmp_path / "demo"
    shutil.copytree(DEMO, repo)
    make_repo(repo, {})
    cache = tmp_path / "cache"
    if cache_state == "warm":
        _check_in_a_new_process(repo, cache)
    result = _check_in_a_new_process(repo, cache)
    assert result["code"] == 1 and "7 errors" in str(result["out"])  # the demo's drift, found
    modules = result["modules"]
    assert isinstance(modules, list)
    loaded = [m for m in modules if any(m == n or m.startswith(f"{n}.") for n in NOT_ON_A_PLAIN_CHECK)]
    assert loaded == []
    # the demo has Python, Go and TypeScript files: their scanners ran, no other language's loaded
    assert {_ENV + "lang_python", _ENV + "lang_go", _ENV + "lang_js"} <= set(modules)
    assert [m for m in modules if m in NOT_FOR_PYTHON_GO_TS] == []


def test_only_the_languages_a_repository_has_are_loaded(tmp_path: Path) -> None:
    repo = tmp_path / "py"
    shutil.copytree(DEMO, repo)
    shutil.rmtree(repo / "worker")
    shutil.rmtree(repo / "web")
    make_repo(repo, {})
    result = _check_in_a_new_process(repo, tmp_path / "cache")
    assert result["code"] == 1 and "5 errors" in str(result["out"])  # the Python reads still found
    modules = result["modules"]
    assert isinstance(modules, list)
    assert _ENV + "lang_python" in modules
    assert [m for m in modules if m in NOT_FOR_PYTHON] == []
    # one Rust file is enough to bring in the Rust scanner and its frameworks
    write(repo, {"tool/main.rs": 'fn main() { let _ = std::env::var("TOOL_TOKEN"); }\n'})
    commit(repo, "rust")
    modules = _check_in_a_new_process(repo, tmp_path / "cache")["modules"]
    assert isinstance(modules, list)
    assert {_ENV + "lang_rust", _ENV + "fw_rust_serde"} <= set(modules)
    assert _ENV + "lang_jvm" not in modules


def test_a_warm_check_builds_no_data_file_validator_and_no_unused_pattern(tmp_path: Path) -> None:
    # Data files come from the user cache already validated: building their models' validators
    # (and compiling patterns for syntax the tree lacks) would only cost start-up time.
    repo = tmp_path / "demo"
    shutil.copytree(DEMO, repo)
    make_repo(repo, {})
    cache = tmp_path / "cache"
    cold = _check_in_a_new_process(repo, cache)
    assert "PathVocabulary" in cast(list[str], cold["built"])  # validated on a cache miss
    warm = _check_in_a_new_process(repo, cache)
    assert warm["code"] == 1 and "7 errors" in str(warm["out"])
    built = cast(list[str], warm["built"])
    assert {"PathVocabulary", "CatalogFile", "Service", "EnvPatternsFile", "Baseline"}.isdisjoint(built)
    assert "Finding" in built  # the check's own output is still validated
    assert warm["gradle_compiled"] is False  # no Gradle file in the demo


def test_renames_come_from_git_log_chains_followed(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"a.py": "".join(f"line {i}\n" for i in range(30))})
    git(repo, "mv", "a.py", "b.py")
    commit(repo, "a to b")
    (repo / "pkg").mkdir()
    git(repo, "mv", "b.py", "pkg/c.py")
    commit(repo, "b to c")
    assert rename_map(repo) == {"a.py": "pkg/c.py", "b.py": "pkg/c.py"}
    # Only at the top of a work tree; a plain folder has no history.
    assert rename_map(repo / "pkg") == {}
    assert rename_map(tmp_path) == {}


def test_without_a_git_executable_the_tree_is_a_plain_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "r", {"a.py": "x\n"})
    write(repo, {"b.py": "y\n"})
    assert work_tree_top(repo) == repo.resolve() and list_files(repo) == ["a.py", "b.py"]
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-bin"))
    assert work_tree_top(repo) is None
    assert list_files(repo) is None
    assert rename_map(repo) == {}
