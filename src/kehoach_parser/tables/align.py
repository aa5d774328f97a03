"""Place a row's cells in columns by what they are, keeping their printed order.

When a row has fewer cells than the header has columns (an empty merged cell, a leading tab
the reader dropped, a row cut at the page's edge), which columns are missing is decided by
content: the order-preserving assignment with the best total fit (a small dynamic
programme). A cell that fits nowhere is dropped and reported, never forced into a column.
"""

from __future__ import annotations

from functools import lru_cache

from .classify import Kind, classify
from .groups import is_group_name

# How well a cell of a kind fits a column, 0..1. Kinds not listed fit at 0.
_FIT: dict[str, dict[Kind, float]] = {
    "nhom": {"group": 1.0, "text": 0.3, "task": 0.15},
    "muc_tieu": {"task": 0.7, "text": 0.6, "group": 0.3, "product": 0.2},
    "nhiem_vu": {"task": 1.0, "text": 0.6, "product": 0.25, "group": 0.2},
    "hoat_dong": {"task": 0.7, "text": 0.6, "product": 0.3},
    "san_pham": {"product": 1.0, "text": 0.4, "task": 0.3, "money": 0.05},
    "chu_tri": {"agency": 1.0, "text": 0.3},
    "phoi_hop": {"agency": 1.0, "text": 0.3},
    "thoi_gian": {"time": 1.0, "text": 0.2},
    "kinh_phi": {"money": 1.0, "text": 0.1},
}
DROP_COST = 0.5  # giving a cell up costs more than any poor placement but a hopeless one
_SKIP_COST = 0.001  # leaving a column empty: a tie-breaker that prefers the later column
MIN_FIT = 0.15  # below this a placement is not believed: the cell is reported instead


@lru_cache(maxsize=8192)
def cell_kind(text: str) -> Kind:
    if is_group_name(text):
        return "group"
    return classify(text)[0]


def fit(text: str, column: str) -> float:
    if column == "stt":
        return 1.0 if text.strip().rstrip(".").isdigit() else 0.0
    return _FIT.get(column, {}).get(cell_kind(text), 0.0)


def align(cells: list[str], columns: list[str], *, by_position: bool = True
          ) -> tuple[dict[int, str], list[int], float]:
    """``({cell index: column}, [dropped cell indexes], mean fit of the placed cells)``.

    ``by_position``: a row with one cell per column is placed by position (delimited
    layouts); otherwise content decides even then (cells one per line, whose order is not
    the columns' when a short cell is centred beside a tall one)."""
    n, m = len(cells), len(columns)
    placed: dict[int, str] = {}
    if n == m and by_position:  # every column has its cell: position decides
        placed = {i: columns[i] for i in range(n)}
        fits = [fit(c, columns[i]) for i, c in enumerate(cells)]
        return placed, [], sum(fits) / n if n else 1.0
    scores = [[fit(c, col) for col in columns] for c in cells]
    neg = float("-inf")
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    move: list[list[str]] = [[""] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            options: list[tuple[float, str]] = []
            if i and j and best[i - 1][j - 1] > neg:
                options.append((best[i - 1][j - 1] + scores[i - 1][j - 1], "place"))
            if j and best[i][j - 1] > neg:
                options.append((best[i][j - 1] - _SKIP_COST * (m - j + 1), "skip"))
            if i and best[i - 1][j] > neg:
                options.append((best[i - 1][j] - DROP_COST, "drop"))
            if options:
                best[i][j], move[i][j] = max(options)
    dropped: list[int] = []
    i, j = n, m
    while i or j:
        step = move[i][j]
        if step == "place":
            placed[i - 1] = columns[j - 1]
            i, j = i - 1, j - 1
        elif step == "skip":
            j -= 1
        else:
            dropped.append(i - 1)
            i -= 1
    fits = [scores[i][columns.index(c)] for i, c in placed.items()]
    return placed, sorted(dropped), sum(fits) / len(fits) if fits else 0.0
