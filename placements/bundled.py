"""The example book, scenarios and fund holdings shipped inside the package.

They are package data, so ``placements terms`` works after a plain
``pip install`` anywhere; in the repository, ``seeds/`` and ``scenarios/`` are
links to the same files.
"""

from pathlib import Path

EXAMPLES = Path(__file__).parent / "examples"
BOOK = EXAMPLES / "seeds" / "rocmec.yaml"
SCENARIO = EXAMPLES / "scenarios" / "flat.yaml"
HOLDINGS = EXAMPLES / "holdings.yaml"
