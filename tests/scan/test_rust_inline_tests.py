"""Rust unit tests inside the file they test: what a `#[cfg(test)] mod tests { … }` holds is test code."""

from __future__ import annotations

from textwrap import dedent

from integrations_drift.catalog import load_catalog
from integrations_drift.scan.endpoints import endpoints_in
from integrations_drift.scan.rust_tests import rust_test_spans
from integrations_drift.scan.services import ServiceDetector
from integrations_drift.scan.types import SourceFile
from tests.scan.envcase import marked

SOURCE = dedent(
    """\
    pub async fn announce(client: &Client) -> Result<()> {
        client.post("https://api.zapfeed.io/v1/announce").send().await?;
        Ok(())
    }

    #[cfg(test)]
    #[allow(clippy::unwrap_used)]
    mod tests {
        use super::*;

        #[test]
        fn parses_a_remote_actor() {
            let brace = '{';
            let json = format!("{{\\"id\\": \\"{}\\"}}", "x");
            let url = Url::parse("https://social.otherinstance.net/api/users/alice").unwrap();
        }
    }

    pub fn after() -> &'static str {
        "https://api.pingbird.dev/v2/ping"
    }
    """
)


def test_inline_test_module_spans_to_its_closing_brace() -> None:
    data = SOURCE.encode()
    [(start, end)] = rust_test_spans(data)
    assert data[start:end].startswith(b"#[cfg(test)]")
    assert data[start:end].rstrip().endswith(b"}") and b"alice" in data[start:end]
    assert b"pingbird" not in data[start:end]
    assert rust_test_spans(b"fn main() {}\n") == []


def test_urls_of_an_inline_test_module_are_test_evidence() -> None:
    sf = SourceFile("src/federation.rs", SOURCE.encode(), False)
    by_host = {e.host: e.is_support for e in endpoints_in(sf)}
    assert by_host == {
        "api.zapfeed.io": False,
        "social.otherinstance.net": True,
        "api.pingbird.dev": False,
    }
    detector = ServiceDetector(load_catalog())
    detector.add_endpoints(endpoints_in(sf))
    strong = {name for name, ev in detector.evidence.items() if ev.strong}
    assert "otherinstance.net" not in strong
    assert {"zapfeed.io", "pingbird.dev"} <= strong


def test_env_reads_in_rust_test_code_are_test_evidence() -> None:
    got = marked(
        {
            "src/server.rs": """\
            pub fn port() -> String {
                std::env::var("SERVER_PORT").unwrap_or_default()
            }

            #[cfg(test)]
            mod checks {
                fn remote() -> String {
                    std::env::var("REMOTE_FIXTURE_URL").unwrap()
                }
            }

            #[tokio::test]
            async fn talks_to_the_queue() {
                let url = std::env::var("QUEUE_FIXTURE_URL").unwrap();
            }

            #[cfg(all(test, feature = "postgres"))]
            mod pg {
                fn url() -> String { std::env::var("PG_FIXTURE_URL").unwrap() }
            }

            #[cfg(test)]
            fn helper() -> String {
                std::env::var("HELPER_FIXTURE").unwrap()
            }

            pub fn host() -> String {
                std::env::var("SERVER_HOST").unwrap_or_default()
            }
            """
        }
    )
    assert got == [
        ("SERVER_PORT", "src/server.rs", 2, False),
        ("REMOTE_FIXTURE_URL", "src/server.rs", 8, True),
        ("QUEUE_FIXTURE_URL", "src/server.rs", 14, True),
        ("PG_FIXTURE_URL", "src/server.rs", 19, True),
        ("HELPER_FIXTURE", "src/server.rs", 24, True),
        ("SERVER_HOST", "src/server.rs", 28, False),
    ]
