"""URL literals in code: which are APIs called over HTTP, which are links, and what they name."""

from __future__ import annotations

import pytest

from integrations_drift.catalog import load_catalog
from integrations_drift.scan.endpoints import Endpoint, endpoints_in
from integrations_drift.scan.hosts import is_real_host, registrable_domain
from integrations_drift.scan.services import ServiceDetector
from integrations_drift.scan.types import SourceFile


def one(path: str, text: str, support: bool = False) -> Endpoint:
    found = [e for e in endpoints_in(SourceFile(path, text.encode(), support)) if e.scheme.startswith("http")]
    assert len(found) == 1, found
    return found[0]


# One API call per language: a vendor host the catalog does not know, in a string literal.
@pytest.mark.parametrize(
    ("path", "line"),
    [
        ("notify/zap.js", 'const res = await axios.post("https://api.zapnotify.net/1/messages.json", body);'),
        ("notify/zap.ts", "await fetch(`https://api.zapnotify.net/1/messages.json`, { method: 'POST' })"),
        ("notify/zap.py", 'requests.post("https://api.zapnotify.net/1/messages.json", data=payload)'),
        (
            "notify/zap.go",
            'req, _ := http.NewRequest("POST", "https://api.zapnotify.net/1/messages.json", body)',
        ),
        ("notify/zap.rb", 'uri = URI("https://api.zapnotify.net/1/messages.json")'),
        (
            "notify/zap.rs",
            'let res = client.post("https://api.zapnotify.net/1/messages.json").send().await?;',
        ),
        (
            "Notify/Zap.cs",
            'var res = await http.PostAsync("https://api.zapnotify.net/1/messages.json", content);',
        ),
        (
            "notify/Zap.java",
            'HttpRequest r = HttpRequest.newBuilder(URI.create("https://api.zapnotify.net/1/m"))',
        ),
        ("notify/Zap.php", "$res = Http::post('https://api.zapnotify.net/1/messages.json', $payload);"),
        ("lib/notify/zap.ex", '  @endpoint "https://api.zapnotify.net/1/messages.json"'),
        ("config/settings.yml", "zapnotify:\n  endpoint: https://api.zapnotify.net/1/messages.json\n"),
        ("config/zap.php", "    'zap_url' => env('ZAP_URL', 'https://api.zapnotify.net/1/messages.json'),"),
        (  # a folder of importers from other products, not of database migrations
            "pkg/modules/migration/zaptask/zaptask.go",
            'resp, err := migration.DoPost("https://api.zapnotify.net/1/sync", form)',
        ),
        ("pkg/migration/zap-hub/client.go", 'const baseURL = "https://api.zapnotify.net/v3/repos"'),
    ],
)
def test_api_literal_in_every_language(path: str, line: str) -> None:
    e = one(path, line + "\n")
    assert (e.host, e.literal, e.link, e.api) == ("api.zapnotify.net", True, False, True)
    assert e.source in ("code", "config")


@pytest.mark.parametrize(
    "line",
    [
        'resp = session.get("https://se-1.smsrelay.net/sms.php", params=q)',  # an HTTP call, any host
        'const url = "https://www.smsrelay.net/send";',  # assigned to a URL-named variable
        'const base = cfg.relayUrl || "https://smsrelay.net/";',  # the default of a setting
        'RELAY_URL = "https://smsrelay.net/deliver"',  # an UPPER_CASE constant
        'baseURL: "https://smsrelay.net/gateway",',  # an endpoint-named key
        'host = os.getenv("RELAY_API_HOST", "https://smsrelay.net")',  # a setting's default
        '    {Tesla.Middleware.BaseUrl, "https://smsrelay.net"},',  # an HTTP client's base URL
        '    Req.new(base_url: "https://smsrelay.net")',  # the base URL a client is built with
        '    conn = Faraday.new(url: "https://smsrelay.net") do |f|',
        "    $client = new Client(['base_uri' => 'https://smsrelay.net']);",
        '    client = httpx.AsyncClient(base_url="https://smsrelay.net")',
        'public const string DefaultServer = "https://smsrelay.net";',  # a server-named origin
        'const string Url = "https://www.smsrelay.net?apikey=abc";',  # a query string
    ],
)
def test_api_shapes_without_an_api_host(line: str) -> None:
    e = one("app/relay.js", line + "\n")
    assert e.api, line


# Calls and setting defaults whose URL has neither an api.* host nor an API path: only the code
# around the literal shows it is called.
@pytest.mark.parametrize(
    ("path", "line"),
    [
        (
            "app/Relay.java",
            'Request r = new Request.Builder().url("https://push.smsrelay.net/send").build();',
        ),
        (
            "app/Relay.java",
            'var q = HttpRequest.newBuilder().uri(URI.create("https://push.smsrelay.net/send"));',
        ),
        (
            "app/Relay.java",
            'rest.exchange("https://push.smsrelay.net/send", HttpMethod.POST, req, String.class);',
        ),
        ("app/Relay.kt", 'webClient.get().uri("https://push.smsrelay.net/send").retrieve()'),
        (
            "app/Relay.java",
            'client.target(String.format("https://push.smsrelay.net/%s/send", id)).request();',
        ),
        ("app/Relay.java", '    @Value("${relay.url:https://push.smsrelay.net/send}")'),
        ("app/relay.go", 'req, _ := http.NewRequest("POST", "https://push.smsrelay.net/send", body)'),
        (
            "app/relay.go",
            'req, _ := http.NewRequestWithContext(ctx, "GET", "https://push.smsrelay.net/send", nil)',
        ),
        ("app/relay.go", 'resp, err := http.Get(fmt.Sprintf("https://push.smsrelay.net/send/%s", id))'),
        ("app/relay.py", 'r = requests.post(f"https://push.smsrelay.net/send/{token}", json=body)'),
        ("app/Relay.cs", 'var r = await http.PostAsync($"https://push.smsrelay.net/send/{id}", content);'),
        (
            "src/main/resources/application.properties",
            "relay.url=${RELAY_URL:https://push.smsrelay.net/send}",
        ),
        (
            "src/main/resources/application.yml",
            'relay:\n  url: "${RELAY_URL:https://push.smsrelay.net/send}"',
        ),
        ("app/relay.go", '\tdefaultRelayURL = "https://push.smsrelay.net"'),  # a default, as a constant
        ("app/relay.py", 'DEFAULT_API_URL = "https://push.smsrelay.net"'),
        ("app/Relay.java", 'private static final String BASE_URL = "https://push.smsrelay.net";'),
        ("app/Relay.kt", 'const val RELAY_BASE_URL = "https://push.smsrelay.net"'),
    ],
)
def test_calls_and_placeholder_defaults_without_an_api_shape(path: str, line: str) -> None:
    e = one(path, line + "\n")
    assert (e.host, e.literal, e.link, e.api) == ("push.smsrelay.net", True, False, True), line


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ("app/Relay.java", '    @Value("${relay.docs-url:https://push.smsrelay.net/send}")'),  # a link
        ("app/relay.py", 'log.info(f"https://push.smsrelay.net/send/{token} failed")'),  # a message
        ("app/relay.go", 'return fmt.Errorf(fmt.Sprintf("https://push.smsrelay.net/send/%s", id))'),
        ("app/relay.py", 'msg = f"see https://push.smsrelay.net/send/{token}"'),  # prose in a string
        ("app/site.rb", 'Sitemap.default_host = "https://push.smsrelay.net"'),  # the own address
        ("app/relay.go", 'var DefaultHomepageURL = "https://push.smsrelay.net"'),  # a page
    ],
)
def test_prefixed_and_placeholder_urls_that_are_not_called(path: str, line: str) -> None:
    assert not one(path, line + "\n").api, line


def test_a_query_is_no_userinfo() -> None:
    # the `@` of a Ruby instance variable in the query is no `user@host`
    line = 'redirect_to(URI.parse("http://localhost:#{port}?code=#{@verification.otp}").to_s)\n'
    assert [e.host for e in endpoints_in(SourceFile("app/controllers/otp.rb", line.encode()))] == [
        "localhost"
    ]
    line = 'DSN = "postgres://${DB_USER}:${DB_PASS}@db.zaphost.io:5432/app"\n'
    assert [e.host for e in endpoints_in(SourceFile("app/db.py", line.encode()))] == ["db.zaphost.io"]


def test_a_record_built_with_a_url_is_no_client() -> None:
    assert not one("app/models/link.rb", 'bookmark = Link.new(url: "https://www.smsrelay.net")\n').api
    assert not one("app/link.ts", 'const l = new MenuItem({ url: "https://www.smsrelay.net" });\n').api


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ("app/views.js", '<a href="https://api.zapnotify.net/1/messages.json">docs</a>'),  # shown
        ("app/ui.jsx", 'placeholder="https://api.zapnotify.net/1/hooks/..."'),  # an input's example
        ("app/check.js", 'if (!url.startsWith("https://api.zapnotify.net/1/")) throw err;'),  # validation
        ("app/open.js", 'window.open("https://api.zapnotify.net/1/dashboard")'),  # a page
        ("app/docs.py", 'HELP = "https://docs.zapnotify.net/api/messages"'),  # documentation host
        ("app/links.py", 'PRICING = "https://zapnotify.net/pricing"'),  # a website page
        ("app/zap.py", 'setup_url = "https://zapnotify.net/services/zap/"'),  # a setup guide
        # messages: logged, printed or raised, in each language's way
        ("app/zap.py", 'logger.info("https://api.zapnotify.net/1/messages.json responded")'),
        ("app/zap.js", 'console.log("https://api.zapnotify.net/1/messages.json")'),
        ("app/zap.go", 'return fmt.Errorf("https://api.zapnotify.net/v1/x: %w", err)'),
        ("app/Zap.java", 'throw new IllegalStateException("https://api.zapnotify.net/v1/x");'),
        ("app/zap.rb", 'puts "https://api.zapnotify.net/v1/x"'),
        ("app/zap.py", 'raise ValueError("https://api.zapnotify.net/v1/x")'),
        ("app/zap.rs", 'log::warn!("https://api.zapnotify.net/v1/x");'),
        ("app/Zap.ex", 'Logger.error("https://api.zapnotify.net/v1/x")'),
        ("app/logo.py", 'URL = "https://zapnotify.net/static/logo.png"'),  # an asset
        (
            "app/type.java",
            'static final URI TYPE = URI.create("https://zapnotify.net/api/errors/missing");',
        ),  # an id
        ("app/repo.go", 'const src = "https://github.com/zapnotify/zap/blob/main/README.md"'),  # code page
        ("app/schema.ts", '$schema: "https://json-schema.org/draft/2020-12/schema",'),  # a schema id
        ("locales/en.json", '{"hint": "https://api.zapnotify.net/1/messages.json"}'),  # a translation
        (
            "migrations/Version20170327194233.php",
            "$this->addSql(\"INSERT INTO setting (name, value) VALUES ('zap_url', 'https://api.zapnotify.net/v1')\");",
        ),  # a row a migration writes
        (  # the default of a setting whose name says it is a page to link to
            "config/instance.php",
            "'url' => env('NOTICE_LABEL_URL', 'https://www.zapnotify.net/api/advice-for-public'),",
        ),
        (
            "db/migrate/20240101_add_zap.rb",
            'add_column :users, :zap, :string, default: "https://api.zapnotify.net/v1"',
        ),
        ("docs/openapi.yaml", "servers:\n  - url: https://api.zapnotify.net/v1\n"),  # an API description
        (
            "prisma/migrations/20240101120000_init/migration.sql",
            "INSERT INTO setting VALUES ('zap', 'https://api.zapnotify.net/v1');",
        ),  # a migration in a numbered folder
        (
            "models/migrations/v1_20/v250.go",
            "x.Exec(\"UPDATE repo SET url = 'https://api.zapnotify.net/v1'\")",
        ),
        (
            "alembic/migrations/versions/ae1027a6acf_add_zap.py",
            "op.execute(\"UPDATE s SET u = 'https://api.zapnotify.net/v1'\")",
        ),
        ("db/migration/changelog.yaml", "defaultValue: https://api.zapnotify.net/v1\n"),
        (
            "config/queue.php",
            "'prefix' => env('ZAP_PREFIX', 'https://api.zapnotify.net/your-account-id'),",
        ),  # to fill in
    ],
)
def test_links_are_not_apis(path: str, line: str) -> None:
    e = one(path, line + "\n")
    assert e.link and not e.api, line


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("app/zap.py", "# see https://api.zapnotify.net/1/messages.json\n"),  # a comment line
        ("README.md", "We call https://api.zapnotify.net/1/messages.json\n"),  # prose
        ("app/page.html", '<script src="https://api.zapnotify.net/1/widget"></script>\n'),  # markup
    ],
)
def test_comments_and_prose_name_nothing(path: str, text: str) -> None:
    assert [e for e in endpoints_in(SourceFile(path, text.encode())) if e.host] == []


@pytest.mark.parametrize(
    "line",
    [
        'SitemapGenerator::Sitemap.default_host = "https://smsrelay.net"',  # the application's own address
        'var baseUrl = "https://www.smsrelay.net/";',  # the base of links to show
        '"url": "https://smsrelay.net/recipes",',  # a record's data, not a variable
    ],
)
def test_origins_and_records_are_not_endpoints(line: str) -> None:
    assert not one("app/site.cs", line + "\n").api, line


def test_prose_in_a_string_and_data_files_are_not_called() -> None:
    e = one("app/zap.py", '"""Messages go to https://api.zapnotify.net/1/messages.json"""\n')
    assert not e.literal and not e.api
    e = one("fixtures/sample.json", '{"url": "https://api.zapnotify.net/1/messages.json"}\n')
    assert e.source == "data"


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("api.pushover.net", "pushover.net"),
        ("pushover.net", "pushover.net"),
        ("qyapi.weixin.qq.com", "qq.com"),
        ("api.shop.co.uk", "shop.co.uk"),
        ("myapp.herokuapp.com", "myapp.herokuapp.com"),
        ("rates.azurewebsites.net", "rates.azurewebsites.net"),
    ],
)
def test_registrable_domain(host: str, domain: str) -> None:
    assert registrable_domain(host) == domain


@pytest.mark.parametrize(
    ("host", "real"),
    [
        ("api.pushover.net", True),
        ("sms.ir", True),
        ("example.com", False),
        ("api.example", False),
        ("localhost", False),
        ("127.0.0.1", False),
        ("db.internal", False),
        ("yourdomain.com", False),
        ("api.your-domain.net", False),
        ("test-webapp-url.com", False),
        ("xxxxxxx.com", False),
        ("host_name.com", False),
        ("my-custom-s3-compatible.service.com", False),  # an env example's placeholder
        ("api.servicem8.com", True),
    ],
)
def test_real_hosts(host: str, real: bool) -> None:
    assert is_real_host(host) is real


def signals(files: dict[str, str]) -> ServiceDetector:
    detector = ServiceDetector(load_catalog())
    for path, text in files.items():
        sf = SourceFile(path, text.encode(), path.startswith("tests/"))
        detector.add_endpoints(endpoints_in(sf))
    return detector


def test_uncatalogued_api_is_a_service_named_by_its_domain() -> None:
    d = signals({"server/zap.js": 'await axios.post("https://api.zapnotify.net/1/messages.json", m);\n'})
    ev = d.evidence["zapnotify.net"]
    assert ev.open_world and ev.strong and ev.service.category == "apis"
    assert [(s.kind, s.path, s.line, s.detail) for s in ev.signals] == [
        ("api", "server/zap.js", 1, "api.zapnotify.net")
    ]


def test_open_world_needs_an_api_in_application_code() -> None:
    d = signals(
        {
            "tests/zap.test.js": 'await axios.post("https://api.zapnotify.net/1/messages.json", m);\n',
            "server/about.js": 'const origin = "https://zapnotify.net";\n',
        }
    )
    ev = d.evidence["zapnotify.net"]
    assert not ev.strong  # a test's call and a bare origin: evidence, never a row
    assert {s.kind for s in ev.signals} == {"api", "host"}


def test_catalog_host_called_is_strong_its_bare_domain_linked_is_not() -> None:
    d = signals({"app/pay.py": 'BASE = "https://api.stripe.com/v1"\n'})
    assert d.evidence["Stripe"].strong
    d = signals({"app/community.js": 'const invite = "https://discord.com/invite/abc";\n'})
    assert not d.evidence["Discord"].strong


def test_a_domain_spelled_like_a_catalog_name_is_that_entry() -> None:
    # The catalog's Pushover entry (whatever hosts it lists) owns api.pushover.net.
    d = signals({"app/notify.rb": 'uri = URI("https://api.pushover.net/1/messages.json")\n'})
    assert "pushover.net" not in d.evidence
    assert d.evidence["Pushover"].strong


def test_standards_registries_and_cdns_are_no_service_but_their_catalogued_apis_are() -> None:
    d = signals(
        {
            "app/feed.js": 'const r = await fetch("https://cdn.jsdelivr.net/npm/zap@1/dist/api/v1/feed");\n',
            "app/ns.py": 'NS = "http://www.w3.org/2000/svg/api/v1"\n',
            # JSON-LD contexts of an ActivityPub actor
            "app/actor.php": "$ctx = ['https://w3id.org/security/v1', 'http://joinmastodon.org/ns#'];\n",
            # an OPDS catalogue's link relation
            "app/Feed.cs": 'link.Uri = "http://opds-spec.org/author/" + person.Id;\n',
            "app/releases.php": "$res = $client->get('https://api.github.com/repos/acme/app/releases', $opts);\n",
        }
    )
    assert not any(ev.open_world for ev in d.evidence.values())
    assert d.evidence["GitHub API"].strong


def test_the_first_of_an_api_and_a_doc_segment_decides() -> None:
    assert one("app/bot.rb", 'DIFFBOT_API_URL = "http://www.zapbot.com/api/article"\n').api
    assert one("app/links.rb", 'GUIDE = "https://zapbot.com/docs/api/article"\n').link


@pytest.mark.parametrize(
    "line",
    [
        '$url = "https://$lang.zapwiki.org/w/api.php?$query";',
        "const url = `https://${region}.zapwiki.org/w/api.php`;",
        'url = f"https://{lang}.zapwiki.org/w/api.php"',
        'uri = URI("https://#{lang}.zapwiki.org/w/api.php")',
        'url := fmt.Sprintf("https://%s.zapwiki.org/w/api.php", lang)',
    ],
)
def test_an_interpolated_first_label_leaves_the_domain(line: str) -> None:
    e = one("app/wiki.code", line + "\n")
    assert e.host == "zapwiki.org" and e.url_path == "/w/api.php"


def test_a_line_opening_with_a_quote_is_a_comment_only_in_visual_basic() -> None:
    assert one("config/app.py", "    'endpoint': 'https://api.zapnotify.net/v1',\n").api
    assert endpoints_in(SourceFile("Module1.vb", b"' see https://api.zapnotify.net/v1\n")) == []


def test_two_weak_signals_in_one_file_are_one_piece_of_evidence() -> None:
    from integrations_drift.scan.services import Signal

    d = signals(
        {
            "config/queue.php": "'prefix' => env('SQS_PREFIX', 'https://sqs.us-east-1.amazonaws.com/your-id'),\n"
        }
    )
    ev = d.evidence["Amazon SQS"]
    ev.signals.append(Signal("env", "config/queue.php", 1, "SQS_PREFIX", False))
    ev.signals.append(Signal("env", "config/queue.php", 2, "SQS_QUEUE", False))
    assert not ev.strong
    ev.signals.append(Signal("env", "config/app.php", 9, "SQS_QUEUE", False))
    assert ev.strong


def test_the_call_is_the_location_not_a_mention() -> None:
    d = signals(
        {
            "app/views/settings.erb": '<p>Get a key at <%= link_to "zapnotify", "https://zapnotify.net" %></p>\n',
            "extras/zap.rb": 'uri = URI("https://api.zapnotify.net/1/messages.json")\n',
        }
    )
    assert d.evidence["zapnotify.net"].client_location() == "extras/zap.rb"


def test_a_list_element_on_its_own_line_is_read_with_the_line_opening_the_list() -> None:
    """A module's metadata names pages about the vendor (`references`, documentation keys); the
    URL the module requests, also when the call's arguments are one a line, is an API."""
    text = """\
meta = {
    "website": "https://www.vendorone.io/",
    "official_api_documentation": "https://vendorone.io/developers/api/v2",
    "references": [
        "https://apicatalogue.com/api/vendorone",
        # the vendor's API reference
        "https://specs.vendorone.io/apis/v1/openapi",
    ],
}
FALLBACKS = [
    "https://api.vendorone.io/v1/lookup",
]
resp = requests.get(
    "https://vendorfour.com/search",
    params={"q": query},
)
logger.info(
    f"https://vendorsix.com/{query} answered",
)
requests.post(
    f"https://vendorseven.com/{query}/lookup",
)
"""
    found = {e.host: e for e in endpoints_in(SourceFile("modules/sx_vendor.py", text.encode(), False))}
    assert {h for h, e in found.items() if e.api} == {"api.vendorone.io", "vendorfour.com", "vendorseven.com"}
    assert {h for h, e in found.items() if e.link} == {
        "vendorsix.com",
        "www.vendorone.io",
        "vendorone.io",
        "apicatalogue.com",
        "specs.vendorone.io",
    }


@pytest.mark.parametrize(
    "line",
    [
        'res = self.sf.fetchUrl("https://lookup.vendorfive.net/balance?active=" + address)',
        'data = fetch_url("https://vendorfive.net/v/lookup", timeout=10)',
        'body = await this.callApi("https://vendorfive.net/lookup", params)',
        'query = f"https://vendorfive.net/{address}/json/"',
    ],
)
def test_a_fetching_helper_or_a_format_segment_makes_an_api(line: str) -> None:
    assert one("modules/vendorfive.py", line).api


def test_a_url_built_for_a_page_is_no_api() -> None:
    assert not one("modules/vendorfive.py", 'link = "https://vendorfive.net/lookup/" + address').api
