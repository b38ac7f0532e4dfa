"""The hostile inputs of the reliability section, each at the size that ran past any bound before.

Each test asserts the result, not the time (the README's table has the times, from
bench/hostile.py); the growth tests below compare two sizes of the same input.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from integrations_drift.cli import main
from integrations_drift.doc.parse import parse_document
from integrations_drift.scan.endpoints import setting_hosts_in
from integrations_drift.scan.env.functions import FuncDef, innermost
from integrations_drift.scan.env.scanner import scan_env
from integrations_drift.scan.manifests import read_manifest
from integrations_drift.scan.plugins import vendor_classes
from integrations_drift.scan.types import SourceFile
from tests.gitrepo import make_repo
from tests.hostile.growth import assert_linear
from tests.hostile.inputs import (
    compose_dollars,
    doc_with_cell,
    escaped_quotes,
    minified_js,
    one_line_reads,
    open_calls,
    pom_text,
    stale_table,
)

MB = 1_000_000


def _names(path: str, data: bytes) -> set[tuple[str, str]]:
    scan = scan_env([SourceFile(path, data)])
    assert scan.warnings == []
    return {(r.name, r.use) for r in scan.refs}


def test_minified_js_of_env_reads_2_mb() -> None:
    data = minified_js(2 * MB)
    count = data.count(b"process.env.")
    scan = scan_env([SourceFile("app/min.js", data)])
    assert scan.warnings == []
    assert {r.name for r in scan.refs} == {f"VAR_{i}" for i in range(count)}
    assert all(r.use == "read" and r.has_default for r in scan.refs)


def test_one_line_of_100_000_reads() -> None:
    assert _names("app/reads.js", one_line_reads(14 * 100_000)) == {("X", "read")}


def test_compose_file_full_of_dollars_2_mb() -> None:
    assert _names("docker-compose.yml", compose_dollars(2 * MB)) == {("A", "set")}


def test_compose_interpolations_keep_their_lines() -> None:
    lines = "".join(f"      V{i}: ${{VAR_{i}}}\n" for i in range(2000))
    body = ("services:\n  app:\n    image: x\n    environment:\n" + lines).encode()
    refs = scan_env([SourceFile("docker-compose.yml", body)]).refs
    reads = {(r.name, r.line) for r in refs if r.use == "read"}
    assert reads == {(f"VAR_{i}", i + 5) for i in range(2000)}


def test_unclosed_calls_on_one_python_line_1_mb() -> None:
    data = b"import os\n" + open_calls(MB) + b"\n"
    assert _names("app/cfg.py", data) == {("X", "read")}


def test_unclosed_calls_in_env_example_1_mb() -> None:
    data = b"A=1\n" + open_calls(MB) + b"\n"
    assert _names(".env.example", data) == {("A", "set")}


def test_escaped_quotes_that_never_close_200_kb() -> None:
    data = b'import os\nos.getenv("A")\n' + escaped_quotes(200_000)
    assert _names("app/q.py", data) == {("A", "read")}


def test_pom_with_2_mb_of_text_in_one_element() -> None:
    deps, problems = read_manifest("pom.xml", pom_text(2 * MB))
    assert deps == [] and problems == []


@pytest.mark.parametrize("cell", ["[" * 200_000, "[a](" * 50_000, "[a](b" * 40_000])
def test_document_cell_of_link_openers(cell: str) -> None:
    doc = parse_document(doc_with_cell(cell))
    (table,) = doc.tables
    assert [row.cells[0].text for row in table.rows] == ["PostgreSQL"]


def test_cell_links_still_read() -> None:
    doc = parse_document(doc_with_cell("see [the module](app/db.py) and [[x]](docs/a.md) [b]( c)"))
    refs = {r.value for r in doc.tables[0].rows[0].cells[3].refs}
    assert refs == {"app/db.py", "docs/a.md"}


def test_fix_dry_run_on_20_000_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path / "repo", {"INTEGRATIONS.md": stale_table(20_000), "app.py": "print(1)\n"})
    assert main(["fix", "--dry-run", str(repo)]) == 0
    out = capsys.readouterr()
    assert out.out.count("\n+| `STALE_") == 20_000
    assert "would fix 20000 findings" in out.err


def test_stale_rows_judged_together_see_code_not_comments(tmp_path: Path) -> None:
    """More names than the per-name path takes: the one pass over the code's words decides."""
    code = "".join(f"use(STALE_{i})\n" for i in range(0, 30, 2)) + "# STALE_1 STALE_3\n// STALE_5\n"
    repo = make_repo(tmp_path / "repo", {"INTEGRATIONS.md": stale_table(30), "app.py": code})
    from integrations_drift.config import load_settings
    from integrations_drift.engine import run_check

    result = run_check(repo, load_settings(repo, None), None)
    stale = {f.subject for f in result.report.findings if f.kind == "stale-env-var"}
    assert stale == {f"STALE_{i}" for i in range(1, 30, 2)}


def test_a_file_over_its_budget_is_named_in_a_warning() -> None:
    files = [SourceFile("app/slow.py", b'import os\nos.getenv("A")\n'), SourceFile("app/b.py", b"x = 1\n")]
    scan = scan_env(files, file_seconds=0.0)
    assert scan.refs == []
    assert scan.warnings == [
        "app/slow.py: env scan stopped after 0 s (the file's time budget); its evidence is left out"
    ]
    assert {r.name for r in scan_env(files).refs} == {"A"}


# --- growth: 4x the input takes about 4x the time ----------------------------------------------


def _env(path: str, make_data: object) -> object:
    def make(size: int) -> object:
        data = make_data(size)  # type: ignore[operator]
        return lambda: scan_env([SourceFile(path, data)])

    return make


GROWTH = {
    "minified js": (_env("a.js", minified_js), 100_000),
    "one-line js reads": (_env("a.js", one_line_reads), 100_000),
    "compose of $": (_env("docker-compose.yml", compose_dollars), 200_000),
    "unclosed python calls": (
        _env("a.py", lambda n: b"import os\n" + open_calls(n)),
        50_000,
    ),
    "escaped quotes": (_env("a.py", escaped_quotes), 50_000),
    "an AdonisJS Env.create call that never reaches its comma": (
        _env("start/env.ts", lambda n: b"const a = process.env.A\nexport default Env.create(" + b"a" * n),
        20_000,
    ),
}


@pytest.mark.parametrize("case", sorted(GROWTH))
def test_hostile_scans_grow_linearly(case: str) -> None:
    make, size = GROWTH[case]
    assert_linear(make, size, case)  # type: ignore[arg-type]


def test_document_cells_grow_linearly() -> None:
    assert_linear(lambda n: lambda: parse_document(doc_with_cell("[a](" * (n // 4))), 40_000, "cell links")


def test_pom_text_grows_linearly() -> None:
    def make(n: int) -> object:
        data = pom_text(n)
        return lambda: read_manifest("pom.xml", data)

    assert_linear(make, 400_000, "pom text")  # type: ignore[arg-type]


def test_host_settings_grow_linearly() -> None:
    # Keys inside keys (`smtp_host` holds `host`), each followed by a value that never closes.
    def make(n: int) -> object:
        data = b'SMTP_HOST = "mail.example.org"\n' + b'smtp_hostname: "x' * (n // 17)
        return lambda: setting_hosts_in(SourceFile("app/mail.py", data))

    data = b'SMTP_HOST = "mail.example.org"\nrelay => "relay.example.net"\n# HOST: "b.example.com"\n'
    assert setting_hosts_in(SourceFile("app/mail.py", data)) == [
        ("mail.example.org", 1),
        ("relay.example.net", 2),
    ]
    assert_linear(make, 400_000, "host settings")  # type: ignore[arg-type]


def test_class_headers_on_one_long_line_grow_linearly() -> None:
    # Minified code: "class" all along one line, none of them a header at the line's start.
    def make(n: int) -> object:
        text = "class A extends B\nclass C extends B\nvar x=" + "a.class;" * (n // 8)
        return lambda: vendor_classes(text)

    assert vendor_classes("class NotifySlack(Base):\nclass TelegramNotifier(Base):\n") == {
        "Base": [("slack", "NotifySlack", 1), ("telegram", "TelegramNotifier", 2)]
    }
    assert_linear(make, 2_000_000, "class headers")  # type: ignore[arg-type]


def test_classes_without_braces_beside_a_receiver_grow_linearly() -> None:
    # A function handed the environment object, in a Python file of many classes: a class header
    # has no brace, and each once read on to the end of the file looking for one.
    def files(n: int) -> list[SourceFile]:
        classes = b"".join(b"class C%d:\n    x = 1\n" % i for i in range(n))
        return [
            SourceFile("app/main.py", b"import os\nfrom app.cfg import load\nload(os.environ)\n"),
            SourceFile("app/cfg.py", b"def load(env):\n    return env.get('DB_URL')\n" + classes),
        ]

    assert {r.name for r in scan_env(files(10)).refs} == {"DB_URL"}

    def make(n: int) -> object:
        data = files(n)
        return lambda: scan_env(data)

    assert_linear(make, 2_000, "class headers without braces")  # type: ignore[arg-type]


def test_optional_fields_grow_linearly() -> None:
    # A configuration class of many fields each marked optional: each read was checked against
    # every optional field.
    def data(n: int) -> bytes:
        body = "".join(f"  @IsOptional()\n  public V{i} = process.env.V{i};\n" for i in range(n))
        return ("export class Config {\n" + body + "  public REQ = process.env.REQ;\n}\n").encode()

    refs = scan_env([SourceFile("src/config.ts", data(3))]).refs
    assert {(r.name, r.has_default) for r in refs} == {
        ("V0", True),
        ("V1", True),
        ("V2", True),
        ("REQ", False),
    }

    def make(n: int) -> object:
        files = [SourceFile("src/config.ts", data(n))]
        return lambda: scan_env(files)

    assert_linear(make, 4_000, "optional fields")  # type: ignore[arg-type]


def test_reads_in_many_functions_grow_linearly() -> None:
    # Each read asks which function holds it (its parameters may name the variable): once a walk
    # over every function of the file, the file's reads times its functions.
    def funcs(n: int) -> list[FuncDef]:
        # top-level functions, each holding a nested one, and one holding them all
        out = [FuncDef("all", (), 0, 0, 100 * n + 50)]
        for i in range(n):
            out += [FuncDef(f"f{i}", (), 100 * i, 100 * i + 1, 100 * i + 90)]
            out += [FuncDef(f"g{i}", (), 100 * i + 10, 100 * i + 11, 100 * i + 20)]
        return out

    found = funcs(3)
    assert [innermost(found, pos) for pos in (15, 50, 95, 400)] == [found[2], found[1], found[0], None]

    def make(n: int) -> object:
        many = funcs(n)
        return lambda: [innermost(many, 100 * i + 50) for i in range(n)]

    assert_linear(make, 4_000, "innermost function of each read")  # type: ignore[arg-type]


def test_upper_cased_calls_on_one_line_of_a_flag_callback_grow_linearly() -> None:
    # A line of `strings.ToUpper(` calls in a VisitAll callback, the flag's name on a later line:
    # each call once looked along the rest of its line for the name.
    def data(n: int, upper_name: str) -> bytes:
        calls = "strings.ToUpper(y) + " * n
        return (
            'package main\n\nimport (\n\t"os"\n\t"strings"\n\n\t"github.com/spf13/pflag"\n)\n\n'
            'func main() {\n\tpflag.String("db-url", "", "")\n'
            "\tpflag.CommandLine.VisitAll(func(f *pflag.Flag) {\n"
            f'\t\tx := {calls}"z"\n\t\tname := "APP_" + {upper_name}\n\t\t_ = os.Getenv(name + x)\n\t}})\n}}\n'
        ).encode()

    assert ("APP_DB_URL", "read") in _names(
        "main.go", data(3, 'strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))')
    )

    def make(n: int) -> object:
        files = [SourceFile("main.go", data(n, "f.Name"))]
        return lambda: scan_env(files)

    assert_linear(make, 3_000, "upper-cased calls of a flag callback")  # type: ignore[arg-type]


def test_long_name_head_of_a_flag_callback_grows_linearly() -> None:
    # `name := a + a + … + strings.ToUpper(f.Name)`: the name's head was searched for from every
    # start in it, each reading on to its end.
    def data(n: int) -> bytes:
        head = "a + " * n + "b c + "
        return (
            'package main\n\nimport (\n\t"os"\n\t"strings"\n\n\t"github.com/spf13/pflag"\n)\n\n'
            'func main() {\n\tpflag.String("db-url", "", "")\n'
            "\tpflag.CommandLine.VisitAll(func(f *pflag.Flag) {\n"
            f"\t\tname := {head}strings.ToUpper(f.Name)\n\t\t_ = os.Getenv(name)\n\t}})\n}}\n"
        ).encode()

    def make(n: int) -> object:
        files = [SourceFile("main.go", data(n))]
        return lambda: scan_env(files)

    assert_linear(make, 2_000, "name head of a flag callback")  # type: ignore[arg-type]
