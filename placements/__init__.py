"""Model private placements and warrant dilution for small public companies.

The package is layered from a pure core outwards:

- ``placements.core``: the domain (tranches, units, warrants, steps, holds,
  finder's fees) as immutable values with Decimal money, and the rules that
  derive figures from them. No I/O.
- ``placements.load``: YAML files to the core model, with every problem
  located at ``file:line:col``.
- ``placements.reports``: the tables users read, as pandas DataFrames.
- ``placements.render``: tables to text, markdown, CSV, JSON or HTML.
- ``placements.cli``: the ``placements`` command, a thin typer layer.
"""

__version__ = "0.1.0"
