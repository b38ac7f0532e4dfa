"""Login-provider registries: the identity providers an application signs users in with."""

from __future__ import annotations

import pytest

from integrations_drift.catalog import load_catalog
from integrations_drift.scan.logins import login_providers, logins_in, normalise_provider
from integrations_drift.scan.manifests import Dependency
from integrations_drift.scan.services import ServiceDetector


def detect(files: dict[str, str]) -> dict[str, tuple[bool, bool]]:
    """Service name → (strong, open world) of every service with a login signal."""
    detector = ServiceDetector(load_catalog())
    for path, text in files.items():
        detector.add_source(path, text.encode(), path.startswith("tests/"))
    return {
        name: (ev.strong, ev.open_world)
        for name, ev in detector.evidence.items()
        if any(s.kind == "login" for s in ev.signals)
    }


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        (  # Laravel Socialite: config/services.php keys whose block holds a client id and secret
            "config/services.php",
            "<?php\nreturn [\n    'mailgun' => [\n        'secret' => env('MAILGUN_SECRET'),\n    ],\n"
            "    'github' => [\n        'client_id' => env('GITHUB_CLIENT_ID'),\n"
            "        'client_secret' => env('GITHUB_CLIENT_SECRET'),\n        'redirect' => '/cb',\n    ],\n];\n",
            {"GitHub OAuth"},
        ),
        ("app/Http/Auth.php", "return Socialite::driver('gitlab')->redirect();\n", {"GitLab API"}),
        (  # OmniAuth builder, with its test strategy left out
            "config/initializers/omniauth.rb",
            "Rails.application.config.middleware.use OmniAuth::Builder do\n"
            "  provider :developer unless Rails.env.production?\n"
            "  provider :google_oauth2, ENV['GOOGLE_ID'], ENV['GOOGLE_SECRET']\nend\n",
            {"Google OAuth"},
        ),
        (
            "config/initializers/devise.rb",
            "  config.omniauth :facebook, ENV['FB_ID'], ENV['FB_SECRET']\n",
            {"Facebook Login"},
        ),
        (  # Auth.js / NextAuth provider imports
            "src/auth.ts",
            'import GitHub from "next-auth/providers/github";\nimport Credentials from "next-auth/providers/credentials";\n'
            'import Okta from "@auth/core/providers/okta";\n',
            {"GitHub OAuth", "Okta"},
        ),
        (  # django-allauth provider apps
            "app/settings.py",
            "INSTALLED_APPS = [\n    'allauth.socialaccount',\n    'allauth.socialaccount.providers.github',\n"
            "    'allauth.socialaccount.providers.openid_connect',\n]\n",
            {"GitHub OAuth", "OpenID Connect"},
        ),
        (  # python-social-auth backends, not its helper modules
            "app/settings.py",
            "AUTHENTICATION_BACKENDS = ('social_core.backends.azuread.AzureADOAuth2',)\n"
            "from social_core.backends.utils import load_backends\n",
            {"Microsoft Entra ID"},
        ),
        (
            "src/main/resources/application.properties",
            "spring.security.oauth2.client.registration.github.client-id=${GITHUB_ID}\n",
            {"GitHub OAuth"},
        ),
        (
            "src/main/resources/application.yml",
            "spring:\n  security:\n    oauth2:\n      client:\n        registration:\n          keycloak:\n"
            "            client-id: app\n            client-secret: ${KC_SECRET}\n",
            {"Keycloak"},
        ),
        ("auth/providers.go", 'import (\n\t"github.com/markbates/goth/providers/discord"\n)\n', {"Discord"}),
        ("auth/oauth.go", 'import "golang.org/x/oauth2/google"\n', {"Google OAuth"}),
        (
            "config/config.exs",
            "config :ueberauth, Ueberauth, providers: [github: {Ueberauth.Strategy.Github, []}]\n",
            {"GitHub OAuth"},
        ),
        (
            "app/auth.py",
            "from authlib.integrations.starlette_client import OAuth\noauth = OAuth()\n"
            'oauth.register(name="google", client_id=ID, client_secret=SECRET)\n',
            {"Google OAuth"},
        ),
        (  # better-auth socialProviders and its generic OAuth plugin
            "src/lib/auth.ts",
            "export const auth = betterAuth({\n  socialProviders: {\n    google: {\n      clientId: env.GOOGLE_ID,\n"
            '      clientSecret: env.GOOGLE_SECRET,\n    },\n  },\n  plugins: [genericOAuth({ config: [{ providerId: "azuread" }] })],\n});\n',
            {"Google OAuth", "Microsoft Entra ID"},
        ),
    ],
)
def test_registry_shapes(path: str, text: str, expected: set[str]) -> None:
    found = detect({path: text})
    assert set(found) == expected
    assert all(strong for strong, _ in found.values())


@pytest.mark.parametrize(
    ("ecosystem", "package", "expected"),
    [
        ("npm", "passport-github2", "GitHub OAuth"),
        ("npm", "passport-google-oauth20", "Google OAuth"),
        ("rubygems", "omniauth-azure-activedirectory-v2", "Microsoft Entra ID"),
        ("composer", "socialiteproviders/microsoft-azure", "Microsoft Entra ID"),
        ("nuget", "AspNet.Security.OAuth.GitHub", "GitHub OAuth"),
        ("composer", "socialiteproviders/kanidm", "Kanidm"),  # not in the table: the catalog entry by name
        (
            "composer",
            "socialiteproviders/zapauth",
            "Zapauth",
        ),  # unknown to the catalog: a provider of its own
    ],
)
def test_provider_packages(ecosystem: str, package: str, expected: str) -> None:
    detector = ServiceDetector(load_catalog())
    detector.add_dependencies([Dependency(ecosystem, package, "manifest", 3, False, "1.0")])  # type: ignore[arg-type]
    ev = detector.evidence[expected]
    assert ev.strong and ev.service.category == "auth"
    assert any(s.kind == "login" for s in ev.signals)


@pytest.mark.parametrize(
    ("ecosystem", "package"),
    [
        ("npm", "passport-local"),
        ("npm", "passport-jwt"),
        ("rubygems", "omniauth-rails_csrf_protection"),
        ("composer", "socialiteproviders/manager"),
    ],
)
def test_framework_packages_that_are_no_provider(ecosystem: str, package: str) -> None:
    detector = ServiceDetector(load_catalog())
    detector.add_dependencies([Dependency(ecosystem, package, "manifest", 3, False, "1.0")])  # type: ignore[arg-type]
    assert not any(s.kind == "login" for ev in detector.evidence.values() for s in ev.signals)


def test_unknown_ids_are_providers_only_from_registries_that_list_providers() -> None:
    found = detect(
        {
            "app/settings.py": "INSTALLED_APPS = ['allauth.socialaccount.providers.zapauth']\n",
            "src/config.ts": "export const mobile = {\n  clientId: env.MOBILE_ID,\n  clientSecret: env.MOBILE_SECRET,\n};\n",
        }
    )
    assert found == {"Zapauth": (True, True)}
    assert load_catalog().get("Zapauth") is None


def test_registration_in_test_code_is_evidence_not_a_row() -> None:
    assert detect({"tests/auth.test.ts": 'import GitHub from "next-auth/providers/github";\n'}) == {
        "GitHub OAuth": (False, False)
    }


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("google_oauth2", "google"),
        ("github2", "github"),
        ("Github", "github"),
        ("google-oauth20", "google"),
        ("azure-activedirectory-v2", "azure-activedirectory"),
    ],
)
def test_provider_ids_are_normalised(raw: str, normal: str) -> None:
    assert normalise_provider(raw) == normal


def test_lines_point_at_the_registration() -> None:
    text = b"spring:\n  security:\n    oauth2:\n      client:\n        registration:\n          github:\n            client-id: x\n"
    found = [(x.provider, x.line, x.open) for x in logins_in("src/main/resources/application.yml", text)]
    assert found == [("github", 6, True)]  # the registration path and the credential block: one


def test_every_provider_names_a_catalog_entry() -> None:
    catalog = load_catalog()
    for pid, name in login_providers().providers.items():
        assert catalog.get(name) is not None, (pid, name)
        assert normalise_provider(pid) == pid, pid  # looked up after normalising


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        (  # ASP.NET Core: the authentication builder's provider extensions
            "src/Web/Program.cs",
            "builder.Services.AddAuthentication()\n    .AddCookie()\n    .AddJwtBearer()\n"
            '    .AddGoogle(o => o.ClientId = cfg["Google:ClientId"])\n    .AddGitHub(o => {})\n'
            "    .AddMicrosoftIdentityWebApp(cfg);\n",
            {"Google OAuth", "GitHub OAuth", "Microsoft Entra ID"},
        ),
        (  # go-pkgz/auth: providers added by id, a registry of providers only
            "app/auth.go",
            'import "github.com/go-pkgz/auth"\n'
            'service.AddProvider("github", cfg.GithubCID, cfg.GithubCSEC)\n'
            'service.AddProvider("zapid", cfg.ZapCID, cfg.ZapCSEC)\n',
            {"GitHub OAuth", "Zapid"},
        ),
        (  # Passport: strategies by their class, named or not; a local strategy is no vendor
            "server/auth.js",
            "passport.use(new GoogleStrategy({ clientID, clientSecret }, verify));\n"
            "passport.use('gh', new GitHubStrategy(opts, verify));\n"
            "passport.use(new LocalStrategy(verify));\n",
            {"Google OAuth", "GitHub OAuth"},
        ),
    ],
)
def test_builder_registries(path: str, text: str, expected: set[str]) -> None:
    found = detect({path: text})
    assert set(found) == expected
    assert all(strong for strong, _ in found.values())


def test_a_builder_call_without_the_framework_registers_nothing() -> None:
    assert detect({"app/list.cs": "items.AddGoogle(x);\n", "app/x.go": 'r.AddProvider("github", h)\n'}) == {}


def test_source_files_named_for_a_provider_sign_in_with_it() -> None:
    # A flat Go package with one file per provider, the provider's URL read from settings.
    body = "package app\n\nfunc (c *config) exchange(code string) error { return c.post(code) }\n"
    found = detect(
        {
            "oauth_gitlab.go": body,
            "app/auth/keycloak_sso.py": "def callback(request):\n    return exchange(request)\n",
            "oauth_generic.go": body,  # a protocol, not a provider
            "oauth_zapvendor.go": body,  # an id no registry knows names nothing
            "oauth_signup.go": body,
            "tests/oauth_github_test.go": body,
            "docs/oauth_discord.md": "Discord\n",
        }
    )
    assert found == {"GitLab API": (True, False), "Keycloak": (True, False)}
