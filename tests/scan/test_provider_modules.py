"""Plugin-style integrations: a folder of provider modules, one file per vendor."""

from __future__ import annotations

import pytest

from integrations_drift.catalog import load_catalog
from integrations_drift.scan.endpoints import endpoints_in
from integrations_drift.scan.manifests import Dependency
from integrations_drift.scan.plugins import provider_module
from integrations_drift.scan.services import ServiceDetector
from integrations_drift.scan.types import SourceFile


def detect(files: dict[str, str]) -> ServiceDetector:
    detector = ServiceDetector(load_catalog())
    for path, text in files.items():
        sf = SourceFile(path, text.encode(), path.startswith("tests/"))
        detector.add_source(sf.path, sf.data, sf.is_support)
        detector.add_endpoints(endpoints_in(sf))
    return detector


@pytest.mark.parametrize(
    ("path", "stem"),
    [
        ("server/notification-providers/pushover.js", "pushover"),
        ("src/components/notifications/Pushover.vue", "Pushover"),
        ("app/Notifiers/Slack.php", "Slack"),
        ("storage/drivers/s3.go", "s3"),
        ("searx/engines/zapsearch.py", "zapsearch"),
        ("lib/adapters/rocket_chat.rb", "rocket_chat"),
        ("server/notification-providers/index.js", None),  # the folder's own plumbing
        ("server/notification-providers/notification-provider.js", None),
        ("app/Drivers/BaseDriver.php", None),
        ("server/routes/pushover.js", None),  # not a folder of providers
        # a package folder per provider (Go, Rust): the folder names the vendor
        ("internal/integration/pushover/client.go", "pushover"),
        ("backend/app/alerters/telegram.go", "telegram"),  # more folder words of providers
        ("pkg/storages/minio.go", "minio"),
        ("app/payments/stripe.rb", "stripe"),
        ("src/notifiers/gotify/mod.rs", "gotify"),
        ("internal/integration/webhook/webhook.go", None),  # a generic folder name
        ("internal/integration/slack/sub/client.go", None),  # only the folder right inside
        ("internal/integration/discord/discord.go", "discord"),
        ("app/Dav/Backend/CalDAV/CalDAVBackend.php", None),  # a class of the folder, not its entry file
        ("app/Providers/Route.php", None),  # Laravel's service providers are the framework's
        ("apps/web/app/api/v1/storage/route.ts", None),  # a Next.js route handler
        ("app/Providers/HorizonServiceProvider.php", None),
        ("pushover.js", None),
        # one folder per product, its entry file named like it with `Api` / `Client`
        ("src/App.Api/ExternalApis/Zaparr/ZaparrApi.cs", "Zaparr"),
        ("src/App.Api/NotificationServices/Gotify/GotifyApi.cs", "Gotify"),
        ("app/third_party_services/telegram/telegram_client.py", "telegram"),
        ("src/App.Api/NotificationServices/Gotify/GotifyModels.cs", None),
        ("src/App.Api/NotificationServices/Slack.cs", "Slack"),
        ("src/App.Api/WebServices/Slack/SlackApi.cs", None),  # not a folder of providers
        ("lib/app/file_system/s3.ex", "s3"),  # a file system per storage service
        ("internal/filesystems/gcs.go", "gcs"),
    ],
)
def test_provider_module_is_named_by_its_file(path: str, stem: str | None) -> None:
    assert provider_module(path) == stem


@pytest.mark.parametrize(
    ("path", "service"),
    [
        ("server/notification-providers/slack.js", "Slack"),  # JavaScript
        ("app/Notifiers/Discord.php", "Discord"),  # PHP
        ("pkg/notifiers/pagerduty.go", "PagerDuty"),  # Go
        ("app/integrations/sendgrid.py", "SendGrid"),  # Python
        ("lib/adapters/rocket_chat.rb", "Rocket.Chat"),  # Ruby
        # self-hosted read-later services, reached at the URL the user sets (a package per vendor)
        ("internal/integration/wallabag/wallabag.go", "Wallabag"),
        ("internal/integration/linkding/linkding.go", "Linkding"),
        ("internal/integration/karakeep/client.go", "Karakeep"),
    ],
)
def test_module_named_after_a_catalog_vendor_is_that_vendor(path: str, service: str) -> None:
    # The webhook URL comes from settings: no host is written; the module's name says who it is.
    d = detect({path: "export async function send(cfg, msg) { return post(cfg.webhookUrl, msg); }\n"})
    ev = d.evidence[service]
    assert ev.strong and not ev.open_world
    assert [(s.kind, s.path) for s in ev.signals] == [("module", path)]


def test_package_folder_of_a_provider_is_that_vendor() -> None:
    # miniflux's shape: internal/integration/<vendor>/<file>.go, the URL from the user's settings
    path = "internal/integration/discord/client.go"
    d = detect({path: "package discord\n\nfunc (c *Client) Send(url string) error { return post(url) }\n"})
    ev = d.evidence["Discord"]
    assert ev.strong and [(s.kind, s.path) for s in ev.signals] == [("module", path)]


def test_module_in_test_code_or_another_folder_is_no_row() -> None:
    d = detect(
        {
            "tests/notification-providers/slack.js": "send()\n",
            "server/routes/slack.js": "send()\n",
            "docs/integrations/slack.md": "Slack\n",
        }
    )
    ev = d.evidence["Slack"]
    assert not ev.strong and [s.path for s in ev.signals] == ["tests/notification-providers/slack.js"]


def test_uncatalogued_host_in_a_module_is_named_by_the_module() -> None:
    # zap-chat.js calls a host of its vendor's portal: the service is Zap Chat, not the portal's domain.
    d = detect(
        {
            "server/notification-providers/zap-chat.js": (
                'await axios.post("https://myteam.zapmail.ru/bot/v1/messages/sendText", data);\n'
            ),
            "server/notification-providers/HaloDesk.js": 'const url = "https://api.halodesk.io/v2/tickets";\n',
        }
    )
    assert "zapmail.ru" not in d.evidence and "halodesk.io" not in d.evidence
    ev = d.evidence["Zap Chat"]
    assert ev.open_world and ev.strong and ev.service.aliases == ("zapmail.ru",)
    assert d.evidence["HaloDesk"].strong  # a capitalised file name is kept as written


def test_catalog_vendor_module_owns_its_other_hosts() -> None:
    # octopush.js calls the vendor's legacy domain too: one Octopush row, no domain row beside it.
    d = detect(
        {
            "server/notification-providers/octopush.js": (
                'const url = "https://www.octopush-legacy.com/api/sms/json";\n'
            ),
        }
    )
    assert "octopush-legacy.com" not in d.evidence
    assert d.evidence["Octopush"].strong


def test_uncatalogued_host_outside_modules_keeps_its_domain() -> None:
    d = detect({"server/check.js": 'await axios.get("https://api.zapnotify.net/1/status");\n'})
    assert d.evidence["zapnotify.net"].strong


def test_a_registry_page_is_no_service_but_its_data_host_is() -> None:
    d = detect(
        {
            "app/jobs/tlds.rb": 'TLDS_URL = "https://data.iana.org/TLD/tlds-alpha-by-domain.txt"\n',
            "app/spec.py": 'REF = requests.get("https://www.iana.org/domains/root/db/zap.json")\n',
        }
    )
    assert [s.detail for s in d.evidence["IANA"].signals] == ["data.iana.org"]  # the catalog's entry


@pytest.mark.parametrize(
    ("ecosystem", "package", "service"),
    [
        ("composer", "laravel-notification-channels/discord", "Discord"),
        ("rubygems", "fluent-plugin-elasticsearch", "Elasticsearch"),
        ("nuget", "Serilog.Sinks.Sentry", "Sentry"),
        ("npm", "pino-datadog", "Datadog"),
        ("rubygems", "logstash-output-opensearch", "OpenSearch"),
    ],
)
def test_package_family_names_its_vendor(ecosystem: str, package: str, service: str) -> None:
    d = ServiceDetector(load_catalog())
    d.add_dependencies([Dependency(ecosystem, package, "manifest", 3, False, None)])
    ev = d.evidence[service]
    assert ev.strong and [(s.kind, s.detail) for s in ev.signals] == [("package", package)]


def test_package_family_member_the_catalog_does_not_know_names_nothing() -> None:
    d = ServiceDetector(load_catalog())
    d.add_dependencies(
        [Dependency("rubygems", "fluent-plugin-rewrite-tag-filter", "Gemfile", 3, False, None)]
    )
    assert d.evidence == {}
