"""Spring Boot's relaxed binding from property keys to environment variables, shared by the Java
and Kotlin scanners and the configuration-file scanners (``application.yml`` placeholders).

Dots become underscores, dashes are removed, everything is upper-cased (``app.mail.smtp-host`` ->
``APP_MAIL_SMTPHOST``); Spring also accepts the legacy spelling with dashes turned into
underscores (``APP_MAIL_SMTP_HOST``), which is Micronaut's own mapping.
"""

from __future__ import annotations

import re

from integrations_drift.scan.env.syntax import NAME


def env_names(key: str) -> list[str]:
    """The variables a property key is read from: the canonical spelling, then the legacy one."""
    if "[" in key:
        return []
    dotted = key.replace(".", "_")
    out: list[str] = []
    for name in (dotted.replace("-", "").upper(), dotted.replace("-", "_").upper()):
        if NAME.fullmatch(name) and name not in out:
            out.append(name)
    return out


# A word starts at an upper-case letter after a lower-case one or a digit (``apiBase``), and at the
# last capital of a run followed by a lower-case letter (``webhookURL``, ``APIKey``).
_WORD_BREAK = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def upper_snake(key: str) -> str:
    """A camelCase key's words upper-cased and joined by underscores (``apiBase`` -> ``API_BASE``)."""
    return _WORD_BREAK.sub("_", key).replace("-", "_").upper()
