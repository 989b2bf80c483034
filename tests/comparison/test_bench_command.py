"""The comparison benchmark runs end to end and prints its figures (tiny sizes only)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_comparison_prints_times_and_query_counts(tmp_path):
    environment = {
        key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    if "DATABASE_URL" not in environment:
        environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "bench_comparison",
            "--initiatives",
            "2",
            "--initiatives",
            "4",
            "--repeat",
            "1",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line.split() for line in result.stdout.splitlines() if line.strip()[:1].isdigit()]
    assert [line[0] for line in lines] == ["2", "4"]
    # the page's query count is the same at both sizes
    page_queries = [line[line.index("|") + 3] if "|" in line else None for line in lines]
    assert page_queries[0] == page_queries[1]
