"""Protocol libraries are their protocol's service in every ecosystem the scanner reads (an LDAP,
SAML, OIDC, SMTP, IMAP or POP3 client, an OTLP exporter), and the platform's own clients, which no
manifest declares, are read from the code that makes them."""

from __future__ import annotations

import pytest

from integrations_drift.catalog import Catalog, load_catalog
from integrations_drift.scan.manifests import read_manifest
from integrations_drift.scan.plugins import package_vendor
from integrations_drift.scan.services import ServiceDetector


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.mark.parametrize(
    ("eco", "name", "expected"),
    [
        ("npm", "ldapauth-fork", "LDAP"),
        ("pypi", "django-python3-ldap", "LDAP"),
        ("go", "gopkg.in/ldap.v3", "LDAP"),
        ("rubygems", "gitlab_omniauth-ldap", "LDAP"),
        ("maven", "org.ldaptive:ldaptive", "LDAP"),
        ("nuget", "LdapForNet", "LDAP"),
        ("composer", "symfony/ldap", "LDAP"),
        ("npm", "passport-wsfed-saml2", "SAML"),
        ("pypi", "social-auth-core/saml", "SAML"),
        ("go", "github.com/mattermost/gosaml2", "SAML"),
        ("rubygems", "devise_saml_authenticatable", "SAML"),
        ("maven", "org.opensaml:opensaml-saml-impl", "SAML"),
        ("composer", "litesaml/lightsaml", "SAML"),
        ("hex", "esaml", "SAML"),
        ("hex", "ueberauth_oidc", "OpenID Connect"),
        ("crates", "openid", "OpenID Connect"),
        ("npm", "emailjs-imap-client", "IMAP"),
        ("go", "github.com/knadh/go-pop3", "POP3"),
        ("npm", "yapople", "POP3"),
        ("go", "github.com/knadh/smtppool/v2", "SMTP"),
        ("go", "gopkg.in/mail.v2", "SMTP"),
        ("maven", "org.eclipse.angus:jakarta.mail", "SMTP"),
        ("nuget", "NETCore.MailKit", "SMTP"),
        ("go", "go.opentelemetry.io/contrib/exporters/autoexport", "OpenTelemetry Collector"),
        ("maven", "io.opentelemetry:opentelemetry-sdk-extension-autoconfigure", "OpenTelemetry Collector"),
        ("composer", "symfony/google-mailer", "Gmail API"),
        ("hex", "kubereq", "Kubernetes API"),
        ("maven", "org.eclipse.angus:imap", "IMAP"),
        ("go", "github.com/kataras/hcaptcha", "hCaptcha"),
        ("rubygems", "qdrant-ruby", "Qdrant"),
        ("composer", "google-gemini-php/client", "Google Gemini API"),
        ("crates", "typesense", "Typesense"),
        ("hex", "geolix_adapter_mmdb2", "MaxMind GeoIP"),
        ("composer", "ext-ldap", "LDAP"),  # PHP extensions are clients too
        ("composer", "ext-imap", "IMAP"),
        ("composer", "ext-pdo_pgsql", "PostgreSQL"),
        ("composer", "ext-redis", "Redis"),
        ("composer", "ext-amqp", "RabbitMQ"),
    ],
)
def test_protocol_libraries(catalog: Catalog, eco: str, name: str, expected: str) -> None:
    assert [s.name for s in catalog.by_package(eco, name)] == [expected]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("symfony/twilio-notifier", "Twilio"),
        ("symfony/one-signal-notifier", "OneSignal"),
        ("symfony/mailersend-mailer", "MailerSend"),
        ("symfony/beanstalkd-messenger", "Beanstalkd"),
    ],
)
def test_symfony_bridges_name_their_vendor(catalog: Catalog, name: str, expected: str) -> None:
    vendor = package_vendor("composer", name)
    service = catalog.get(vendor) if vendor is not None else None
    assert service is not None and service.name == expected


@pytest.mark.parametrize(
    "name", ["symfony/mailer", "symfony/notifier", "symfony/fake-sms-notifier", "symfony/doctrine-messenger"]
)
def test_symfony_components_name_no_vendor(catalog: Catalog, name: str) -> None:
    vendor = package_vendor("composer", name)
    assert vendor is None or catalog.get(vendor) is None


@pytest.mark.parametrize(
    ("path", "code", "expected"),
    [
        ("app/mailbox.py", "import imaplib\nconn = imaplib.IMAP4_SSL(settings.host)\n", "IMAP"),
        ("app/bounces.py", "import poplib\nbox = poplib.POP3_SSL(host, 995)\n", "POP3"),
        ("lib/fetcher.rb", "imap = Net::IMAP.new(host, port: 993, ssl: true)\n", "IMAP"),
        ("lib/pop.rb", "Net::POP3.start(host, 110, user, pass) { |pop| pop.mails }\n", "POP3"),
        ("src/Inbox.php", "<?php\n$box = imap_open($mailbox, $user, $pass);\n", "IMAP"),
        ("src/Reader.cs", "using var client = new ImapClient();\n", "IMAP"),
        ("src/Popper.cs", "using var client = new Pop3Client();\n", "POP3"),
        ("src/main/java/app/Inbox.java", 'Store store = session.getStore("imaps");\n', "IMAP"),
        ("src/main/java/app/Pop.java", 'Store store = session.getStore("pop3");\n', "POP3"),
        ("src/Directory.php", "<?php\n$conn = ldap_connect($uri);\n", "LDAP"),
        ("lib/app/ldap.ex", "{:ok, conn} = :eldap.open([host], port: 636)\n", "LDAP"),
        ("src/dir.erl", "{ok, H} = eldap:open([Host], []),\n", "LDAP"),
        (
            "src/main/java/app/Dir.java",
            'env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");\n',
            "LDAP",
        ),
    ],
)
def test_platform_clients(catalog: Catalog, path: str, code: str, expected: str) -> None:
    detector = ServiceDetector(catalog)
    detector.add_source(path, code.encode(), False)
    assert expected in detector.evidence
    assert any(s.kind == "import" for s in detector.evidence[expected].signals)


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("app/notes.py", "# imaplib is not used here\nx = 1\n"),
        ("src/Store.java", 'Store store = session.getStore("smtp");\n'),
        ("lib/app/other.ex", "def open(x), do: Mymodeldap.open(x)\n"),
    ],
)
def test_no_client_no_protocol(catalog: Catalog, path: str, code: str) -> None:
    detector = ServiceDetector(catalog)
    detector.add_source(path, code.encode(), False)
    assert not {"IMAP", "POP3", "LDAP"} & set(detector.evidence)


@pytest.mark.parametrize(
    ("path", "code", "expected"),
    [
        (
            "src/render.ts",
            "const b = await puppeteer.connect({ browserWSEndpoint: cfg.chromeUrl });\n",
            "Remote Chrome (CDP)",
        ),
        (
            "app/fetch.py",
            "browser = await p.chromium.connect_over_cdp(os.environ['CDP_URL'])\n",
            "Remote Chrome (CDP)",
        ),
        ("src/shot.js", "const browser = await chromium.connectOverCDP(endpoint);\n", "Remote Chrome (CDP)"),
        (
            "pkg/shot/shot.go",
            "ctx, cancel := chromedp.NewRemoteAllocator(ctx, wsURL)\n",
            "Remote Chrome (CDP)",
        ),
        ("app/scrape.py", "driver = webdriver.Remote(command_executor=url, options=opts)\n", "Selenium Grid"),
        (
            "src/main/java/app/Scrape.java",
            "WebDriver d = new RemoteWebDriver(new URL(hub), caps);\n",
            "Selenium Grid",
        ),
        (
            "src/scrape.js",
            "const d = await new Builder().forBrowser('chrome').usingServer(hub).build();\n",
            "Selenium Grid",
        ),
        ("lib/scrape.rb", "driver = Selenium::WebDriver.for :remote, url: hub\n", "Selenium Grid"),
        (
            "app/fetchers/grid.py",
            "from selenium.webdriver.remote.webdriver import WebDriver as Remote\nd = Remote(url)\n",
            "Selenium Grid",
        ),
    ],
)
def test_remote_browsers(catalog: Catalog, path: str, code: str, expected: str) -> None:
    detector = ServiceDetector(catalog)
    detector.add_source(path, code.encode(), False)
    assert expected in detector.evidence


def test_a_local_browser_is_no_service(catalog: Catalog) -> None:
    detector = ServiceDetector(catalog)
    detector.add_source(
        "src/shot.js", b"const browser = await puppeteer.launch({ headless: true });\n", False
    )
    detector.add_source("app/scrape.py", b"driver = webdriver.Chrome(options=opts)\n", False)
    assert not {"Remote Chrome (CDP)", "Selenium Grid"} & set(detector.evidence)


def test_php_extensions_in_composer_json_are_services(catalog: Catalog) -> None:
    text = b'{"require": {"php": "^8.2", "ext-json": "*", "ext-ldap": "*", "ext-pdo_pgsql": "*"}}'
    deps, _ = read_manifest("composer.json", text)
    found = {s.name for d in deps for s in catalog.by_package(d.ecosystem, d.name)}
    assert found == {"LDAP", "PostgreSQL"}
