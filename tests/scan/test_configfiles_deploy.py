"""Deployment files beyond compose and manifests that set variables: Helm values, Kustomize
generators, render.yaml, systemd units and env templates rendered by a deployment tool."""

from __future__ import annotations

from integrations_drift.scan.env.configfiles import scan_config_file
from integrations_drift.scan.types import SourceFile


def refs(path: str, text: str) -> list[tuple[str, int, str, str]]:
    return [(r.name, r.line, r.use, r.source) for r in scan_config_file(SourceFile(path, text.encode()))]


HELM_VALUES = """\
image: app:1
env:
  - name: APP_DATASOURCE_URL
    value: jdbc:postgresql://db/app
  - name: "{{ .Values.notAName }}"
    value: x
worker:
  extraEnv:
    - name: WORKER_THREADS
      value: "4"
  extraEnvVars: [{name: INLINE_NAME, value: "1"}]
labels:
  - name: NOT_ENV_LIST
"""


def test_helm_values_env_lists_at_any_depth() -> None:
    assert refs("charts/app/values.yaml", HELM_VALUES) == [
        ("APP_DATASOURCE_URL", 3, "set", "helm"),
        ("WORKER_THREADS", 9, "set", "helm"),
        ("INLINE_NAME", 11, "set", "helm"),
    ]
    assert [r[0] for r in refs("deploy/values-prod.yaml", HELM_VALUES)][:1] == ["APP_DATASOURCE_URL"]


def test_helm_values_env_maps_set_their_upper_case_keys() -> None:
    text = """\
env:
  URLS__BASEURL: https://cms.example.org
  IDENTITY__ADMINEMAIL: ""
  notAVariable: x
worker:
  env:
    enabled: true
    WORKER_THREADS: 4
service:
  env: production
"""
    assert refs("helm/cms/values.yaml", text) == [
        ("URLS__BASEURL", 2, "set", "helm"),
        ("IDENTITY__ADMINEMAIL", 3, "set", "helm"),
        ("WORKER_THREADS", 8, "set", "helm"),
    ]


def test_env_list_in_other_yaml_is_not_read() -> None:
    assert refs("config/labels.yaml", HELM_VALUES) == []


def test_kustomize_generator_literals() -> None:
    text = """\
resources: [deployment.yaml]
configMapGenerator:
  - name: app
    literals:
      - SERVER_PORT=8080
      - not an assignment
    envs: [app.env]
secretGenerator:
  - name: creds
    literals: ["DB_PASSWORD=secret"]
"""
    assert refs("k8s/kustomization.yaml", text) == [
        ("SERVER_PORT", 5, "set", "kubernetes"),
        ("DB_PASSWORD", 10, "set", "kubernetes"),
    ]


def test_secret_string_data_keys() -> None:
    text = "apiVersion: v1\nkind: Secret\nstringData:\n  SMTP_PASSWORD: x\n  tls.crt: y\n"
    assert refs("k8s/secret.yaml", text) == [("SMTP_PASSWORD", 4, "set", "kubernetes")]


def test_render_env_vars() -> None:
    text = """\
services:
  - type: web
    envVars:
      - key: JAVA_OPTS
        value: -Xmx512m
      - fromGroup: shared
"""
    assert refs("render.yaml", text) == [("JAVA_OPTS", 4, "set", "render")]


def test_systemd_environment_lines() -> None:
    text = """\
[Service]
Environment=SERVER_PORT=8080
Environment="SPRING_PROFILES_ACTIVE=prod" 'B_VAR=two words'
EnvironmentFile=/etc/app/app.env
# Environment=COMMENTED=1
ExecStart=/usr/bin/java -jar app.jar
"""
    assert refs("deploy/app.service", text) == [
        ("SERVER_PORT", 2, "set", "systemd"),
        ("B_VAR", 3, "set", "systemd"),
        ("SPRING_PROFILES_ACTIVE", 3, "set", "systemd"),
    ]


def test_env_templates_rendered_by_deployment_tools() -> None:
    text = "APP_URL={{ app_url }}\nAPP_KEY={{ vault_app_key }}\n"
    for path in ("ansible/templates/app.env.j2", "deploy/app.env.jinja", "web.env.hbs"):
        assert refs(path, text) == [("APP_URL", 1, "set", "dotenv"), ("APP_KEY", 2, "set", "dotenv")]
    # A template that only documents the variables stays an example.
    assert {r[3] for r in refs("deploy/app.env.template", text)} == {"env-example"}


def test_binder_evidence_becomes_a_read_where_these_files_set_it() -> None:
    from tests.scan.envcase import marked

    files = {
        "src/Program.cs": """\
        var builder = WebApplication.CreateBuilder(args);
        var a = builder.Configuration["Helm:Key"];
        var b = builder.Configuration["Kustomize:Key"];
        var c = builder.Configuration["Systemd:Key"];
        var d = builder.Configuration["Template:Key"];
        var e = builder.Configuration["Unset:Key"];
        """,
        "charts/api/values.yaml": "env:\n  - name: Helm__Key\n    value: x\n",
        "deploy/kustomization.yaml": "configMapGenerator:\n  - name: a\n    literals: [Kustomize__Key=x]\n",
        "deploy/api.service": "[Service]\nEnvironment=Systemd__Key=x\n",
        "deploy/templates/api.env.j2": "Template__Key={{ key }}\n",
    }
    got = [(n, s) for n, p, _, s in marked(files) if p == "src/Program.cs"]
    assert got == [
        ("Helm__Key", False),
        ("Kustomize__Key", False),
        ("Systemd__Key", False),
        ("Template__Key", False),
        ("Unset__Key", True),
    ]
