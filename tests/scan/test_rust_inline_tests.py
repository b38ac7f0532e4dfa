"""Rust unit tests inside the file they test: what a `#[cfg(test)] mod tests { … }` holds is test code."""

from __future__ import annotations

from textwrap import dedent

from integrations_drift.catalog import load_catalog
from integrations_drift.scan.endpoints import endpoints_in
from integrations_drift.scan.rust_tests import rust_test_spans
from integrations_drift.scan.services import ServiceDetector
from integrations_drift.scan.types import SourceFile

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
