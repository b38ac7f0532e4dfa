"""Growth-ratio timing shared by the hostile-input tests.

Absolute times say nothing on a shared, loaded machine; the ratio of two sizes of the same input
does. A linear scan takes about 4x as long for 4x the input, a quadratic one 16x: the bound of 10
leaves room for noise and still catches the quadratic.
"""

from __future__ import annotations

import time
from collections.abc import Callable

RATIO_BOUND = 10.0
# Below these the clock and a loaded machine's noise dominate and a ratio means nothing: the
# small input counts as taking at least FLOOR, so a failure needs the large one past 10 x FLOOR.
FLOOR = 0.1
MEASURABLE = 0.3


def best_time(run: Callable[[], object], repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def assert_linear(make: Callable[[int], Callable[[], object]], size: int, what: str) -> None:
    """time(4 x size) < RATIO_BOUND x time(size), measured best of three."""
    small, large = make(size), make(4 * size)
    t_small = best_time(small)
    t_large = best_time(large)
    if t_large < MEASURABLE:
        return
    ratio = t_large / max(t_small, FLOOR)
    assert ratio < RATIO_BOUND, f"{what}: {t_small:.3f} s -> {t_large:.3f} s for 4x the input (x{ratio:.1f})"
