#!/usr/bin/env python
"""What per-tensor weight scales cost a post-training full-integer INT8 MobileNetV2, on a finished run's trained model.

    python benchmarks/ptq_granularity.py --run runs/paper-seed1 --out results/benchmarks

tfmot's default 8-bit QAT scheme quantizes the DepthwiseConv2D kernels with one scale per tensor (its range variables
have the kernel's last dimension, the depth multiplier 1; tensorflow/model-optimization issue 808) and the Dense kernels
per tensor too, where the TFLite post-training converter uses one scale per output channel. This converts the run's
FP32 Keras model twice with the same 100 calibration images (`tumorq.quantize.convert`), per channel (the converter's
default, = the run's `int8_full`) and per tensor (`per_channel=False`), registers both in a scratch copy of the run
(`tumorq.quantize.scratch_run`) and evaluates them on LiteRT like every variant: accuracy and top-1 agreement with FP32
on the validation and test splits (`tumorq.quantize.eval_summary`).
"""
import argparse, sys, tempfile, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", required=True, type=Path, help="a finished run folder (train/, data/, variants/fp32_keras/)")
    ap.add_argument("--n-calib", type=int, default=100, help="representative images from the training split (the paper's 100)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--name", default="ptq_granularity", help="file stem of the recorded table")
    ap.add_argument("--out", type=Path, default=None, help="write <name>.md/.json with command, commit and versions here")
    a = ap.parse_args(argv)

    import tumorq  # before tensorflow: selects tf-keras
    import pandas as pd
    from tumorq.data import load_split
    from tumorq.io import file_sha256
    from tumorq.quantize import (calibration_sample, representative_dataset, convert, register_variant, tflite_summary, evaluate_all,
                                 load_keras, read_variant, variant_scale, variant_crop, scratch_run, eval_summary)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ptq-granularity-") as tmp:
        d = scratch_run(a.run, Path(tmp) / "run")
        ref = read_variant(d, "fp32_keras"); scale, crop = variant_scale(ref, "unit"), variant_crop(ref)  # as the run trained
        df = load_split(d); calib = calibration_sample(df, a.n_calib, a.seed)
        model = load_keras(d / "train" / "model.keras")
        rep = representative_dataset(calib.path, 224, scale, crop)
        for name, per_channel in (("int8_per_channel", True), ("int8_per_tensor", False)):
            data = convert(model, "int8", rep, per_channel=per_channel)
            register_variant(d, name, data, f"PTQ INT8, weights per {'channel' if per_channel else 'tensor'}", "ptq", params=model.count_params(),
                             scale=scale, crop=crop, source={"file": "train/model.keras", "sha256": file_sha256(d / "train" / "model.keras")},
                             tflite=tflite_summary(data))
        evaluate_all(d)
        weights = {"fp32_keras": "float32", "int8_per_channel": "per channel", "int8_per_tensor": "per tensor"}
        rows = [dict(variant=n, weights=w, **eval_summary(d, n)) for n, w in weights.items()]
    table = pd.DataFrame(rows)
    print(table.to_markdown(index=False))
    if a.out:
        from tumorq.results import write_benchmark
        write_benchmark(a.name, table, time.perf_counter() - t0, a.out, "Post-training INT8: weight scales per channel or per tensor",
                        f"run {a.run}, {a.n_calib} calibration images of the training split, seed {a.seed}; full-integer INT8 (int8 I/O) on LiteRT, "
                        "agreement = top-1 equal to FP32 Keras")


if __name__ == "__main__":
    main()
