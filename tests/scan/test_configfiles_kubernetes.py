"""Kubernetes manifests and Helm templates: container env names are sets."""

from __future__ import annotations

import time

from integrations_drift.scan.env.configfiles import scan_config_file
from integrations_drift.scan.types import SourceFile


def refs(path: str, text: str) -> list[tuple[str, int, str, bool, str]]:
    out = scan_config_file(SourceFile(path, text.encode()))
    return [(r.name, r.line, r.use, r.has_default, r.source) for r in out]


MULTI_DOC = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  FROM_CONFIG_MAP: "1"
  nginx.conf: "server {}"
  lower_key: "1"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          env:
            - name: MIGRATE_ONLY
              value: "1"
      containers:
        - name: app
          env:
          - name: API_KEY
            valueFrom:
              secretKeyRef: {name: app-secrets, key: api-key}
          # - name: COMMENTED_OUT
          - value: "x"
            name: NAME_SECOND
          envFrom:
            - configMapRef:
                name: cfg
---
apiVersion: batch/v1
kind: CronJob
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: job
              env: [{name: CRON_VAR, value: "1"}]
"""


def test_multi_document_manifest() -> None:
    # The ConfigMap is taken by envFrom: its upper-case keys are variables, a file-like key is not.
    assert refs("k8s/app.yaml", MULTI_DOC) == [
        ("FROM_CONFIG_MAP", 6, "set", False, "kubernetes"),
        ("MIGRATE_ONLY", 20, "set", False, "kubernetes"),
        ("API_KEY", 25, "set", False, "kubernetes"),
        ("NAME_SECOND", 30, "set", False, "kubernetes"),
        ("CRON_VAR", 44, "set", False, "kubernetes"),
    ]


def test_env_list_outside_a_manifest_is_ignored() -> None:
    # Same shape, but no apiVersion/kind and not a chart's values file: an arbitrary config.
    text = "containers:\n  - name: app\n    env:\n      - name: NOPE\n"
    assert refs("deploy/settings.yaml", text) == []


def test_helm_template_line_reading() -> None:
    text = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
spec:
  template:
    spec:
      containers:
        - name: {{ .Chart.Name }}
          env:
            {{- if .Values.feature }}
            - name: FEATURE_FLAG
              value: {{ .Values.feature | quote }}
            {{- end }}
            - name: "DB_HOST"
              valueFrom:
                secretKeyRef:
                  name: db
          ports:
            - name: http
"""
    assert refs("chart/templates/deployment.yaml", text) == [
        ("FEATURE_FLAG", 12, "set", False, "helm"),
        ("DB_HOST", 15, "set", False, "helm"),
    ]


def test_alias_bomb_is_walked_once_per_node() -> None:
    lines = ["apiVersion: v1", "kind: List", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    lines += ["items:", "  - spec:", "      containers:", "        - env:", "            - name: REAL"]
    started = time.monotonic()
    assert refs("bomb.yaml", "\n".join(lines) + "\n") == [("REAL", 19, "set", False, "kubernetes")]
    assert time.monotonic() - started < 5
