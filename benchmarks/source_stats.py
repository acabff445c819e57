"""Do the image sources of one class still differ once every image is cropped to the head? Per split and file family
(`tumorq.augment.file_family`: one source of images each) of one class, the grey-level statistics of
`tumorq.augment.intensity_stats` on the whole images and on the head crops the crop profiles train on, and, from the
stored predictions of finished runs, the mean accuracy of a variant on each family's images.

Why: the validation meningiomas of the paper's split are nearly all of the `m` family, which training barely holds, and
they make most of the errors every seed shares (`seed_errors.py`). If their grey levels still differed from the
training families' after the crop, a grey-level normalisation at the input would be the next thing to try; if they do
not, the difference lies in what the images show, which no input normalisation removes.

    python benchmarks/source_stats.py --split-of runs/tuned-crop-long --runs runs/tuned-crop-long runs/tuned-crop-long-seed1 runs/tuned-crop-long-seed2 --out results/benchmarks
"""
import argparse, sys, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing
sys.path.insert(0, str(Path(__file__).resolve().parent))      # and its sibling seed_errors.py, also when loaded by file path

import numpy as np
import pandas as pd

STATS = ["head_mean", "p99", "head_frac"]


def source_table(df: pd.DataFrame, img_size: int) -> pd.DataFrame:
    "One row per input (whole image, head crop), split and family of `df`: image count, mean and sd of each of `STATS`"
    from tumorq.augment import intensity_stats
    parts = []
    for crop in (False, True):
        st = intensity_stats(df.path, img_size=img_size, crop=crop).assign(split=df.split.values)
        g = st.groupby(["split", "family"])[STATS]
        t = g.mean().join(g.std().add_suffix(" sd")).join(g.size().rename("images"))
        parts.append(t.assign(input="head crop" if crop else "whole image").reset_index())
    out = pd.concat(parts, ignore_index=True)
    order = {s: i for i, s in enumerate(["train", "val", "test"])}
    out = out.sort_values(["input", "split", "family"], key=lambda c: c.map(order) if c.name == "split" else c, ascending=[False, True, True])
    return out[["input", "split", "family", "images", *[c for s in STATS for c in (s, s + " sd")]]].reset_index(drop=True)


def family_accuracy(runs: list[Path], variant: str, class_name: str) -> pd.Series:
    "Mean over `runs` of `variant`'s accuracy on the images of `class_name`, per split and family, from stored predictions"
    from tumorq.augment import file_family
    from tumorq.data import CLASSES
    from seed_errors import load_predictions
    accs = []
    for r in runs:
        p = load_predictions(r, variant).reset_index()
        p = p[p.label == CLASSES.index(class_name)]
        accs.append((p.pred == p.label).groupby([p.split, p.path.map(file_family).rename("family")]).mean())
    return pd.concat(accs, axis=1).mean(axis=1)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split-of", type=Path, required=True, help="a run folder whose data/split.csv gives the images and their split")
    ap.add_argument("--class-name", default="meningioma")
    ap.add_argument("--img-size", type=int, default=224)
    ap.add_argument("--runs", nargs="*", type=Path, default=[], help="finished runs of that split whose stored predictions give the accuracy column")
    ap.add_argument("--variant", default="fp32_keras")
    ap.add_argument("--name", default="source_stats")
    ap.add_argument("--out", type=Path, help="folder for <name>.md/.json (default: print only)")
    a = ap.parse_args(argv); t0 = time.perf_counter()
    from tumorq.data import load_split, CLASSES
    if a.class_name not in CLASSES: ap.error(f"--class-name: one of {CLASSES}")
    df = load_split(a.split_of)
    df = df[df.class_name == a.class_name].reset_index(drop=True)
    table = source_table(df, a.img_size)
    if a.runs:
        acc = family_accuracy(a.runs, a.variant, a.class_name)
        table[f"{a.variant} accuracy (mean of runs)"] = [acc.get((s, f), np.nan) for s, f in zip(table.split, table.family)]
    print(table.to_markdown(index=False, floatfmt=".3g"))
    if a.out:
        from tumorq.results import write_benchmark
        runs = ", ".join(f"`{r}`" for r in a.runs) or "none"
        write_benchmark(a.name, table, time.perf_counter() - t0, a.out, f"Image sources of the {a.class_name} images, whole and cropped to the head",
                        f"split of `{a.split_of}`; per input, split and file family (tumorq.augment.file_family): images, and mean and sd over them of "
                        f"tumorq.augment.intensity_stats at {a.img_size} px: head_mean = mean grey level of the head (pixels above 20), p99 = 99th "
                        f"percentile grey level of the frame, head_frac = the head's share of the frame; accuracy = {a.variant} on that family's "
                        f"images, from the stored predictions of runs {runs} (no model run), averaged over them.")


if __name__ == "__main__":
    main()
