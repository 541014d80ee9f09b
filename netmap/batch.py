"""Many egos at once, over any ``concurrent.futures.Executor`` (Dask's included): one tidy table."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netmap.batch_inputs import (
    BATCH_FORMATS,
    EgoInput,
    _natural,
    discover,
    input_size,
    read_ego,
)
from netmap.errors import NetmapError

if TYPE_CHECKING:
    from concurrent.futures import Executor

    import networkx as nx
    import pandas as pd

__all__ = [
    "ANALYSES",
    "BASE_COLUMNS",
    "BATCH_FORMATS",
    "DEFAULT_ANALYSES",
    "DEFAULT_PARAMS",
    "EgoInput",
    "analyse_ego",
    "discover",
    "read_done",
    "read_results",
    "run_batch",
    "write_results",
]

#: The analyses a batch can run, each giving columns named after it (``reach_direct``...).
ANALYSES = ("reach", "weak-ties", "brokerage", "circles", "summary")
#: Those run when none are named.
DEFAULT_ANALYSES = ("reach", "weak-ties", "brokerage", "circles")
#: The parameters and their defaults: Louvain's ``seed`` and ``method`` (circles), the size
#: ``k`` of reach's cover, and ``weighted`` (ties weighed by their strength where an
#: analysis can).
DEFAULT_PARAMS = {"seed": 0, "method": "louvain", "k": 3, "weighted": False}
#: The first columns of every row. ``alter`` is empty on an ego's own row.
BASE_COLUMNS = [
    "id", "ego", "alter", "kind", "path", "nodes", "edges", "netmap_version", "analyses",
    "params",
]  # fmt: skip
_OUTPUTS = {".csv": "csv", ".parquet": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl"}


# --------------------------------------------------------------------------------------------
# One ego


def _value(value: Any) -> Any:
    """A cell: numpy scalars as Python ones, NaN as None, lists and dicts as JSON."""
    value = value.item() if hasattr(value, "item") else value
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        if isinstance(value, (set, frozenset)):
            value = sorted(value)
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return value


def _prefixed(prefix: str, numbers: dict) -> dict:
    return {f"{prefix}_{k}": _value(v) for k, v in numbers.items() if k != "sentence"}


def _circles(G: nx.Graph, ego: Any, params: dict, weight: str | None) -> dict:
    from netmap.analysis.communities import compare_circles

    parts = compare_circles(G, ego, method=params["method"], weight=weight, seed=params["seed"])
    out = {
        "contacts": parts["contacts"],
        "ties": parts["ties"],
        "circles": parts["circles"],
        "tagged": parts["tagged"],
        "groups": int((parts["communities"]["size"] >= 2).sum()),
        "suggestions": int(parts["suggestions"]["contact"].nunique()),
    }
    for row in parts["scores"].to_dict("records"):
        name = "found" if row["kind"] == "found" else row["circles"]
        out[f"{name}_circles"] = row["circles_found"]
        for score in ("one_minus_ber", "f1", "f1_all_circles"):
            out[f"{name}_{score}"] = row[score]
    return out


def _ego_row(G: nx.Graph, ego: Any, analyses: Sequence[str], params: dict) -> dict:
    weight = "strength" if params["weighted"] else None
    row: dict[str, Any] = {}
    for name in analyses:
        if name == "reach":
            from netmap.analysis.reach import headline

            row |= _prefixed("reach", headline(G, ego, k=params["k"]))
        elif name == "weak-ties":
            from netmap.analysis.weak_ties import headline

            row |= _prefixed("weak_ties", headline(G, ego))
        elif name == "brokerage":
            from netmap.analysis.brokerage import headline

            numbers = headline(G, ego, weight=weight)
            numbers.pop("node", None)
            row |= _prefixed("brokerage", numbers)
        elif name == "circles":
            row |= _prefixed("circles", _circles(G, ego, params, weight))
        elif name == "summary":
            from netmap.analysis.summary import network_headline

            numbers = network_headline(G, ego)
            numbers.pop("ego", None)
            row |= _prefixed("summary", numbers)
    return row


def _alter_rows(G: nx.Graph, ego: Any, analyses: Sequence[str], params: dict) -> list[dict]:
    """One row per alter: its name and circles, and each analysis's measures of it.

    ``reach_opens``/``reach_unique`` (:func:`~netmap.analysis.reach.marginal_reach`), the
    ``weak_ties_*`` of its tie to the ego (:func:`~netmap.analysis.weak_ties.weak_ties`), and
    ``brokerage_*``: the alter's own brokerage in the whole graph (``all_nodes=True``).
    """
    weight = "strength" if params["weighted"] else None
    alters = sorted((n for n in G[ego] if n != ego), key=lambda n: _natural(str(n)))
    rows = {
        a: {
            "alter": str(a),
            "alter_name": G.nodes[a].get("name", str(a)),
            "alter_circles": _value(list(G.nodes[a].get("circles") or [])),
        }
        for a in alters
    }

    def merge(prefix: str, df, skip: Iterable[str]) -> None:
        for record in df.to_dict("records"):
            if record["contact"] in rows:
                rows[record["contact"]] |= {
                    f"{prefix}_{k}": _value(v) for k, v in record.items() if k not in skip
                }

    if "reach" in analyses:
        from netmap.analysis.reach import marginal_reach

        merge("reach", marginal_reach(G, ego), ("contact", "name", "circles"))
    if "weak-ties" in analyses:
        from netmap.analysis.weak_ties import weak_ties

        skip = ("contact", "name", "circles", "organisations", "why")
        merge("weak_ties", weak_ties(G, ego), skip)
    if "brokerage" in analyses:
        from netmap.analysis.brokerage import brokerage

        df = brokerage(G, ego, weight=weight, all_nodes=True, with_betweenness=False)
        df = df.drop(columns=["name", "betweenness"], errors="ignore")
        merge("brokerage", df.rename(columns={"node": "contact"}), ("contact",))
    return [rows[a] for a in alters]


def analyse_ego(item: EgoInput, analyses: tuple[str, ...], params: dict) -> list[dict]:
    """Read one ego network and run the analyses on it: its row (and its alters' rows).

    Pure and picklable, for any executor. Never raises: a failure (an unreadable file, an
    analysis that breaks) becomes a single row whose ``error`` says what went wrong.
    ``params`` are :data:`DEFAULT_PARAMS`, plus ``per_alter`` (bool) for one more row per
    alter after the ego's own.

    Returns
    -------
    list of dict
        Rows starting with :data:`BASE_COLUMNS`, then the analyses' columns, then ``error``
        (None when all went well).

    Examples
    --------
    >>> [item] = discover(["data/samples/snap/200"])
    >>> row = analyse_ego(item, ("reach",), {"seed": 0, "k": 3})[0]
    >>> row["id"], row["nodes"], row["edges"], row["reach_direct"], row["error"]
    ('200', 31, 80, 30, None)
    """
    from netmap import __version__

    params = {**DEFAULT_PARAMS, **params}
    per_alter = bool(params.pop("per_alter", False))
    base: dict[str, Any] = {
        "id": item.id,
        "ego": None,
        "alter": None,
        "kind": item.kind,
        "path": item.path,
        "nodes": None,
        "edges": None,
        "netmap_version": __version__,
        "analyses": ",".join(analyses),
        "params": json.dumps(params, sort_keys=True),
    }
    try:
        import networkx as nx

        G = read_ego(item)
        G.remove_edges_from(list(nx.selfloop_edges(G)))
        ego = G.graph["ego"]
        base |= {"ego": str(ego), "nodes": G.number_of_nodes(), "edges": G.number_of_edges()}
        rows = [base | _ego_row(G, ego, analyses, params) | {"error": None}]
        if per_alter:
            rows += [base | r | {"error": None} for r in _alter_rows(G, ego, analyses, params)]
        return rows
    except Exception as exc:  # a failing ego is a row, never the batch's end
        return [base | {"error": _error(exc)}]


def _error(exc: BaseException) -> str:
    text = str(exc) if isinstance(exc, NetmapError) else f"{type(exc).__name__}: {exc}"
    return " ".join(text.split()) or type(exc).__name__


# --------------------------------------------------------------------------------------------
# Many egos


def _check(analyses: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(a.strip().replace("_", "-") for a in analyses if a.strip()))
    unknown = [a for a in chosen if a not in ANALYSES]
    if unknown or not chosen:
        raise NetmapError(
            f"unknown analysis {', '.join(unknown)!s}" if unknown else "no analysis named",
            hint=f"choose among {','.join(ANALYSES)}",
        )
    return chosen


def _frame(rows: list[dict]) -> pd.DataFrame:
    import pandas as pd

    columns = list(BASE_COLUMNS)
    for row in rows:
        columns += [k for k in row if k not in columns and k != "error"]
    columns.append("error")
    return pd.DataFrame(rows, columns=columns)


def run_batch(
    items: Sequence[EgoInput],
    *,
    analyses: Iterable[str] = DEFAULT_ANALYSES,
    executor: Executor | None = None,
    params: dict | None = None,
    per_alter: bool = False,
    progress: Callable[[EgoInput, list[dict]], None] | None = None,
    done_ids: Iterable[str] = (),
) -> pd.DataFrame:
    """Run :func:`analyse_ego` on every ego not in ``done_ids``; one table, in input order.

    Parameters
    ----------
    items : sequence of EgoInput
        From :func:`discover`.
    analyses : iterable of str
        Among :data:`ANALYSES`.
    executor : concurrent.futures.Executor, optional
        None runs the egos one after the other in this process; otherwise any executor:
        ``ProcessPoolExecutor(n)``, or a Dask cluster's ``Client(address).get_executor()``.
        The table is the same whichever runs it (same seeds, rows in input order).
    params : dict, optional
        Overrides of :data:`DEFAULT_PARAMS`.
    per_alter : bool
        Also one row per ego–alter pair, after each ego's row.
    progress : callable, optional
        Called with ``(item, rows)`` as each ego finishes, in the order they finish.
    done_ids : iterable of str
        Egos to skip (``--resume``).

    Returns
    -------
    pandas.DataFrame
        :data:`BASE_COLUMNS`, the analyses' columns, ``error``.

    Examples
    --------
    >>> df = run_batch(discover(["data/samples/snap"]), analyses=["brokerage"])
    >>> df[["id", "nodes", "brokerage_contacts", "error"]].values.tolist()
    [['0', 43, 42, None], ['100', 34, 33, None], ['200', 31, 30, None]]
    """
    analyses = _check(analyses)
    params = {**DEFAULT_PARAMS, **(params or {})}
    unknown = sorted(set(params) - set(DEFAULT_PARAMS))
    if unknown:
        raise NetmapError(f"unknown parameter(s) {', '.join(unknown)}")
    call = params | {"per_alter": per_alter}
    done = set(done_ids)
    todo = [item for item in items if item.id not in done]
    results: list[list[dict]] = []
    if executor is None:
        for item in todo:
            results.append(analyse_ego(item, analyses, call))
            if progress:
                progress(item, results[-1])
    else:
        from concurrent.futures import as_completed

        # Largest first, so that a big ego does not start last and keep the others waiting;
        # the rows still come back in input order.
        order = sorted(range(len(todo)), key=lambda n: -input_size(todo[n]))
        futures = {n: executor.submit(analyse_ego, todo[n], analyses, call) for n in order}
        items_of = {future: todo[n] for n, future in futures.items()}
        for future in as_completed(items_of):
            if progress:
                progress(items_of[future], _result(future, items_of[future], analyses, call))
        results = [_result(futures[n], todo[n], analyses, call) for n in range(len(todo))]
    return _frame([row for rows in results for row in rows])


def _result(future, item: EgoInput, analyses: tuple[str, ...], params: dict) -> list[dict]:
    """A future's rows; a lost worker or unpicklable result becomes the ego's error row."""
    try:
        return future.result()
    except Exception as exc:  # the future's own failure, not the ego's
        rows = analyse_ego(EgoInput(item.id, item.path, "unreadable"), analyses, params)
        rows[0] |= {"kind": item.kind, "error": f"the worker failed: {_error(exc)}"}
        return rows


# --------------------------------------------------------------------------------------------
# Output files


def _output_format(path: str | Path) -> str:
    fmt = _OUTPUTS.get(Path(path).suffix.lower())
    if fmt is None:
        raise NetmapError(
            f"cannot tell the output format of {path}",
            hint="name the file .csv, .parquet or .jsonl",
        )
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise NetmapError(
                "writing Parquet needs pyarrow",
                hint="pip install 'netmap[parquet]', or write .csv or .jsonl",
            ) from None
    return fmt


def write_results(df: pd.DataFrame, path: str | Path) -> None:
    """Write a batch's table to ``path``: CSV, Parquet or JSON lines, from its suffix; atomic.

    The file is replaced in one step (a temporary file renamed into place), so an
    interrupted write leaves the previous table whole. In CSV, a text cell that a
    spreadsheet would run as a formula gets a leading ``'``
    (:func:`netmap.report_safety.safe_cell`); :func:`read_results` takes it off again.

    Raises
    ------
    NetmapError
        An unknown suffix, or Parquet without pyarrow (the ``[parquet]`` extra).
    """
    import io

    from netmap.report import write_atomic

    fmt = _output_format(path)
    if fmt == "csv":
        from netmap.report_safety import safe_cell

        # Ids, paths and errors come from file names and contents: no cell may be a formula.
        text = df.map(lambda v: safe_cell(v) if isinstance(v, str) else v)
        data: str | bytes = text.to_csv(index=False, lineterminator="\n")
    elif fmt == "jsonl":
        data = df.to_json(orient="records", lines=True, force_ascii=False) if len(df) else ""
    else:
        buffer = io.BytesIO()
        df.to_parquet(buffer, index=False)
        data = buffer.getvalue()
    write_atomic(path, data)


def read_results(path: str | Path) -> pd.DataFrame:
    """A table :func:`write_results` wrote (CSV cells read back as text, as they were)."""
    import pandas as pd

    fmt = _output_format(path)
    try:
        if fmt == "csv":
            from netmap.report_safety import unquote_cell

            df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
            return df.map(lambda v: unquote_cell(v) if isinstance(v, str) else v)
        if fmt == "jsonl":
            text = Path(path).read_text(encoding="utf-8")
            return pd.DataFrame([json.loads(line) for line in text.splitlines() if line.strip()])
        return pd.read_parquet(path)
    except (ValueError, OSError, json.JSONDecodeError) as exc:
        raise NetmapError(f"cannot read the results: {exc}", file=str(path)) from None


def read_done(path: str | Path) -> set[str]:
    """The ids of the egos ``path`` already holds without an error (empty if no file).

    Examples
    --------
    >>> import tempfile, os, pandas as pd
    >>> path = os.path.join(tempfile.mkdtemp(), "r.csv")
    >>> write_results(pd.DataFrame({"id": ["0", "1"], "error": [None, "bad file"]}), path)
    >>> read_done(path)
    {'0'}
    """
    if not Path(path).is_file():
        return set()
    df = read_results(path)
    if "id" not in df or "error" not in df:
        raise NetmapError("not a netmap batch table (no id or error column)", file=str(path))
    ok = df["error"].isna() | (df["error"].astype(str) == "")
    return {str(i) for i in df.loc[ok, "id"]}
