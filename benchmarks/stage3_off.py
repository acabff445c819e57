#!/usr/bin/env python
"""Does training stage 3 help? The model each finished run had after stage 2 against its final model, both through
the same post-training INT8 conversion and LiteRT evaluation.

    python benchmarks/stage3_off.py --runs runs/tuned-crop runs/tuned-crop-seed1 runs/tuned-crop-seed2 --out results/benchmarks

Stage 2 ends with its best epoch's weights restored (early stopping on validation accuracy) and saves them as
`train/stage2/best.keras`; stage 3 starts from them. So for a finished run, `stage2/best.keras` is exactly the model
the same recipe gives with `stage3_epochs: 0` (stages 1 and 2 draw their own seeds and never see stage 3). For each run
and for each of the two models, the run's `train/`, `data/` and FP32 reference are copied into a scratch run folder
(`tumorq.quantize.scratch_run`), the model is registered as `fp32_keras` and converted to full-integer INT8 with the
run's calibration sample (`register_ptq`, `n_calib` images, the run's seed), and both are evaluated on the validation and
test splits (`evaluate_all`) and on the test images with no near-duplicate in Training (`clean_test_accuracy`).

Both models were chosen with the validation split (stage 2's best epoch; stage 3's best epoch), so their
validation accuracy is optimistic; the test columns are the check.
"""
import argparse, shutil, sys, tempfile, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing
from over_runs import report_over_runs  # this folder is on the path when the script runs

MODELS = {"after stage 3 (final)": "train/model.keras", "after stage 2 (stage3_epochs 0)": "train/stage2/best.keras"}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", required=True, type=Path, nargs="+", help="finished run folders (train/stage2/best.keras, data/, variants/fp32_keras/)")
    ap.add_argument("--n-calib", type=int, default=100, help="representative images from the training split (the paper's 100)")
    ap.add_argument("--name", default="stage3_off", help="file stem of the recorded table")
    ap.add_argument("--out", type=Path, default=None, help="write <name>.md/.json with command, commit and versions here")
    a = ap.parse_args(argv)
    for r in a.runs:
        for f in MODELS.values():
            if not (r / f).is_file(): ap.error(f"{r / f}: not found (a finished run of 03_train)")

    import tumorq  # before tensorflow: selects tf-keras
    import pandas as pd
    from tumorq.data import load_split
    from tumorq.io import read_json
    from tumorq.quantize import register_baseline, register_ptq, evaluate_all, scratch_run, eval_summary, calibration_sample
    from tumorq.results import clean_test_accuracy
    from tumorq.train import run_preprocessing
    t0, rows = time.perf_counter(), []
    with tempfile.TemporaryDirectory(prefix="stage3-off-") as tmp:
        for i, run in enumerate(a.runs):
            seed = int(read_json(run / "train" / "train.json")["seed"])
            for j, (which, f) in enumerate(MODELS.items()):
                d = scratch_run(run, Path(tmp) / f"{i}-{j}")
                if f != "train/model.keras":
                    shutil.copy(d / f, d / "train" / "model.keras"); (d / "train" / "model_with_optimizer.keras").unlink(missing_ok=True)
                pre = run_preprocessing(d); df = load_split(d)
                register_baseline(d)
                register_ptq(d, "int8_full", calib=calibration_sample(df, a.n_calib, seed), force=True, **pre)
                evaluate_all(d, df, img_size=pre["img_size"])
                for v in ("fp32_keras", "int8_full"):
                    clean, n_clean = clean_test_accuracy(d, v)
                    rows.append(dict(run=run.name, seed=seed, model=which, variant=v, **eval_summary(d, v), accuracy_test_clean=clean, n_test_clean=n_clean))
                    print(rows[-1], flush=True)
    report_over_runs(pd.DataFrame(rows), ["accuracy_val", "accuracy_test", "accuracy_test_clean"], len(a.runs), t0, a.out, a.name,
                     "Stage 3 on or off",
                     f"runs {' '.join(map(str, a.runs))}; each run's model after stage 2 and after stage 3; full-integer INT8 (int8 I/O, "
                     f"{a.n_calib} calibration images, the run's seed) on LiteRT; agreement = top-1 equal to that model's FP32 Keras; "
                     "accuracy_test_clean = test images with no near-duplicate in Training (00_data's audit)")


if __name__ == "__main__":
    main()
