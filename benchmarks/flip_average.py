#!/usr/bin/env python
"""Does test-time flip averaging help, once it is inside the deployed model? Each finished run's final model against the
same model wrapped by `tumorq.model.with_flip_average`, both through the same post-training INT8 conversion, LiteRT
evaluation and single-image latency.

    python benchmarks/flip_average.py --runs runs/tuned-crop runs/tuned-crop-seed1 runs/tuned-crop-seed2 --out results/benchmarks

For each run and each of the two models, the run's `train/`, `data/` and FP32 reference are copied into a scratch run
folder (`tumorq.quantize.scratch_run`); the model is saved there as `train/model.keras`, registered as `fp32_keras`,
converted to full-integer INT8 with the run's calibration sample (`register_ptq`: `n_calib` images, the run's seed),
and both variants are evaluated on the validation and test splits (`evaluate_all`) and on the test images with no
near-duplicate in Training (`clean_test_accuracy`). The INT8 files are then timed one image at a time on LiteRT
(`benchmark_variant`, 1 thread, the same images for both models): flip averaging doubles the work per image, and the
ratio says what that costs on this CPU. Run it with nothing else on the cores.

Nothing here is chosen on the validation split: the wrapper has no parameter, so its validation accuracy is as fair a
measure as the unwrapped model's.
"""
import argparse, sys, tempfile, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing
from over_runs import report_over_runs  # this folder is on the path when the script runs

MODELS = ("as trained", "flip averaged")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", required=True, type=Path, nargs="+", help="finished run folders (train/model.keras, data/, variants/fp32_keras/)")
    ap.add_argument("--n-calib", type=int, default=100, help="representative images from the training split (the paper's 100)")
    ap.add_argument("--n-latency", type=int, default=50, help="images timed per INT8 model (1 thread, after 5 warm-up calls)")
    ap.add_argument("--name", default="flip_average", help="file stem of the recorded table")
    ap.add_argument("--out", type=Path, default=None, help="write <name>.md/.json (and <name>_mean) with command, commit and versions here")
    a = ap.parse_args(argv)
    for r in a.runs:
        if not (r / "train" / "model.keras").is_file(): ap.error(f"{r / 'train' / 'model.keras'}: not found (a finished run of 03_train)")

    import tumorq  # before tensorflow: selects tf-keras
    import pandas as pd
    from tumorq.data import load_split
    from tumorq.io import read_json
    from tumorq.model import with_flip_average
    from tumorq.quantize import (register_baseline, register_ptq, evaluate_all, scratch_run, eval_summary, calibration_sample,
                                 load_keras, benchmark_images, benchmark_variant, read_variant)
    from tumorq.results import clean_test_accuracy
    from tumorq.train import run_preprocessing
    t0, rows = time.perf_counter(), []
    with tempfile.TemporaryDirectory(prefix="flip-average-") as tmp:
        for i, run in enumerate(a.runs):
            seed = int(read_json(run / "train" / "train.json")["seed"])
            images = None
            for j, which in enumerate(MODELS):
                d = scratch_run(run, Path(tmp) / f"{i}-{j}")
                if which == "flip averaged":
                    with_flip_average(load_keras(d / "train" / "model.keras")).save(d / "train" / "model.keras")
                    (d / "train" / "model_with_optimizer.keras").unlink(missing_ok=True)
                pre = run_preprocessing(d); df = load_split(d)
                register_baseline(d)
                register_ptq(d, "int8_full", calib=calibration_sample(df, a.n_calib, seed), force=True, **pre)
                evaluate_all(d, df, img_size=pre["img_size"])
                if images is None:  # the same images for both models of a run
                    images = benchmark_images(df, a.n_latency, pre["img_size"], pre["scale"], seed, crop=pre["crop"])
                lat = benchmark_variant(d, "int8_full", threads=(1,), images=images, warmup=5, save=False)["results"][0]
                for v in ("fp32_keras", "int8_full"):
                    clean, n_clean = clean_test_accuracy(d, v)
                    rows.append(dict(run=run.name, seed=seed, model=which, variant=v, **eval_summary(d, v), accuracy_test_clean=clean,
                                     n_test_clean=n_clean, size_mb=read_variant(d, v)["size_mb"],
                                     p50_ms_1t=lat["p50_ms"] if v == "int8_full" else None))
                    print(rows[-1], flush=True)
    report_over_runs(pd.DataFrame(rows), ["accuracy_val", "accuracy_test", "accuracy_test_clean", "p50_ms_1t"], len(a.runs), t0, a.out, a.name,
                     "Test-time flip averaging inside the model",
                     f"runs {' '.join(map(str, a.runs))}; each run's final model as trained and flip averaged (tumorq.model.with_flip_average: "
                     f"the mirror inside the graph); full-integer INT8 (int8 I/O, {a.n_calib} calibration images, the run's seed) on LiteRT; "
                     "agreement = top-1 equal to that model's FP32 Keras; accuracy_test_clean = test images with no near-duplicate in Training "
                     f"(00_data's audit); p50_ms_1t = single-image latency of the INT8 file, LiteRT with XNNPACK, 1 thread, {a.n_latency} images")


if __name__ == "__main__":
    main()
