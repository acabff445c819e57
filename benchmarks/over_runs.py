"""Shared by the benchmarks that compare two models of each of several finished runs (stage3_off.py, flip_average.py):
print the per-run table and its mean and sd over the runs, and write both with command, commit and versions."""
import time
from pathlib import Path


def report_over_runs(
    table,                # pandas DataFrame: one row per run, model and variant
    cols: list,           # numeric columns to average over the runs
    n_runs: int,          # how many runs the table holds
    t0: float,            # time.perf_counter() at the start of the benchmark
    out: Path | None,     # folder for <name>.md/.json and <name>_mean.md/.json (None: print only)
    name: str,            # file stem
    title: str,           # what is compared (the tables' headings)
    note: str,            # how the per-run table was measured
):
    "Print `table` and its mean and sd per model and variant over the runs; write both to `out` with `write_benchmark`"
    print(table.to_markdown(index=False))
    agg = table.groupby(["model", "variant"], sort=False)[cols].agg(["mean", "std"])
    agg.columns = [f"{c}_{s}" for c, s in agg.columns]; agg = agg.reset_index().assign(runs=n_runs)
    print(agg.to_markdown(index=False))
    if out:
        from tumorq.results import write_benchmark
        write_benchmark(name + "_mean", agg, time.perf_counter() - t0, out, f"{title}: mean and sd over the runs",
                        f"the rows of {name}.md averaged per model and variant over {n_runs} run(s) (sd: over runs, n-1)")
        write_benchmark(name, table, time.perf_counter() - t0, out, title, note)
