"""Growth-ratio tests: the cost of a scan step grows with the tree, not with how often the same
thing is declared. Ratios with generous bounds, never absolute seconds (the machine is shared)."""

from __future__ import annotations

import time

from integrations_drift.catalog import load_catalog
from integrations_drift.scan.manifests import Dependency
from integrations_drift.scan.needles import Needles
from integrations_drift.scan.services import ServiceDetector


def _locate(manifests: int, texts: dict[str, bytes]) -> tuple[float, list[tuple[str, int]]]:
    detector = ServiceDetector(load_catalog())
    deps = [
        Dependency("pypi", "redis", f"app{i}/requirements.txt", 1, False, "5.0") for i in range(manifests)
    ]
    detector.add_dependencies(deps)
    start = time.process_time()
    detector.locate_clients(texts, set())
    spent = time.process_time() - start
    found = [(s.path, s.line) for s in detector.evidence["Redis"].signals if s.kind == "import"]
    return spent, found


def test_locate_clients_searches_once_per_package_not_per_manifest() -> None:
    # Every file holds the needle, so each search reads the whole tree.
    texts = {f"src/m{i}.py": b"# redis cache\n" * 400 + b"import redis\n" for i in range(400)}
    one, found_one = min(_locate(1, texts) for _ in range(3))
    many, found_many = min(_locate(40, texts) for _ in range(3))
    assert found_one == found_many == [(f"src/m{i}.py", 401) for i in range(400)]
    # 40 manifests naming the package searched once each would cost ~40 x.
    assert many < one * 8 + 0.05


def test_needles_find_literals_in_raw_bytes() -> None:
    needles = Needles(["boto3.client(", "Celery(", "ç"])
    data = b"\xff\xfe binary \x00 s3 = boto3.client('s3') app = Celery('x') \xc3\xa7"
    assert needles.found_in(data) == {"boto3.client(", "Celery(", "ç"}
    assert needles.any_in(b"nothing here") is False
    assert Needles([]).found_in(data) == set()
