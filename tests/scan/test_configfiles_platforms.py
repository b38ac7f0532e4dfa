"""Procfile, fly.toml, netlify.toml, vercel.json, app.json and serverless.yml."""

from __future__ import annotations

from integrations_drift.scan.env.configfiles import scan_config_file
from integrations_drift.scan.types import SourceFile


def refs(path: str, text: str) -> list[tuple[str, int, str, bool, str]]:
    out = scan_config_file(SourceFile(path, text.encode()))
    return [(r.name, r.line, r.use, r.has_default, r.source) for r in out]


def test_procfile_command_reads() -> None:
    text = (
        "web: gunicorn -b 0.0.0.0:$PORT app:app -w ${WEB_CONCURRENCY:-2}\n"
        "# worker: $COMMENTED\n"
        "release: ./x $1\n"
    )
    assert refs("Procfile", text) == [
        ("PORT", 1, "read", False, "procfile"),
        ("WEB_CONCURRENCY", 1, "read", True, "procfile"),
    ]


def test_fly_env_table() -> None:
    text = """\
app = "demo"
[env]
  PORT = "8080"
  "QUOTED_KEY" = "1"
  NOTE = \"\"\"
FAKE = "inside a multi-line string"
\"\"\"
[build.args]
  BUILD_ONLY = "1"
[[services]]
  PORT2 = 1
"""
    assert refs("fly.toml", text) == [
        ("PORT", 3, "set", False, "fly"),
        ("QUOTED_KEY", 4, "set", False, "fly"),
        ("NOTE", 5, "set", False, "fly"),
    ]


def test_netlify_environment_tables() -> None:
    text = """\
[build]
  command = "make"
  environment = { NODE_VERSION = "20", NPM_FLAGS = "--prefer-offline" }
[build.environment]
  HUGO_VERSION = "0.120"
[context.production.environment]
  PROD_ONLY = "1"
[context."deploy-preview"]
  environment = { PREVIEW = "1" }
[[redirects]]
  from = "/x"
"""
    assert refs("netlify.toml", text) == [
        ("NODE_VERSION", 3, "set", False, "netlify"),
        ("NPM_FLAGS", 3, "set", False, "netlify"),
        ("HUGO_VERSION", 5, "set", False, "netlify"),
        ("PROD_ONLY", 7, "set", False, "netlify"),
        ("PREVIEW", 9, "set", False, "netlify"),
    ]


def test_vercel_json_with_tabs() -> None:
    text = '{\n\t"env": {\n\t\t"API_URL": "https://x"\n\t},\n\t"build": {"env": {"BUILD_FLAG": "1"}}\n}\n'
    assert refs("vercel.json", text) == [
        ("API_URL", 3, "set", False, "vercel"),
        ("BUILD_FLAG", 5, "set", False, "vercel"),
    ]


def test_heroku_app_json() -> None:
    text = (
        '{"name": "x",\n "env": {\n  "SECRET_TOKEN": {"generator": "secret"},\n  "WEB_CONCURRENCY": "2"}}\n'
    )
    assert refs("app.json", text) == [
        ("SECRET_TOKEN", 3, "set", False, "app-json"),
        ("WEB_CONCURRENCY", 4, "set", False, "app-json"),
    ]


def test_app_json_without_env_and_broken_json() -> None:
    assert refs("app.json", '{"expo": {"name": "env"}}') == []
    assert refs("vercel.json", '{"env": {"A": ') == []


def test_serverless() -> None:
    text = """\
service: demo
provider:
  name: aws
  environment:
    TABLE: ${self:service}-table
    DEPLOY_KEY_COPY: ${env:DEPLOY_KEY}
    # OLD: ${env:COMMENTED}
    OPTIONAL_COPY: ${env:OPTIONAL, 'fallback'}
functions:
  hello:
    handler: handler.hello
    environment:
      FN_VAR: !Ref SomeResource
"""
    assert refs("serverless.yml", text) == [
        ("TABLE", 5, "set", False, "serverless"),
        ("DEPLOY_KEY", 6, "read", False, "serverless"),
        ("DEPLOY_KEY_COPY", 6, "set", False, "serverless"),
        ("OPTIONAL", 8, "read", True, "serverless"),
        ("OPTIONAL_COPY", 8, "set", False, "serverless"),
        ("FN_VAR", 13, "set", False, "serverless"),
    ]


def test_nextjs_config_env_block_keys_are_sets() -> None:
    text = (
        "const basePath = process.env.BASE_PATH || '';\n"
        "export default {\n"
        "  // env: { commented: 1 }\n"
        "  env: {\n"
        "    basePath,\n"
        "    currentVersion: pkg.version,\n"
        "    'quoted_key': nested({ inner: 1 }),\n"
        "  },\n"
        "};\n"
    )
    assert refs("web/next.config.ts", text) == [
        ("basePath", 5, "set", False, "nextjs"),
        ("currentVersion", 6, "set", False, "nextjs"),
        ("quoted_key", 7, "set", False, "nextjs"),
    ]
    assert refs("web/other.config.ts", text) == []


def test_nextjs_config_env_key_passing_on_its_own_variable_sets_nothing() -> None:
    # The bundle gets the operator's value at build time: the variable is the operator's to set.
    text = (
        "export default {\n"
        "  env: {\n"
        "    AUTH_URL: process.env.AUTH_URL,\n"
        "    'SITE': process.env['SITE'] ?? '',\n"
        "    OPTIONAL_URL: process.env?.OPTIONAL_URL,\n"
        "    PUBLIC_URL: process.env.BASE_URL,\n"
        "  },\n"
        "};\n"
    )
    assert refs("next.config.mjs", text) == [("PUBLIC_URL", 6, "set", False, "nextjs")]


def test_node_config_custom_environment_variables() -> None:
    text = """\
{
  "server": {
    "port": "LISTEN_PORT",
    "hosts": { "__name": "ALLOWED_HOSTS", "__format": "json" }
  },
  "db": { "url": "DATABASE_URL" }
}
"""
    assert refs("config/custom-environment-variables.json", text) == [
        ("LISTEN_PORT", 3, "read", True, "node-config"),
        ("ALLOWED_HOSTS", 4, "read", True, "node-config"),
        ("DATABASE_URL", 6, "read", True, "node-config"),
    ]
    yml = "mail:\n  from: MAIL_FROM\n  # smtp: COMMENTED\n"
    assert refs("config/custom-environment-variables.yml", yml) == [
        ("MAIL_FROM", 2, "read", True, "node-config")
    ]
    # the same keys in node-config's defaults are values, not names
    assert refs("config/default.json", text) == []


def test_nuxt_runtime_config_keys_are_read_as_nuxt_variables() -> None:
    text = (
        "export default defineNuxtConfig({\n"
        "  devtools: { enabled: true },\n"
        "  // runtimeConfig: { commented: '' },\n"
        "  runtimeConfig: {\n"
        "    apiSecret: '',\n"
        "    sessionMaxAge: 3600,\n"
        "    stripe: {\n"
        '      secretKey: "",\n'
        "      webhookURL: 'https://x.test/a,}b',\n"
        "    },\n"
        "    'quoted_key': process.env.OWN_NAME,\n"
        "    public: {\n"
        "      apiBase: '/api',\n"
        "      siteName: pick({ a: 1 }, 'b'),\n"
        "    },\n"
        "  },\n"
        "  other: { notRead: '' },\n"
        "});\n"
    )
    assert refs("apps/web/nuxt.config.ts", text) == [
        ("NUXT_API_SECRET", 5, "read", False, "nuxt"),
        ("NUXT_SESSION_MAX_AGE", 6, "read", True, "nuxt"),
        ("NUXT_STRIPE_SECRET_KEY", 8, "read", False, "nuxt"),
        ("NUXT_STRIPE_WEBHOOK_URL", 9, "read", True, "nuxt"),
        ("NUXT_PUBLIC_API_BASE", 13, "read", True, "nuxt"),
        ("NUXT_PUBLIC_SITE_NAME", 14, "read", False, "nuxt"),
    ]
    for path in ("nuxt.config.js", "nuxt.config.mjs"):
        assert [r[0] for r in refs(path, text)][:1] == ["NUXT_API_SECRET"]
    assert refs("apps/web/app.config.ts", text) == []
    # the file is build configuration, but the server it builds reads the variables at run time
    tooling = SourceFile("nuxt.config.ts", text.encode(), is_support=True)
    assert {r.is_support for r in scan_config_file(tooling)} == {False}
    in_tests = SourceFile("tests/fixtures/nuxt.config.ts", text.encode(), is_support=True)
    assert {r.is_support for r in scan_config_file(in_tests)} == {True}
    assert refs("nuxt.config.ts", text.replace("runtimeConfig", "appConfig")) == []


def test_nuxt_runtime_config_unclosed_or_repeated_blocks_read_each_key_once() -> None:
    text = "export default { runtimeConfig: { a: { runtimeConfig: { b: 1 }, c: '' " * 300
    names = [r[0] for r in refs("nuxt.config.ts", text)]
    # the first block's last value runs to the end of the text: no block inside it is read again
    assert names == ["NUXT_A_C", "NUXT_A_RUNTIME_CONFIG_B"]
