#!/usr/bin/env python
"""Run some rows of a profile's ablation (03_train's `ablation`) on their own, with the profile's seed, budget and split.

    python benchmarks/ablation_rows.py --run runs/tuned-crop --profile tuned --variants "paper recipe" "crop to the head" --out results/benchmarks

The `tuned` profile's ablation trains each of its variants (one change at a time from the paper's recipe) with the same
seed and a short budget (`ablation_epochs` of `ablation_steps` batches). A variant added to the profile after its
committed run has no row until the whole profile runs again (about 80 minutes with the ablation). This script trains only
the named variants, exactly as 03_train would: `tumorq.train.ablation` with the profile's `ablation_variants`,
`ablation_epochs`, `ablation_steps`, `img_size`, `batch_size`, `weights` and `seed`, on the split table of `--run`.
That split must be the profile's own: its `split_sha1` must equal the one in `results/<profile>/train.json`.

Name a variant that the committed run also trained (its first, "paper recipe", is the reference of every row) to see
how far a second execution of the same row lands from the committed one: the table gives both.
"""
import argparse, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

COLS = ["stage1_best", "stage2_best", "stage2_gain", "stage3_best", "train_s_stages23"]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", required=True, type=Path, help="a run folder of the profile's split (data/split.csv, train/train.json)")
    ap.add_argument("--profile", default="tuned", help="configs/<profile>.yaml with ablation_variants and ablation_epochs")
    ap.add_argument("--variants", nargs="+", required=True, help="names of the profile's ablation variants to train, in this order")
    ap.add_argument("--name", default="ablation_rows", help="file stem of the recorded table")
    ap.add_argument("--out", type=Path, default=None, help="write <name>.md/.json with command, commit and versions here")
    a = ap.parse_args(argv)

    import tumorq  # before tensorflow: selects tf-keras
    import pandas as pd
    from tumorq.data import load_split
    from tumorq.driver import load_profile
    from tumorq.io import read_json
    from tumorq.results import write_benchmark
    from tumorq.train import ablation
    cfg = load_profile(a.profile)
    known = cfg.get("ablation_variants") or {}
    missing = [v for v in a.variants if v not in known]
    if missing: ap.error(f"configs/{a.profile}.yaml has no ablation variant {missing}; it has: {', '.join(map(repr, known))}")
    if not cfg.get("ablation_epochs"): ap.error(f"configs/{a.profile}.yaml sets no ablation_epochs")
    tj = a.run / "train" / "train.json"
    if not tj.is_file(): ap.error(f"{tj}: not found (a run folder after 03_train)")
    committed = ROOT / "results" / a.profile
    ours, theirs = read_json(tj)["split_sha1"], read_json(committed / "train.json")["split_sha1"]
    if ours != theirs: ap.error(f"{a.run}: its split (split_sha1 {ours[:12]}) is not the one of results/{a.profile} ({theirs[:12]})")

    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ablation-rows-") as tmp:
        res = ablation(tmp, load_split(a.run), stage_epochs=tuple(cfg["ablation_epochs"]), variants={v: known[v] for v in a.variants},
                       img_size=cfg["img_size"], batch_size=cfg["batch_size"], weights=cfg["weights"], seed=cfg["seed"],
                       steps_per_epoch=cfg["ablation_steps"], verbose=2)
    old = pd.read_csv(committed / "ablation.csv") if (committed / "ablation.csv").exists() else pd.DataFrame(columns=["variant", *COLS])
    parts = []
    for v in a.variants:  # each variant's new row, then the committed run's row of it if there is one
        parts.append(res[res.variant == v][["variant", *COLS]].assign(source="this execution"))
        parts.append(old[old.variant == v][["variant", *COLS]].assign(source=f"results/{a.profile}/ablation.csv"))
    table = pd.concat(parts)[["variant", "source", *COLS]].reset_index(drop=True)
    print(table.to_markdown(index=False))
    if a.out:
        write_benchmark(a.name, table, time.perf_counter() - t0, a.out, f"Ablation rows of `{a.profile}` run on their own",
                        f"variants {', '.join(a.variants)} of configs/{a.profile}.yaml, trained by tumorq.train.ablation with the profile's "
                        f"seed {cfg['seed']}, stage epochs {cfg['ablation_epochs']} of {cfg['ablation_steps']} batches, on the split of "
                        f"{a.run} (split_sha1 equal to results/{a.profile}'s); best validation accuracy per stage (573 images); "
                        "rows from the committed run's ablation.csv beside them where it has the variant")


if __name__ == "__main__":
    main()
