"""End to end: the command line on real git repositories built in temporary folders."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from integrations_drift.cli import main
from tests.conftest import RepoFactory
from tests.gitrepo import CLEAN, DOC, commit, git, make_repo, write

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code, out, _ = run(capsys, "check", *argv, "--format", "json")
    return code, json.loads(out)


def kinds(report: dict) -> set[tuple[str, str]]:  # type: ignore[type-arg]
    return {(f["kind"], f["subject"]) for f in report["findings"]}


def test_clean_repository_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = repo_factory(CLEAN)
    code, out, _ = run(capsys, "check", str(repo))
    assert code == 0
    assert "no drift" in out


def test_demo_repository_reports_its_drift(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "demo"
    shutil.copytree(DEMO, repo)
    make_repo(repo, {})
    code, report = run_json(capsys, str(repo))
    assert code == 1
    found = kinds(report)
    assert {
        ("undocumented-env-var", "STRIPE_WEBHOOK_SECRET"),
        ("undocumented-env-var", "SHOP_DEBUG"),  # through the env_bool wrapper in another file
        ("undocumented-env-var", "QUEUE_URL"),
        ("undocumented-env-var", "ANALYTICS_WRITE_KEY"),
        ("stale-env-var", "MEMCACHED_SERVERS"),
        ("stale-env-var", "LEGACY_CACHE_HOST"),  # only a comment still names it
        ("missing-config-location", "worker/consumer.go"),
        ("missing-config-location", "app/mailer.py"),
        ("placeholder-row", "[e.g., SendGrid]"),
        ("undocumented-env-var", "UPLOADS_BUCKET"),
        ("undocumented-service", "AWS S3"),  # boto3.client("s3") in app/uploads.py
    } == found  # exactly the drift planted in the demo, nothing more
    assert ("undocumented-env-var", "SHOP_TEST_ONLY_FLAG") not in found  # test code never counts
    assert ("stale-env-var", "VITE_API_URL") not in found
    mailer = next(f for f in report["findings"] if f["subject"] == "app/mailer.py")
    assert mailer["suggestion"]["cells"][2] == "`app/notify/mailer.py`"
    webhook = next(f for f in report["findings"] if f["subject"] == "STRIPE_WEBHOOK_SECRET")
    assert webhook["locations"] == [{"path": "app/billing.py", "line": 6}]
    assert webhook["suggestion"]["action"] == "add-row"
    assert webhook["suggestion"]["cells"][:2] == ["`STRIPE_WEBHOOK_SECRET`", "Yes"]


def test_json_report_follows_the_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(
        tmp_path / "r", {**CLEAN, "app/pay.py": 'import os\nKEY = os.getenv("STRIPE_SECRET_KEY", "")\n'}
    )
    code, report = run_json(capsys, str(repo))
    assert code == 1
    # The first release's keys, in their order; then the keys added to version 1 since.
    assert list(report) == [
        "version",
        "tool",
        "doc",
        "mode",
        "base",
        "head",
        "findings",
        "resolved",
        "summary",
        "files_scanned",
        "suppressed",
        "unverified",
        "stale_baseline",
        "documents",
    ]
    assert (report["version"], report["tool"]["name"], report["mode"], report["base"]) == (
        1,
        "integrations-drift",
        "full",
        None,
    )
    (f,) = report["findings"]
    assert set(f) == {
        "kind",
        "severity",
        "subject",
        "message",
        "locations",
        "doc_line",
        "change",
        "fingerprint",
        "suggestion",
        "doc",  # added since: the document, when a run checks several
    }
    assert (f["kind"], f["severity"], f["subject"]) == ("undocumented-env-var", "error", "STRIPE_SECRET_KEY")
    assert f["suggestion"]["cells"][1] == "No"  # read with a default
    assert f["suggestion"]["doc_line"] == 13
    assert report["summary"] == {"error": 1, "warning": 0, "notice": 0}


def test_fingerprints_survive_line_shifts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    files = {**CLEAN, "INTEGRATIONS.md": DOC + "| `OLD_VAR` | No | gone | x |\n"}
    repo = repo_factory(files)
    _, before = run_json(capsys, str(repo))
    write(repo, {"INTEGRATIONS.md": "<!-- intro -->\n\nSome prose.\n\n" + files["INTEGRATIONS.md"]})
    _, after = run_json(capsys, str(repo))
    assert [f["fingerprint"] for f in before["findings"]] == [f["fingerprint"] for f in after["findings"]]
    assert before["findings"][0]["doc_line"] + 4 == after["findings"][0]["doc_line"]


@pytest.mark.parametrize(("fail_on", "expected"), [("error", 0), ("warning", 1), ("never", 0)])
def test_fail_on_levels(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fail_on: str, expected: int, repo_factory: RepoFactory
) -> None:
    repo = repo_factory({**CLEAN, "INTEGRATIONS.md": DOC + "| `OLD_VAR` | No | gone | x |\n"})
    code, _, _ = run(capsys, "check", str(repo), "--fail-on", fail_on)
    assert code == expected


def test_missing_document_suggests_init(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = repo_factory({"app.py": "print(1)\n"})
    code, out, err = run(capsys, "check", str(repo))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "integrations-drift init" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--format", "yaml"],
        ["check", "/no/such/dir"],
        ["frobnicate"],
        ["check", "--fail-on", "fatal"],
    ],
)
def test_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("integrations-drift: error:") and err.count("\n") == 1
    assert "Traceback" not in err


def test_document_search_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(
        tmp_path / "r",
        {
            **{k: v for k, v in CLEAN.items() if k != "INTEGRATIONS.md"},
            ".planning/codebase/INTEGRATIONS.md": DOC,
            "docs/INTEGRATIONS.md": DOC + "| `OLD_VAR` | No | gone | x |\n",
        },
    )
    _, report = run_json(capsys, str(repo))
    assert report["doc"] == ".planning/codebase/INTEGRATIONS.md"
    _, report = run_json(capsys, str(repo), "--doc", "docs/INTEGRATIONS.md")
    assert kinds(report) == {("stale-env-var", "OLD_VAR")}


def test_output_file_and_config_ignores(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(
        tmp_path / "r",
        {
            **CLEAN,
            "app/flags.py": 'import os\nA = os.getenv("FEATURE_A")\nB = os.getenv("OTHER_B")\n',
            ".integrations-drift.yml": (
                "ignore:\n  - kind: undocumented-env-var\n    subject: 'FEATURE_*'\n    reason: flags\n"
            ),
        },
    )
    out_file = tmp_path / "report.json"
    code, out, err = run(capsys, "check", str(repo), "--format", "json", "--output", str(out_file))
    assert code == 1 and out == "" and "wrote" in err
    assert kinds(json.loads(out_file.read_text())) == {("undocumented-env-var", "OTHER_B")}


def test_paths_never_leave_the_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yml").write_text("x: 1\n")
    doc = DOC.replace("`app/db.py`", "`app/db.py`, `../outside/secret.yml`, `/etc/passwd`, `app/link.yml`")
    repo = repo_factory({**CLEAN, "INTEGRATIONS.md": doc})
    os.symlink(outside / "secret.yml", repo / "app" / "link.yml")
    _, report = run_json(capsys, str(repo))
    messages = {
        f["subject"]: f["message"] for f in report["findings"] if f["kind"] == "missing-config-location"
    }
    assert set(messages) == {"../outside/secret.yml", "/etc/passwd", "app/link.yml"}
    assert "leaves the repository" in messages["/etc/passwd"]
    assert "outside the repository" in messages["app/link.yml"]


def test_rename_in_history_is_suggested(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = repo_factory({**CLEAN, "app/config.py": "SETTINGS = {}\n" * 5})
    write(repo, {"INTEGRATIONS.md": DOC.replace("`app/db.py`", "`app/config.py`")})
    commit(repo, "doc")
    git(repo, "mv", "app/config.py", "app/settings_loader.py")
    commit(repo, "rename")
    _, report = run_json(capsys, str(repo))
    (f,) = report["findings"]
    assert f["subject"] == "app/config.py"
    assert f["suggestion"]["cells"][3] == "`app/settings_loader.py`"


def test_path_line_past_end_of_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(
        tmp_path / "r",
        {**CLEAN, "INTEGRATIONS.md": DOC.replace("`app/db.py`", "`app/db.py:2`, `app/db.py:40`")},
    )
    _, report = run_json(capsys, str(repo))
    assert kinds(report) == {("missing-config-location", "app/db.py:40")}


def test_set_only_and_test_only_variables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = DOC + "| `COMPOSE_ONLY_VAR` | No | set for the container | x |\n| `TESTED_VAR` | No | t | x |\n"
    repo = make_repo(
        tmp_path / "r",
        {
            **CLEAN,
            "INTEGRATIONS.md": doc,
            "docker-compose.yml": (
                "services:\n  app:\n    environment:\n"
                "      COMPOSE_ONLY_VAR: '1'\n      UNDOC_SET_ONLY: '2'\n"
            ),
            "tests/test_x.py": 'import os\n\nos.environ["TESTED_VAR"]\nos.environ["ONLY_IN_TESTS"]\n',
        },
    )
    code, report = run_json(capsys, str(repo))
    assert (code, report["findings"]) == (0, [])


def test_secret_values_and_escape_sequences_never_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "sk_live_51HxQabcdefghijklmnop"
    doc = DOC.replace("| PostgreSQL |", "| Postgre\x1b[31mSQL\x1b]8;;http://evil\x07 |").replace(
        "`app/db.py`", "`app/gone.py`"
    )
    repo = make_repo(
        tmp_path / "r",
        {
            **CLEAN,
            "INTEGRATIONS.md": doc,
            ".env": f"STRIPE_KEY={secret}\n",
            "app/pay.py": f'import os\nKEY = os.environ.get("STRIPE_KEY", "{secret}")\n',
        },
    )
    code, out, err = run(capsys, "check", str(repo))
    assert code == 1
    assert secret not in out + err
    assert "\x1b" not in out and "\x07" not in out
    assert "STRIPE_KEY" in out


def test_console_script_runs_as_a_process(tmp_path: Path, repo_factory: RepoFactory) -> None:
    repo = repo_factory(CLEAN)
    proc = subprocess.run(
        [sys.executable, "-m", "integrations_drift", "check", str(repo)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith("files scanned)")


def test_plain_folder_without_git(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, {**CLEAN, "node_modules/x/index.js": "process.env.VENDORED_VAR\n"})
    code, report = run_json(capsys, str(tmp_path))
    assert code == 0 and report["findings"] == []


def test_tooling_and_deployment_reads_never_make_drift(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = DOC + "| `RELEASE_TOKEN` | No | used by the release script | x |\n"
    repo = make_repo(
        tmp_path / "r",
        {
            **CLEAN,
            "INTEGRATIONS.md": doc,
            "scripts/release.sh": '#!/bin/sh\necho "$RELEASE_TOKEN" "$UNDOCUMENTED_TOOL_VAR"\n',
            "docker/build.sh": '#!/bin/sh\ndocker build -t "$DOCKER_REPOSITORY" .\n',
            "docker-compose.yml": "services:\n  db:\n    image: postgres:16\n    environment:\n"
            "      POSTGRES_PASSWORD: ${DB_PASSWORD:?set it}\n",
            "app/extra.py": 'import os\nos.environ["APP_ONLY_VAR"]\n',
        },
    )
    code, report = run_json(capsys, str(repo))
    # The tooling read keeps RELEASE_TOKEN from being stale, and nothing from tooling or compose
    # interpolation is undocumented; the application's own read still is.
    assert kinds(report) == {("undocumented-env-var", "APP_ONLY_VAR")}
    assert code == 1


def test_support_code_setting_extends_tooling(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(
        tmp_path / "r",
        {
            **CLEAN,
            "ops/rotate.py": 'import os\nos.environ["OPS_ONLY_VAR"]\n',
            ".integrations-drift.yml": "support-code: ['ops/**']\n",
        },
    )
    code, report = run_json(capsys, str(repo))
    assert (code, report["findings"]) == (0, [])


def test_malformed_document_end_to_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    doc = DOC + "| `DATABASE_URL` | Yes | modes: a | b | c | x |\n"
    repo = repo_factory({**CLEAN, "INTEGRATIONS.md": doc})
    code, report = run_json(capsys, str(repo))
    (f,) = report["findings"]
    assert (code, f["kind"], f["doc_line"]) == (1, "malformed-doc", 14)
    assert "6 cells" in f["message"]


def test_builtin_ignore_list_can_be_extended_or_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    files = {**CLEAN, "app/run.py": 'import os\nos.getenv("NODE_ENV")\nos.getenv("PLATFORM_VAR")\n'}
    repo = repo_factory({**files, ".integrations-drift.yml": "env:\n  ignore: [PLATFORM_*]\n"})
    _, report = run_json(capsys, str(repo))
    assert report["findings"] == []
    write(repo, {".integrations-drift.yml": "env:\n  ignore: [PLATFORM_*]\n  builtin-ignore: false\n"})
    _, report = run_json(capsys, str(repo))
    assert kinds(report) == {("undocumented-env-var", "NODE_ENV")}


def test_dynamic_names_are_reported_as_a_prefix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(
        tmp_path / "r",
        {**CLEAN, "app/flags.py": 'import os\n\ndef flag(n):\n    return os.environ.get(f"FEATURE_{n}")\n'},
    )
    _, report = run_json(capsys, str(repo))
    (f,) = report["findings"]
    assert (f["subject"], f["locations"]) == ("FEATURE_*", [{"path": "app/flags.py", "line": 4}])
    write(repo, {"INTEGRATIONS.md": DOC + "| `FEATURE_*` | No | feature flags | `1` |\n"})
    _, report = run_json(capsys, str(repo))
    assert report["findings"] == []


def test_values_the_repository_sets_for_itself_are_not_undocumented(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(
        tmp_path / "r",
        {
            **CLEAN,
            "next.config.mjs": "export default { env: { basePath: process.env.BASE_PATH ?? '' } };\n",
            "src/api.ts": "export const base = process.env.basePath;\n",
        },
    )
    _, report = run_json(capsys, str(repo))
    # BASE_PATH is what the operator sets (with a default, so Required: No); basePath is inlined by the build.
    assert kinds(report) == {("undocumented-env-var", "BASE_PATH")}
    (f,) = report["findings"]
    assert f["suggestion"]["cells"][1] == "No"


def test_file_names_that_are_not_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = repo_factory(CLEAN)
    name = os.fsdecode(b"app/caf\xe9.py")
    Path(repo, name).write_text('import os\nos.getenv("ODD_NAME_VAR")\n')
    commit(repo, "odd name")
    code, out, _ = run(capsys, "check", str(repo), "--format", "json")
    assert code == 1
    report = json.loads(out.encode("utf-8", "surrogateescape").decode("utf-8"))  # valid UTF-8 throughout
    (f,) = report["findings"]
    assert f["locations"] == [{"path": "app/caf\\xe9.py", "line": 2}]
    _, out, _ = run(capsys, "check", str(repo))
    assert "app/caf\\xe9.py:2" in out
    assert main(["fix", str(repo)]) == 0
    capsys.readouterr()
    assert "ODD_NAME_VAR" in (repo / "INTEGRATIONS.md").read_text(encoding="utf-8")


def test_example_cells_are_never_echoed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = "sk_live_51QzRealLookingValue0123456789"
    repo = make_repo(
        tmp_path / "r",
        {**CLEAN, "INTEGRATIONS.md": DOC + f"| `OLD_STRIPE_KEY` | Yes | gone | `{secret}` |\n"},
    )
    for fmt in ("json", "text"):
        code, out, err = run(capsys, "check", str(repo), "--format", fmt)
        # secret-in-doc fails the check; the value itself is never shown.
        assert code == 1 and "OLD_STRIPE_KEY" in out and "secret-in-doc" in out
        assert secret not in out + err
