"""Do the seeds of one recipe make the same mistakes? From the stored per-image predictions of finished runs (no model
is run), per variant and split: each run's accuracy, the accuracy of the runs' averaged class probabilities (a seed
ensemble), and how many images every run gets wrong. A second table splits the images that every run gets wrong by
true class, predicted class and file family (`tumorq.augment.file_family`: one source of images each), with the longest
run of consecutive file numbers among them (consecutive numbers of one family are often neighbouring slices of one
scan, so such a run is one case counted several times). `--figure` draws those images as the models see them.

Why: if the seeds' errors overlap, a better score needs a change of what the model sees, not more models or more
averaging; if they do not, an ensemble (or distilling one) is the next candidate.

    python benchmarks/seed_errors.py --runs runs/tuned-crop runs/tuned-crop-seed1 runs/tuned-crop-seed2 --out results/benchmarks
    python benchmarks/seed_errors.py --runs runs/tuned-crop-long runs/tuned-crop-long-seed1 runs/tuned-crop-long-seed2 --name seed_errors_long --figure --out results/benchmarks
"""
import argparse, json, re, time
from pathlib import Path

import numpy as np
import pandas as pd

from tumorq.augment import file_family
from tumorq.data import load_split, CLASSES, PROB_COLS as PROBS

def load_predictions(run: Path, variant: str) -> pd.DataFrame:
    "A run's stored per-image predictions of `variant` (variants/<variant>/predictions.csv), indexed by split and path"
    f = run / "variants" / variant / "predictions.csv"
    if not f.exists(): raise SystemExit(f"{f}: no stored predictions (is {run} a finished run with variant {variant}?)")
    d = pd.read_csv(f)
    missing = {"split", "path", "label", "pred", *PROBS} - set(d.columns)
    if missing: raise SystemExit(f"{f}: missing columns {sorted(missing)}")
    if d.duplicated(["split", "path"]).any(): raise SystemExit(f"{f}: an image appears twice in one split")
    return d.set_index(["split", "path"]).sort_index()


def seed_rows(runs: list[Path], variant: str) -> tuple[list[dict], pd.Series]:
    "Per split: accuracy of each run, of the runs' mean probabilities, and the count of images every run gets wrong"
    ds = [load_predictions(r, variant) for r in runs]
    for r, d in zip(runs[1:], ds[1:]):
        if not d.index.equals(ds[0].index) or not (d.label == ds[0].label).all():
            raise SystemExit(f"{r}: its images or labels differ from {runs[0]}'s (the runs must share one split)")
    rows, all_wrong = [], []
    for split in ds[0].index.get_level_values("split").unique():
        lab = ds[0].loc[split, "label"]
        wrong = pd.concat([(d.loc[split, "pred"] != lab) for d in ds], axis=1)
        ens = np.mean([d.loc[split, PROBS].to_numpy() for d in ds], axis=0).argmax(1)
        accs = [1 - w for w in wrong.mean()]
        rows.append({"variant": variant, "split": split, "images": len(lab),
                     **{f"acc {r.name}": a for r, a in zip(runs, accs)},
                     "acc mean": float(np.mean(accs)), "acc ensemble": float((ens == lab.to_numpy()).mean()),
                     "wrong in every run": int(wrong.all(axis=1).sum()), "wrong in some run": int(wrong.any(axis=1).sum())})
        all_wrong.append(wrong.all(axis=1).rename(split))
    return rows, pd.concat({s.name: s for s in all_wrong}, names=["split", "path"])


def file_number(path) -> int | None:
    "The number in brackets of a dataset file name (`m (49).jpg` -> 49), None without one"
    m = re.search(r"\((\d+)\)", Path(path).name)
    return int(m.group(1)) if m else None


def longest_run(paths) -> str:
    "The longest run of consecutive file numbers among `paths` of one family, as 'length (first-last)', '1' or 'n/a'"
    nums = sorted({n for n in map(file_number, paths) if n is not None})
    if not nums: return "n/a"  # names without a number in brackets
    best, start, cur = (1, nums[0]), nums[0], 1
    for a, b in zip(nums, nums[1:]):
        cur, start = (cur + 1, start) if b == a + 1 else (1, b)
        if cur > best[0]: best = (cur, start)
    n, first = best
    return f"{n} ({first}-{first + n - 1})" if n > 1 else "1"


def family_counts(paths, labels) -> pd.Series:
    "Image counts per (class, file family)"
    return pd.Series(1, index=pd.MultiIndex.from_arrays([[CLASSES[i] for i in labels], [file_family(p) for p in paths]])).groupby(level=[0, 1]).sum()


def wrong_in_every_run(first: pd.DataFrame, every: pd.Series, split: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    "The first run's predictions on `split` (indexed by path), and those of them that every run gets wrong (`every`, from `seed_rows`)"
    d = first.loc[split]
    return d, d[every.loc[split].reindex(d.index).to_numpy()]


def shared_errors(first: pd.DataFrame, every: pd.Series, split: str, train: pd.DataFrame) -> pd.DataFrame:
    """The images of `split` that every run gets wrong (`every`, from `seed_rows`), by true class, the first run's prediction
    and file family, beside how many images of that class and family the split and the training set hold"""
    d, w = wrong_in_every_run(first, every, split)
    t = pd.DataFrame({"true": [CLASSES[i] for i in w.label], "predicted (first run)": [CLASSES[i] for i in w.pred],
                      "family": [file_family(p) for p in w.index]})
    out = t.value_counts().rename("images").reset_index()
    paths = t.assign(path=list(w.index)).groupby(["true", "predicted (first run)", "family"]).path.apply(list)
    out["longest run of file numbers"] = [longest_run(paths[k]) for k in zip(out.true, out["predicted (first run)"], out.family)]
    key = list(zip(out.true, out.family))
    in_split, in_train = family_counts(d.index, d.label), family_counts(train.path, train.label)
    return out.assign(**{f"{split} images of class and family": [in_split.get(k, 0) for k in key],
                         "training images of class and family": [in_train.get(k, 0) for k in key]})


def error_figure(first: pd.DataFrame, every: pd.Series, split: str, run: Path, variant: str, path: Path, ncols: int = 8) -> Path:
    "The images of `split` every run gets wrong, as the models see them (the run's crop), titled with file name and the first run's prediction"
    import matplotlib; matplotlib.use("Agg"); import matplotlib.pyplot as plt
    from tumorq.data import read_image_uint8
    from tumorq.quantize import read_variant, variant_crop
    _, w = wrong_in_every_run(first, every, split)
    order = sorted(w.index, key=lambda p: (CLASSES[w.label[p]], file_family(p), file_number(p) or 0))
    crop = variant_crop(read_variant(run, variant)); nrows = max(1, -(-len(order) // ncols))
    fig, axs = plt.subplots(nrows, ncols, figsize=(1.6 * ncols, 1.9 * nrows), squeeze=False)
    for ax in axs.flat: ax.axis("off")
    for ax, p in zip(axs.flat, order):
        ax.imshow(read_image_uint8(p, 160, crop=crop)); ax.set_title(f"{Path(p).stem}\n{CLASSES[w.label[p]][:4]} -> {CLASSES[w.pred[p]][:4]}", fontsize=7)
    fig.suptitle(f"{split} images every run gets wrong ({variant}; true -> predicted by {run.name})", fontsize=9)
    fig.tight_layout(); path.parent.mkdir(parents=True, exist_ok=True); fig.savefig(path, dpi=90); plt.close(fig)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", nargs="+", type=Path, required=True, help="finished run folders of one recipe and split")
    ap.add_argument("--variants", nargs="+", default=["fp32_keras", "int8_full", "qat_int8"])
    ap.add_argument("--split", default="val", help="split whose shared errors are broken down")
    ap.add_argument("--out", type=Path, help="folder for seed_errors*.md/.json (default: print only)")
    ap.add_argument("--name", default="seed_errors")
    ap.add_argument("--note", default="", help="provenance of the runs' predictions to add to both notes, e.g. where a variant's predictions were re-made")
    ap.add_argument("--figure", action="store_true", help="also draw the shared errors into <out>/<name>_shared.png")
    a = ap.parse_args(); t0 = time.perf_counter()
    if len(a.runs) < 2: raise SystemExit("--runs: give at least two runs")
    if a.figure and not a.out: raise SystemExit("--figure needs --out")
    seeds = [json.loads((r / "run.json").read_text())["config"]["seed"] for r in a.runs]
    per = {v: seed_rows(a.runs, v) for v in a.variants}
    table = pd.DataFrame([row for rows, _ in per.values() for row in rows])
    split = load_split(a.runs[0])
    first, every = load_predictions(a.runs[0], a.variants[0]), per[a.variants[0]][1]
    errs = shared_errors(first, every, a.split, split[split.split == "train"])
    print(table.to_markdown(index=False, floatfmt=".4f")); print(errs.to_markdown(index=False))
    if a.figure:
        print(error_figure(first, every, a.split, a.runs[0], a.variants[0], a.out / f"{a.name}_shared.png"))
    if a.out:
        from tumorq.results import write_benchmark
        runs = ", ".join(f"`{r.name}` (seed {s})" for r, s in zip(a.runs, seeds))
        write_benchmark(a.name, table, time.perf_counter() - t0, a.out, "Seed ensemble and errors shared by the seeds",
                        f"runs {runs}; from each run's stored predictions (variants/*/predictions.csv), no model run. "
                        "'acc ensemble': the class with the highest mean probability over the runs; 'wrong in every run': "
                        "images no run classifies correctly." + (f" {a.note}" if a.note else ""))
        write_benchmark(a.name + "_shared", errs, time.perf_counter() - t0, a.out,
                        f"The {a.split} images every run gets wrong, {a.variants[0]}",
                        f"runs {runs}; by true class, the first run's predicted class and file family "
                        "(tumorq.augment.file_family, one source of images each); longest run = the most consecutive file numbers "
                        "among them, 'length (first-last)'" + (f"; drawn in {a.name}_shared.png" if a.figure else "") + "." + (f" {a.note}" if a.note else ""))


if __name__ == "__main__":
    main()
