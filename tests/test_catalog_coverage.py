"""The catalog's breadth: a sample of entries from every corner (notification and chat APIs, mail
protocols, certificate automation, APM agents, AI model servers, self-hosted services, metadata and
geo APIs, secrets managers) resolve from the signals code shows in each ecosystem, and their names
resolve from what documents call them, without generic words catching unrelated rows."""

from __future__ import annotations

import pytest

from integrations_drift.catalog import Catalog, Service, load_catalog


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def names(services: list[Service]) -> list[str]:
    return [s.name for s in services]


def test_every_entry_has_a_kind(catalog: Catalog) -> None:
    # the Type cell of a row that init or a suggestion writes
    assert [s.name for s in catalog if not (s.kind or "").strip()] == []


@pytest.mark.parametrize(
    ("eco", "name", "expected"),
    [
        # notification, chat and SMS APIs
        ("npm", "gotify", ["Gotify"]),
        ("pypi", "apprise", ["Apprise"]),
        ("npm", "matrix-js-sdk", ["Matrix"]),
        ("go", "maunium.net/go/mautrix", ["Matrix"]),
        ("pypi", "mattermostdriver", ["Mattermost"]),
        ("npm", "@line/bot-sdk", ["LINE Messaging API"]),
        ("maven", "com.larksuite.oapi:oapi-sdk", ["Feishu"]),
        ("npm", "nostr-tools", ["Nostr"]),
        ("composer", "clicksend/clicksend-php", ["ClickSend"]),
        ("nuget", "Infobip.Api.Client", ["Infobip"]),
        # mail protocols and certificate automation
        ("npm", "imapflow", ["IMAP"]),
        ("crates", "async_imap", ["IMAP"]),
        ("go", "github.com/go-acme/lego/v4", ["Let's Encrypt"]),
        ("maven", "org.shredzone.acme4j:acme4j-client", ["Let's Encrypt"]),
        ("nuget", "Certes", ["Let's Encrypt"]),
        # APM agents and log shippers
        ("npm", "@instana/collector", ["Instana"]),
        ("nuget", "Serilog.Sinks.Graylog", ["Graylog"]),
        ("go", "gopkg.in/Graylog2/go-gelf.v2", ["Graylog"]),
        ("pypi", "wandb", ["Weights & Biases"]),
        # AI model servers
        ("npm", "ollama", ["Ollama"]),
        ("go", "github.com/ollama/ollama", ["Ollama"]),
        ("nuget", "OllamaSharp", ["Ollama"]),
        ("pypi", "llama_cpp_python", ["llama.cpp"]),
        ("pypi", "dashscope", ["Alibaba Cloud Model Studio"]),
        # self-hosted services and forges
        ("go", "code.gitea.io/sdk/gitea", ["Gitea"]),
        ("go", "codeberg.org/mvdkleijn/forgejo-sdk/forgejo/v3", ["Forgejo"]),
        ("go", "github.com/neticdk/go-bitbucket", ["Bitbucket Data Center"]),
        ("go", "github.com/moby/moby/client", ["Docker Engine API"]),
        ("crates", "bollard", ["Docker Engine API"]),
        ("go", "k8s.io/client-go", ["Kubernetes API"]),
        ("composer", "socialiteproviders/kanidm", ["Kanidm"]),
        # generic SSO protocols, by their client libraries
        ("npm", "openid-client", ["OpenID Connect"]),
        ("crates", "openidconnect", ["OpenID Connect"]),
        ("rubygems", "omniauth-saml", ["SAML"]),
        ("pypi", "python3-saml", ["SAML"]),
        ("nuget", "Sustainsys.Saml2", ["SAML"]),
        # data stores
        ("maven", "com.h2database:h2", ["H2 Database"]),
        ("npm", "@duckdb/node-api", ["DuckDB"]),
        ("maven", "org.apache.solr:solr-solrj", ["Apache Solr"]),
        ("go", "go.etcd.io/etcd/client/v3", ["etcd"]),
        ("npm", "@aws-sdk/client-athena", ["Amazon Athena"]),
        # metadata, geo, secrets, payments
        ("nuget", "TMDbLib", ["TMDb"]),
        ("nuget", "MetaBrainz.MusicBrainz", ["MusicBrainz"]),
        ("pypi", "pylast", ["Last.fm"]),
        ("composer", "geoip2/geoip2", ["MaxMind GeoIP"]),
        ("pypi", "hvac", ["HashiCorp Vault"]),
        ("nuget", "Azure.Security.KeyVault.Secrets", ["Azure Key Vault"]),
        ("npm", "@aws-sdk/client-secrets-manager", ["AWS Secrets Manager"]),
        ("rubygems", "gocardless_pro", ["GoCardless"]),
        # not a service: libraries that talk to many
        ("npm", "radius-server-toolkit", []),
        ("go", "github.com/ollamaish/other", []),
    ],
)
def test_by_package(catalog: Catalog, eco: str, name: str, expected: list[str]) -> None:
    assert names(catalog.by_package(eco, name)) == expected


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("gotify/server:2.5", ["Gotify"]),
        ("ollama/ollama:latest", ["Ollama"]),
        ("vllm/vllm-openai:v0.6.0", ["vLLM"]),
        ("ghcr.io/huggingface/text-generation-inference:2.0", ["Text Generation Inference"]),
        ("docker.gitea.com/gitea/gitea:1.22", ["Gitea"]),
        ("codeberg.org/forgejo/forgejo:9", ["Forgejo"]),
        ("authelia/authelia:4", ["Authelia"]),
        ("hashicorp/vault:1.17", ["HashiCorp Vault"]),
        ("matrixdotorg/synapse:latest", ["Matrix"]),
        ("mediagis/nominatim:4.4", ["Nominatim"]),
        ("apache/tika:2.9.2.1-full", ["Apache Tika"]),
        ("certbot/certbot", ["Let's Encrypt"]),
        ("graylog/graylog:6.0", ["Graylog"]),
        ("n8nio/n8n", ["n8n"]),
    ],
)
def test_by_image(catalog: Catalog, ref: str, expected: list[str]) -> None:
    assert names(catalog.by_image(ref)) == expected


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("api.pushbullet.com", ["Pushbullet"]),
        ("api.day.app", ["Bark"]),
        ("qyapi.weixin.qq.com", ["WeCom"]),
        ("oapi.dingtalk.com", ["DingTalk"]),
        ("api.themoviedb.org", ["TMDb"]),
        ("www.omdbapi.com", ["OMDb"]),
        ("ws.audioscrobbler.com", ["Last.fm"]),
        ("labs.api.listenbrainz.org", ["ListenBrainz"]),
        ("www.gravatar.com", ["Gravatar"]),
        ("api.pwnedpasswords.com", ["Have I Been Pwned"]),
        ("nominatim.openstreetmap.org", ["Nominatim"]),
        ("us1.locationiq.com", ["LocationIQ"]),
        ("acme-v02.api.letsencrypt.org", ["Let's Encrypt"]),
        ("myvault.vault.azure.net", ["Azure Key Vault"]),
        ("secretsmanager.eu-west-1.amazonaws.com", ["AWS Secrets Manager"]),
        ("bucket.oss-cn-hangzhou.aliyuncs.com", ["Alibaba Cloud OSS"]),
        ("abc.lambda-url.us-east-1.on.aws", ["AWS Lambda"]),
        ("api.x.ai.example.com", []),
        ("openstreetmap.org", []),
    ],
)
def test_by_host(catalog: Catalog, host: str, expected: list[str]) -> None:
    assert names(catalog.by_host(host)) == expected


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [
        ("imaps", ["IMAP"]),
        ("pop3", ["POP3"]),
        ("sftp", ["SFTP"]),
        ("trino", ["Trino"]),
        ("duckdb", ["DuckDB"]),
        ("sendmail", ["Sendmail"]),
    ],
)
def test_by_scheme(catalog: Catalog, scheme: str, expected: list[str]) -> None:
    assert names(catalog.by_scheme(scheme)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Movie Database", "TMDb"),
        ("OIDC", "OpenID Connect"),
        ("SAML 2.0", "SAML"),
        ("Let's Encrypt", "Let's Encrypt"),
        ("LetsEncrypt (ACME)", "Let's Encrypt"),
        ("Codeberg", "Forgejo"),
        ("Bitbucket Server", "Bitbucket Data Center"),
        ("Docker Engine", "Docker Engine API"),
        ("K8s", "Kubernetes API"),
        ("Aliyun SMS", "Alibaba Cloud SMS"),
        ("WeChat Work", "WeCom"),
        ("HIBP", "Have I Been Pwned"),
        ("Audioscrobbler", "Last.fm"),
        ("Piwik", "Matomo"),
        ("VictorOps", "Splunk On-Call"),
        ("YubiCloud", "Yubico OTP"),
        ("HashiCorp Vault", "HashiCorp Vault"),
        # generic words stay unmatched: a document row named so is someone else's
        ("Docker", None),
        ("Vault", None),
        ("Phoenix", None),
        ("Make", None),
        ("Modal", None),
        ("Radar", None),
        ("Shortcut", None),
        ("Photon", None),
        ("Acme", None),
    ],
)
def test_match_name(catalog: Catalog, text: str, expected: str | None) -> None:
    hit = catalog.match_name(text)
    assert (hit.name if hit else None) == expected


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ("GOTIFY_TOKEN", ["Gotify"]),
        ("OLLAMA_HOST", ["Ollama"]),
        ("HIBP_API_KEY", ["Have I Been Pwned"]),
        ("LOCATION_IQ_API_KEY", ["LocationIQ"]),
        ("VAULT_ADDR", ["HashiCorp Vault"]),
        ("VAULT_SETTINGS", []),
        ("DOCKER_HOST", ["Docker Engine API"]),
    ],
)
def test_by_env(catalog: Catalog, env: str, expected: list[str]) -> None:
    assert names(catalog.by_env(env)) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("sm = boto3.client('secretsmanager')", ["AWS Secrets Manager"]),
        ('ssm = session.client(service_name="ssm")', ["AWS Systems Manager Parameter Store"]),
        ("const kms = new AWS.KMS({ region })", ["AWS KMS"]),
        ("fn = boto3.client('lambda')", ["AWS Lambda"]),
        ("rt = boto3.client('sagemaker-runtime')", ["Amazon SageMaker"]),
        ("from google.cloud import secretmanager", ["Google Secret Manager"]),
        ('docs = build("docs", "v1", credentials=creds)', ["Google Docs API"]),
        ('build("docs")', []),
        ("handler = lambda x: x", []),
    ],
)
def test_import_patterns(catalog: Catalog, source: str, expected: list[str]) -> None:
    matched = [s.name for pattern, s in catalog.import_patterns if pattern.search(source)]
    assert list(dict.fromkeys(matched)) == expected
