#!/usr/bin/env python
"""What per-tensor weight scales, and the number of calibration images, do to a post-training full-integer INT8
MobileNetV2, on a finished run's trained model.

    python benchmarks/ptq_granularity.py --run runs/paper-seed1 --out results/benchmarks
    python benchmarks/ptq_granularity.py --run runs/tuned-crop --n-calib 100 300 1000 --no-per-tensor --name ptq_calibration --out results/benchmarks

tfmot's default 8-bit QAT scheme quantizes the DepthwiseConv2D kernels with one scale per tensor (its range variables
have the kernel's last dimension, the depth multiplier 1; tensorflow/model-optimization issue 808) and the Dense kernels
per tensor too, where the TFLite post-training converter uses one scale per output channel. This converts the run's
FP32 Keras model twice with the same 100 calibration images (`tumorq.quantize.convert`), per channel (the converter's
default, = the run's `int8_full`) and per tensor (`per_channel=False`), registers both in a scratch copy of the run
(`tumorq.quantize.scratch_run`) and evaluates them on LiteRT like every variant: accuracy and top-1 agreement with FP32
on the validation and test splits (`tumorq.quantize.eval_summary`).

With several `--n-calib` sizes, each size gets a per-channel conversion (the sample of n images is seeded and
class-stratified, `tumorq.quantize.calibration_sample`): does the 100-image representative set limit the INT8 accuracy?
The per-tensor conversion uses the first size.
"""
import argparse, sys, tempfile, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", required=True, type=Path, help="a finished run folder (train/, data/, variants/fp32_keras/)")
    ap.add_argument("--n-calib", type=int, nargs="+", default=[100], help="representative images from the training split (the paper's 100); several: one conversion each")
    ap.add_argument("--no-per-tensor", dest="per_tensor", action="store_false", help="leave out the per-tensor conversion")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--name", default="ptq_granularity", help="file stem of the recorded table")
    ap.add_argument("--out", type=Path, default=None, help="write <name>.md/.json with command, commit and versions here")
    a = ap.parse_args(argv)

    import tumorq  # before tensorflow: selects tf-keras
    import pandas as pd
    from tumorq.data import load_split
    from tumorq.io import file_sha256
    from tumorq.quantize import (calibration_sample, representative_dataset, convert, register_variant, tflite_summary, evaluate_all,
                                 load_keras, scratch_run, eval_summary)
    from tumorq.train import run_preprocessing
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ptq-granularity-") as tmp:
        d = scratch_run(a.run, Path(tmp) / "run")
        pre = run_preprocessing(d); scale, crop = pre["scale"], pre["crop"]  # img_size, scale and crop as the run trained
        df = load_split(d)
        model = load_keras(d / "train" / "model.keras")
        single = len(a.n_calib) == 1  # the original table's variant names
        conversions = [(n, True, "int8_per_channel" if single else f"int8_per_channel_n{n}") for n in a.n_calib]
        if a.per_tensor: conversions.append((a.n_calib[0], False, "int8_per_tensor" if single else f"int8_per_tensor_n{a.n_calib[0]}"))
        rows = [dict(variant="fp32_keras", weights="float32", n_calib=0)]
        for n, per_channel, name in conversions:
            rep = representative_dataset(calibration_sample(df, n, a.seed).path, pre["img_size"], scale, crop)
            data = convert(model, "int8", rep, per_channel=per_channel)
            register_variant(d, name, data, f"PTQ INT8, weights per {'channel' if per_channel else 'tensor'}, {n} calibration images", "ptq",
                             params=model.count_params(), scale=scale, crop=crop,
                             source={"file": "train/model.keras", "sha256": file_sha256(d / "train" / "model.keras")}, tflite=tflite_summary(data))
            rows.append(dict(variant=name, weights=f"per {'channel' if per_channel else 'tensor'}", n_calib=n))
        evaluate_all(d)
        rows = [dict(r, **eval_summary(d, r["variant"])) for r in rows]
    table = pd.DataFrame(rows)
    print(table.to_markdown(index=False))
    if a.out:
        from tumorq.results import write_benchmark
        title = "Post-training INT8: weight scales per channel or per tensor" if single else "Post-training INT8: calibration set size"
        write_benchmark(a.name, table, time.perf_counter() - t0, a.out, title,
                        f"run {a.run}, {'/'.join(map(str, a.n_calib))} calibration images of the training split (seeded, class-stratified), seed {a.seed}; "
                        "full-integer INT8 (int8 I/O) on LiteRT, "
                        "agreement = top-1 equal to FP32 Keras")


if __name__ == "__main__":
    main()
