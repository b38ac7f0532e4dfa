"""Client-construction regexes and their gate literals: each literal is text every match contains, so
searching only the files that contain it finds everything the regex would find anywhere."""

from __future__ import annotations

from typing import Any

import pytest

from integrations_drift.catalog import Catalog, CatalogError, load_catalog
from integrations_drift.scan.services import ImportGate, ServiceDetector

# One or more sources per built-in regex family: boto3, the AWS SDK v2 for JavaScript, the PHP SDK,
# firebase (web, admin, Python, Java, .NET), Google APIs, Cloudflare bindings, SMTP, analytics tags.
SOURCES = [
    "s3 = boto3.client('s3')",
    'ddb = boto3.resource("dynamodb", region_name="eu-west-1")',
    "client = session.client(service_name='sqs')",
    "bedrock = boto3.client('bedrock-runtime')",
    "logs = boto3.client('logs')",
    "const s3 = new AWS.S3({ region })",
    "const logs = new AWS.CloudWatchLogs()",
    "const cw = new AWS.CloudWatch({ apiVersion: '2010-08-01' })",
    "const k = new AWS.Firehose()",
    "require('aws-sdk/clients/dynamodb')",
    "use Aws\\Sqs\\SqsClient;",
    "use Aws\\SesV2\\SesV2Client;",
    "from google.cloud import bigquery, storage",
    "import { getAuth } from 'firebase/auth'",
    'import { getFirestore } from "firebase/compat/firestore/lite"',
    "from firebase_admin import credentials, messaging",
    "import com.google.firebase.cloud.StorageClient;",
    "var auth = FirebaseAdmin.Auth.FirebaseAuth.DefaultInstance;",
    "service = build('calendar', 'v3', credentials=creds)",
    "const sheets = google.sheets({ version: 'v4', auth })",
    "fetch('https://www.googleapis.com/drive/v3/files')",
    "export interface Env { CACHE: KVNamespace; DB: D1Database }",
    "[[r2_buckets]]\nbinding = 'B'",
    "server = smtplib.SMTP_SSL(host, 465)",
    "config.action_mailer.delivery_method = :smtp",
    "gtag('config', 'G-XXXX')",
    "const { data } = await supabase.auth.getUser()",
    "client = AzureOpenAI(api_version='2024-02-01')",
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_every_example_matches_something(catalog: Catalog) -> None:
    for source in SOURCES:
        assert any(rule.pattern.search(source) for rule in catalog.import_rules), source


def test_each_match_contains_its_literal(catalog: Catalog) -> None:
    checked = 0
    for source in SOURCES:
        for rule in catalog.import_rules:
            m = rule.pattern.search(source)
            if m is not None and rule.literal is not None:
                assert rule.literal in m.group(0), (rule.pattern.pattern, source)
                checked += 1
    assert checked >= len(SOURCES)


def test_gate_finds_what_the_regexes_find(catalog: Catalog) -> None:
    gate = ImportGate(catalog.import_rules)
    for source in [*SOURCES, "requests.get(url)", ""]:
        everywhere = [(r.pattern, r.service) for r in catalog.import_rules if r.pattern.search(source)]
        gated = [(p, s) for p, s in gate.candidates(source.encode()) if p.search(source)]
        assert sorted(gated, key=repr) == sorted(everywhere, key=repr), source


def test_gate_leaves_out_files_without_a_literal(catalog: Catalog) -> None:
    gate = ImportGate(catalog.import_rules)
    always = [(r.pattern, r.service) for r in catalog.import_rules if r.literal is None]
    assert gate.candidates(b"requests.get(url)") == always
    assert len(always) < len(catalog.import_rules) // 10


def extra(imports: list[Any]) -> dict[str, Any]:
    return {"name": "Acme Ledger", "category": "apis", "signals": {"imports": imports}}


def test_extra_entry_regex_with_and_without_literal() -> None:
    catalog = load_catalog(
        [extra([r"\bLedger\.connect\(", {"regex": r"new\s+LedgerClient\(", "literal": "LedgerClient"}])]
    )
    rules = [r for r in catalog.import_rules if r.service.name == "Acme Ledger"]
    assert [r.literal for r in rules] == [None, "LedgerClient"]
    detector = ServiceDetector(catalog)
    detector.add_source("app/ledger.js", b"const c = new  LedgerClient(key)\n", False)
    detector.add_source("app/other.js", b"Ledger.connect(url)\n", False)
    assert [(s.path, s.detail) for s in detector.evidence["Acme Ledger"].signals] == [
        ("app/ledger.js", "new  LedgerClient("),
        ("app/other.js", "Ledger.connect("),
    ]


@pytest.mark.parametrize(
    ("imports", "message"),
    [
        (
            [{"regex": r"new\s+LedgerClient\(", "literal": "Ledger Client"}],
            "the literal 'Ledger Client' is not in it",
        ),
        (
            [{"regex": r"(?i)new\s+LedgerClient\(", "literal": "LedgerClient"}],
            "ignores case, so it can have no literal",
        ),
        (
            [{"regex": r"LedgerClient", "literal": ""}],
            "signals.imports.0.literal: String should have at least 1",
        ),
        ([{"literal": "LedgerClient"}], "signals.imports.0.regex: Field required"),
        ([{"regex": "(unclosed", "literal": "unclosed"}], "import regex '(unclosed'"),
    ],
)
def test_bad_literal_is_refused(imports: list[Any], message: str) -> None:
    with pytest.raises(CatalogError) as info:
        load_catalog([extra(imports)])
    assert message in str(info.value)
