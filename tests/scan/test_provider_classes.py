"""Plugin-style integrations: one module holding one class per vendor, all deriving from one base."""

from __future__ import annotations

import pytest

from integrations_drift.catalog import load_catalog
from integrations_drift.scan.plugins import vendor_classes
from integrations_drift.scan.services import ServiceDetector


def detect(files: dict[str, str]) -> ServiceDetector:
    detector = ServiceDetector(load_catalog())
    for path, text in files.items():
        detector.add_source(path, text.encode(), path.startswith("tests/"))
    return detector


REGISTRIES = {
    "app/notify.py": (
        "class Transport:\n    pass\n\n"
        "class Slack(Transport):\n    def send(self, url, msg): post(url, msg)\n\n"
        "class NotifyPushover(Transport):\n    pass\n"
    ),
    "app/models/notifier.rb": (
        "class SlackNotifier < Notifier\nend\n\nclass PushoverNotifier < Notifier\nend\n"
    ),
    "src/notifiers.ts": (
        "export class SlackNotifier extends BaseNotifier {}\n"
        "export class PushoverNotifier extends BaseNotifier {}\n"
    ),
    "app/Channels/Channels.php": (
        "<?php\nfinal class SlackChannel implements Channel {}\nclass PushoverChannel implements Channel {}\n"
    ),
    "src/Senders.cs": (
        "public class SlackSender : INotificationSender { }\n"
        "public sealed class PushoverSender : INotificationSender { }\n"
    ),
}


@pytest.mark.parametrize("path", sorted(REGISTRIES))
def test_classes_sharing_a_base_name_their_vendors(path: str) -> None:
    d = detect({path: REGISTRIES[path]})
    for service in ("Slack", "Pushover"):
        ev = d.evidence[service]
        assert ev.strong and not ev.open_world
        assert [s.kind for s in ev.signals] == ["module"]
        assert ev.signals[0].path == path and service in ev.signals[0].detail


def test_role_words_are_stripped_from_class_names() -> None:
    text = "class NotifyTelegram(NotifyBase): pass\nclass DiscordNotifier(NotifyBase): pass\n"
    assert vendor_classes(text) == {
        "NotifyBase": [("telegram", "NotifyTelegram", 1), ("discord", "DiscordNotifier", 2)]
    }


@pytest.mark.parametrize(
    "files",
    [
        # A lone vendor-named class is a utility, not a registry.
        {"app/format.py": "class SlackFormatter(Formatter):\n    pass\n"},
        {"app/notify.py": "class Slack(Transport):\n    pass\n"},
        # Two vendor classes with different bases are no registry either.
        {"app/notify.py": "class Slack(Transport):\n    pass\nclass Pushover(Other):\n    pass\n"},
        # One catalog vendor beside a class of the app's own naming.
        {"app/notify.py": "class Slack(Transport):\n    pass\nclass Zorblax(Transport):\n    pass\n"},
        # Test doubles name nothing.
        {"tests/fakes.py": "class Slack(Transport):\n    pass\nclass Pushover(Transport):\n    pass\n"},
    ],
)
def test_no_registry_no_vendor(files: dict[str, str]) -> None:
    d = detect(files)
    assert "Slack" not in d.evidence and "Pushover" not in d.evidence
