"""Demo data for research: the qualitative corpus (the comparison reads live programme data)."""

from research import demo_qualitative


def seed(*, stdout=None) -> None:
    demo_qualitative.seed(stdout=stdout)
