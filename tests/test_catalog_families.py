"""Whole families of services that code reaches without a client library of their own: notification
and SMS gateways called over HTTP, self-hosted services known by their API paths, the URL schemes of
notification-URL libraries (Apprise, Shoutrrr, Symfony Notifier), analytics snippets written into
pages, framework settings that name a mail transport or a log channel, vehicle and IoT vendor APIs,
advisory feeds and package registries, and login-provider ids. Each resolves from what code shows,
end to end too, and the identity rules hold for the new vendors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from integrations_drift.catalog import Catalog, load_catalog
from integrations_drift.cli import main
from integrations_drift.scan.logins import login_providers
from tests.conftest import RepoFactory


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("api.360messenger.com", "360messenger"),
        ("www.kookapp.cn", "KOOK"),
        ("myteam.mail.ru", "VK Teams"),
        ("chat-api.one.th", "OneChat"),
        ("push.spug.cc", "SpugPush"),
        ("push.techulus.com", "Push by Techulus"),
        ("smsapi.free-mobile.fr", "Free Mobile SMS"),
        ("acme.halopsa.com", "HaloPSA"),
        ("api.globalping.io", "Globalping"),
        ("data.iana.org", "IANA"),
        ("owner-api.teslamotors.com", "Tesla Fleet API"),
        ("owner-api.vn.cloud.tesla.cn", "Tesla Fleet API"),
        ("streaming.vn.teslamotors.com", "Tesla Streaming API"),
        ("auth.tesla.com", "Tesla Auth"),
        ("services.nvd.nist.gov", "NVD"),
        ("api.osv.dev", "OSV"),
        ("registry.npmjs.org", "npm registry"),
        ("proxy.golang.org", "Go module proxy"),
        ("api.stackexchange.com", "Stack Exchange API"),
        ("api.tibber.com", "Tibber"),
        ("oauth.yandex.ru", "Yandex ID"),
        ("api.octopus.energy", "Octopus Energy"),
        ("monitoringapi.solaredge.com", "SolarEdge"),
        ("vulndb.cyberriskanalytics.com", "VulnDB"),
        ("search.maven.org", "Maven Central"),
    ],
)
def test_api_hosts(catalog: Catalog, host: str, expected: str) -> None:
    assert [s.name for s in catalog.by_host(host)] == [expected]


@pytest.mark.parametrize(
    "host",
    # pages and links of the same vendors name no API: archived pages, a bare vendor domain
    ["web.archive.org", "halopsa.com", "tesla.com", "iana.org"],
)
def test_link_hosts_are_not_api_hosts(catalog: Catalog, host: str) -> None:
    assert catalog.by_host(host) == []


@pytest.mark.parametrize(
    ("eco", "name", "expected"),
    [
        ("composer", "laravel-notification-channels/telegram", "Telegram Bot API"),
        ("composer", "laravel-notification-channels/discord", "Discord"),
        ("composer", "laravel-notification-channels/pushover", "Pushover"),
        ("composer", "symfony/slack-notifier", "Slack"),
        ("composer", "symfony/microsoft-teams-notifier", "Microsoft Teams"),
        ("npm", "@opentelemetry/exporter-prometheus", "Prometheus"),
        ("go", "go.opentelemetry.io/otel/exporters/prometheus", "Prometheus"),
        ("npm", "node-cloudflared-tunnel", "Cloudflare Tunnel"),
        ("npm", "globalping", "Globalping"),
        ("npm", "@cubejs-client/core", "Cube"),
        ("npm", "@ai-sdk/openai-compatible", "OpenAI-compatible API"),
        ("pypi", "homeassistant-api", "Home Assistant"),
        ("pypi", "teslapy", "Tesla Fleet API"),
        ("pypi", "plexapi", "Plex Media Server"),
        ("npm", "@jellyfin/sdk", "Jellyfin"),
        ("pypi", "qbittorrent-api", "qBittorrent"),
        ("pypi", "proxmoxer", "Proxmox VE"),
        ("go", "miniflux.app/v2/client", "Miniflux"),
    ],
)
def test_packages(catalog: Catalog, eco: str, name: str, expected: str) -> None:
    assert [s.name for s in catalog.by_package(eco, name)] == [expected]


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [
        ("tgram", "Telegram Bot API"),
        ("discord", "Discord"),
        ("mmost", "Mattermost"),
        ("rocketchat", "Rocket.Chat"),
        ("gotify", "Gotify"),
        ("ntfys", "ntfy"),
        ("pover", "Pushover"),
        ("msteams", "Microsoft Teams"),
        ("gchat", "Google Chat"),
        ("matrixs", "Matrix"),
        ("hassio", "Home Assistant"),
        ("signal", "Signal Messenger"),
    ],
)
def test_notification_url_schemes(catalog: Catalog, scheme: str, expected: str) -> None:
    assert [s.name for s in catalog.by_scheme(scheme)] == [expected]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # self-hosted APIs by their paths, whatever server the user configures
        ("await axios.put(`${url}/_matrix/client/r0/rooms/${id}/send/m.room.message/${t}`)", ["Matrix"]),
        ("post(`${base}/message?token=${token}`, body)", ["Gotify"]),
        ("get(`${base}/api/v2/generic/incoming?token=${t}`)", ["GoAlert"]),
        ("post(`${ha}/api/services/notify/${service}`, data)", ["Home Assistant"]),
        ('@discovery_prefix "homeassistant"', ["Home Assistant"]),
        ('topic = "homeassistant/sensor/car/config"', ["Home Assistant"]),
        ('"https://#{instance}/api/v1/statuses/#{id}"', ["Mastodon"]),
        ('url = f"{server}/rest/ping.view?u={user}"', ["Subsonic API"]),
        ('"https://#{instance}/api/v1/follow_requests/#{id}/authorize"', ["Mastodon"]),
        ('http.get(host + "/api2/json/nodes")', ["Proxmox VE"]),
        ('new URL("api/health/checks/alarms/", base)', ["RabbitMQ"]),
        ('const socket = "/var/run/docker.sock";', ["Docker Engine API"]),
        # tracking snippets written into pages
        ('<script defer src="${src}" data-website-id="${id}"></script>', ["Umami"]),
        ('<script defer src="${src}" data-domain="${domain}"></script>', ["Plausible Analytics"]),
        ('<script defer src="${src}" data-site-id="${id}"></script>', ["Rybbit"]),
        ("_paq.push(['setSiteId', 3]);", ["Matomo"]),
        (
            '<script async src="https://www.googletagmanager.com/gtag/js?id=${id}"></script>',
            ["Google Analytics"],
        ),
        # framework settings that name a mail transport or a log channel
        ("'sendmail' => ['transport' => 'sendmail', 'path' => '/usr/sbin/sendmail -bs'],", ["Sendmail"]),
        ("config.action_mailer.delivery_method = :sendmail", ["Sendmail"]),
        ("'host' => env('PAPERTRAIL_URL'),", ["Papertrail"]),
        # Duo's paths on the account's API host (Cargo features are the manifest's: test_service_package_parts)
        ('let url = format!("https://{}/oauth/v1/health_check", self.api_host);', ["Duo Security"]),
        # near misses: generic paths and words stay unmatched
        ('get("/api/v1/apps")', []),
        ('get("/api/services/")', []),
        ("// see /_matrix/client/v3/rooms for the API", []),
        ("# https://spec.matrix.org/_matrix/client/v3/login", []),
        ("- /var/run/docker.sock:/var/run/docker.sock", []),
        ('<div data-domain="x">', []),
        ("send_via = 'sendmail_like'", []),
        ('opendal = { version = "0.58", features = ["services-fs"] }', []),
    ],
)
def test_import_patterns(catalog: Catalog, source: str, expected: list[str]) -> None:
    matched = [s.name for pattern, s in catalog.import_patterns if pattern.search(source)]
    assert list(dict.fromkeys(matched)) == expected


@pytest.mark.parametrize(
    ("provider", "expected"),
    [
        ("twitch", "Twitch API"),
        ("yandex", "Yandex ID"),
        ("vkontakte", "VK API"),
        ("mailru", "Mail.ru ID"),
        ("telegram", "Telegram Bot API"),
    ],
)
def test_login_provider_ids(catalog: Catalog, provider: str, expected: str) -> None:
    name = login_providers().providers[provider]
    assert name == expected
    assert catalog.get(name) is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tesla Owner API", "Tesla Fleet API"),
        ("Jira Service Management", "Jira"),
        ("Wayback Machine", "Internet Archive"),
        ("Plex", "Plex Media Server"),
        ("Jellyseerr", "Overseerr"),
        ("IANA RDAP", "IANA"),
        ("GitHub Advisory Database", "GitHub API"),
        ("Telegram Login", "Telegram Bot API"),
        ("LinkedIn", "LinkedIn Sign-In"),
    ],
)
def test_match_name(catalog: Catalog, text: str, expected: str) -> None:
    hit = catalog.match_name(text)
    assert hit is not None and hit.name == expected


def test_openai_compatible_api_is_reached_through_the_openai_client(catalog: Catalog) -> None:
    service = catalog.get("OpenAI-compatible API")
    assert service is not None and "OpenAI" in service.compatible


# --- end to end ---------------------------------------------------------------------------------

HEADER = "| Service | Purpose | Configuration Location |\n|---|---|---|\n"


def doc(rows: list[str]) -> str:
    body = "\n".join(rows) if rows else "| Not detected | | |"
    return f"# External Integrations\n\n## Third-Party APIs\n\n{HEADER}{body}\n"


def findings(capsys: pytest.CaptureFixture[str], repo: Path) -> set[tuple[str, str]]:
    main(["check", str(repo), "--format", "json", "--fail-on", "never"])
    out, _ = capsys.readouterr()
    return {(f["kind"], f["subject"]) for f in json.loads(out)["findings"]}


def test_laravel_mailer_and_notification_channel_are_services(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    files = {
        "composer.json": '{"require": {"laravel-notification-channels/telegram": "^6.0"}}',
        "config/mail.php": "<?php\nreturn ['mailers' => [\n"
        "    'sendmail' => ['transport' => 'sendmail', 'path' => '/usr/sbin/sendmail -bs'],\n]];\n",
        "config/logging.php": "<?php\nreturn ['channels' => ['papertrail' => [\n"
        "    'driver' => 'monolog',\n    'handler_with' => ['host' => env('PAPERTRAIL_URL')],\n]]];\n",
    }
    repo = repo_factory({"INTEGRATIONS.md": doc([]), **files})
    assert findings(capsys, repo) >= {
        ("undocumented-service", "Telegram Bot API"),
        ("undocumented-service", "Sendmail"),
        ("undocumented-service", "Papertrail"),
    }


def test_self_hosted_api_by_its_path_is_a_service(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    code = (
        "const axios = require('axios');\n"
        "async function send(n, text) {\n"
        "  await axios.put(`${n.homeserverUrl}/_matrix/client/v3/rooms/${n.room}/send/m.room.message/1`, {body: text});\n"
        "}\nmodule.exports = send;\n"
    )
    repo = repo_factory({"INTEGRATIONS.md": doc([]), "server/notify/chat.js": code})
    assert ("undocumented-service", "Matrix") in findings(capsys, repo)
    # Documented under its own name, it is no finding; a comment naming the path is no evidence.
    repo = repo_factory(
        {
            "INTEGRATIONS.md": doc(["| Matrix | alerts | `server/notify/chat.js` |"]),
            "server/notify/chat.js": code,
        }
    )
    assert not {f for f in findings(capsys, repo) if f[1] == "Matrix"}
    repo = repo_factory(
        {"INTEGRATIONS.md": doc([]), "server/notify/chat.js": "// see /_matrix/client/v3/\nx = 1\n"}
    )
    assert ("undocumented-service", "Matrix") not in findings(capsys, repo)


def test_tesla_vendor_row_covers_its_entries(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    code = (
        'defmodule Api do\n  @owner "https://owner-api.teslamotors.com/api/1/vehicles"\n'
        '  @auth "https://auth.tesla.com/oauth2/v3/token"\n'
        "  def get(client), do: Tesla.get(client, @owner)\n  def token(c), do: Tesla.post(c, @auth, %{})\nend\n"
    )
    files = {"lib/api.ex": code}
    repo = repo_factory({"INTEGRATIONS.md": doc([]), **files})
    assert findings(capsys, repo) >= {
        ("undocumented-service", "Tesla Fleet API"),
        ("undocumented-service", "Tesla Auth"),
    }
    repo = repo_factory({"INTEGRATIONS.md": doc(["| Tesla | vehicle data | `lib/api.ex` |"]), **files})
    assert not {f for f in findings(capsys, repo) if f[0] == "undocumented-service"}


def test_new_vendors_cover_their_entries(catalog: Catalog) -> None:
    assert {s.name for s in catalog.vendor_services("Tesla")} >= {
        "Tesla Fleet API",
        "Tesla Auth",
        "Tesla Streaming API",
    }
    assert {s.name for s in catalog.vendor_services("Yandex")} >= {"Yandex ID", "Yandex Metrica"}
