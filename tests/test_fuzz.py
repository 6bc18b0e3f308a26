"""The seeded mutation fuzzer of tests/fuzzing.py, at a size the suite can afford.

``python tests/benchmark.py`` runs the same fuzzer on 10,000 inputs.
"""

from fuzzing import fuzz


def test_mutated_inputs_end_in_a_result_or_located_errors():
    figures = fuzz(200, seed=2026, per_input=2)
    assert figures.inputs == 200
    assert figures.escapes == [], figures.line()
    assert figures.unlocated == [], figures.line()
