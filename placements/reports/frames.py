"""Report tables as pandas DataFrames with the dtypes an analyst expects.

Each column's :class:`~placements.reports.report.Kind` decides its dtype:

- counts are ``int64`` (``Int64``, pandas' nullable integers, where a cell is empty);
- dates are ``datetime64[ns]``;
- money, prices and percents stay exact :class:`~decimal.Decimal` values
  (``object`` dtype): a float would turn a cent into an approximation, so
  sum them with ``sum()`` or convert with ``.astype(float)`` knowingly;
- flags are ``bool`` (``boolean`` where a cell is empty), model values ``float64``;
- schedules are lists of ``{price, from, to}`` dicts, text is ``object``.

A random walk's figure holds percentiles; a record of such figures becomes
one row per figure and a column per percentile.
"""

from typing import Any

import pandas as pd

from placements.reports.report import Distribution, Kind, Table


def typed_frame(table: Table) -> pd.DataFrame:
    """The table's rows as a DataFrame, one typed column per report column."""
    values = {column.key: table.values_of(column.key) for column in table.columns}
    if table.record and any(
        isinstance(value, Distribution) for cells in values.values() for value in cells
    ):
        return _percentile_frame(table, values)
    return pd.DataFrame(
        {column.key: _series(values[column.key], column.kind) for column in table.columns}
    )


def _series(cells: list[Any], kind: Kind) -> pd.Series:
    empty = any(cell is None for cell in cells)
    if kind is Kind.COUNT:
        return pd.Series(cells, dtype="Int64" if empty else "int64")
    if kind is Kind.DATE:
        return pd.Series(pd.to_datetime(cells), dtype="datetime64[ns]")
    if kind is Kind.FLAG:
        return pd.Series(cells, dtype="boolean" if empty else "bool")
    if kind is Kind.NUMBER:
        return pd.Series(cells, dtype="float64")
    if kind is Kind.SCHEDULE:
        return pd.Series([_periods(cell) for cell in cells], dtype=object)
    return pd.Series(cells, dtype=object)


def _periods(periods: Any) -> list[dict[str, Any]]:
    return [
        {"price": period.price, "from": period.first, "to": period.last} for period in periods or ()
    ]


def _percentile_frame(table: Table, values: dict[str, list[Any]]) -> pd.DataFrame:
    """A record of distributions: a row per figure, a column per percentile."""
    record = {column.key: values[column.key][0] for column in table.columns}
    labels = next(list(v.values) for v in record.values() if isinstance(v, Distribution))
    rows = {}
    for key, value in record.items():
        if isinstance(value, Distribution):
            rows[key] = dict(value.values)
        elif value is not None:
            rows[key] = dict.fromkeys(labels, value)
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "figure"
    return frame
