"""Example cells for suggested rows: a shape of the value, never one taken from the repository."""

from __future__ import annotations

import re

# Example values by the shape of a variable's name: placeholders only, so a secret is never copied.
_EXAMPLES: tuple[tuple[str, str], ...] = (
    (r"(DATABASE|POSTGRES|PG|DB)_?(URL|URI|DSN)$", "postgres://user:password@localhost:5432/app"),
    (r"MYSQL_?(URL|URI)$", "mysql://user:password@localhost:3306/app"),
    (r"MONGO(DB)?_?(URL|URI)$", "mongodb://localhost:27017/app"),
    (r"REDIS_?(URL|URI)$", "redis://localhost:6379/0"),
    (r"(AMQP|RABBITMQ|BROKER)_?(URL|URI)$", "amqp://guest:guest@localhost:5672/"),
    (r"(ENABLED?|DEBUG|DISABLED?|FLAG)$|(^|_)USE_", "false"),
    (
        r"(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?|DSN)(_[A-Z]+)?$",
        "<secret>",
    ),
    (r"(URL|URI|ENDPOINT|HOST_?URL|BASE_?URL)$", "https://example.com"),
    (r"PORT$", "8080"),
    (r"HOST(NAME)?$", "localhost"),
    (r"(REGION)$", "us-east-1"),
    (r"(TIMEOUT|TTL|_MS|_SECONDS|LIMIT|MAX_[A-Z_]+|SIZE|COUNT|WORKERS|CONCURRENCY)$", "30"),
    (r"(EMAIL|FROM_ADDRESS|SENDER)$", "noreply@example.com"),
    (r"(LEVEL)$", "info"),
    (r"(BUCKET)(_NAME)?$", "my-bucket"),
)


def example_for(name: str) -> str:
    for pattern, value in _EXAMPLES:
        if re.search(pattern, name):
            return f"`{value}`"
    return "`…`"
