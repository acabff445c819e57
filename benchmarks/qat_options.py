#!/usr/bin/env python
"""QAT options side by side on a finished run's trained model, in one process: the head's weight granularity,
range initialisation, the depthwise kernels' weight granularity, fine-tuning epochs and learning rate, and distillation from the float model.

    python benchmarks/qat_options.py --run runs/paper --heads dense conv --inits batch_mean minmax --epochs 0 3 --steps 24 --out results/benchmarks
    python benchmarks/qat_options.py --run runs/preview --alphas 0 0.5 --epochs 1 --name qat_distill --out results/benchmarks
    python benchmarks/qat_options.py --run runs/tuned-crop --depthwise per_tensor per_channel --epochs 0 3 --name qat_depthwise --out results/benchmarks
    python benchmarks/qat_options.py --run runs/tuned-crop-long-seed1 --seed 1 --depthwise per_channel --epochs 3 --lr-factors 1 4 --name qat_lr_long_seed1 --out results/benchmarks

For every combination of `--heads` (`dense`: tfmot's per-tensor Dense kernels; `conv`: `tumorq.qat.head_as_conv`,
per-channel kernels like post-training INT8), `--depthwise` (`per_tensor`: tfmot's default for DepthwiseConv2D kernels;
`per_channel`: `tumorq.qat.quantize_for_qat`, as the converter deploys them), `--n-calib` (calibration images for the
range initialisation and the conversion; the paper's 100), `--inits` (`tumorq.qat.init_ranges(how=...)`), `--epochs` (0: the ranges alone, no
fine-tuning), `--lr-factors` (the learning rate as a multiple of the FP32 run's last rate) and `--alphas` (`tumorq.qat.distill_loss`: (1 - alpha) CE with the labels + alpha KL toward the FP32
model), the run's `train/`, `data/` and `variants/fp32_keras/` are copied into a scratch run folder, `qat_pipeline`
runs with the same seed and budget, and the converted INT8 model is evaluated on LiteRT like every variant:
validation accuracy, top-1 agreement with FP32, the fake-quantized Keras accuracy before and after fine-tuning, and
the width of the logits' int8 range. The run's post-training INT8 model (`int8_full`) is the first row, for reference.
"""
import argparse, itertools, sys, tempfile, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing


def logits_range(path: Path) -> float:
    "Width of the int8 range of the logits (the output of the last FULLY_CONNECTED or CONV_2D op) in a .tflite model"
    from ai_edge_litert.interpreter import Interpreter
    it = Interpreter(model_path=str(path))
    td = {t["index"]: t for t in it.get_tensor_details()}
    fc = [op for op in it._get_ops_details() if op["op_name"] in ("FULLY_CONNECTED", "CONV_2D")][-1]  # the head's last layer (a 1x1 conv with qat_head conv)
    q = td[fc["outputs"][0]]["quantization_parameters"]
    return float(255 * q["scales"][0])


def evaluated(run: Path, name: str) -> dict:
    "Validation and test accuracy (also on the test images with no near-copy in Training), agreements of a registered, evaluated variant, and the width of its logits' int8 range"
    from tumorq.quantize import eval_summary
    from tumorq.results import clean_test_accuracy
    e = eval_summary(run, name)
    return dict(val_accuracy=e["accuracy_val"], test_accuracy=e["accuracy_test"], test_accuracy_clean=clean_test_accuracy(run, name)[0],
                agreement_val=e["agreement_val"], agreement_test=e["agreement_test"], logits_range=logits_range(run / "variants" / name / "model.tflite"))


def qat_row(variant: str, run: Path, wall_s: float | None) -> dict:
    "A table row for a run's registered and evaluated `qat_int8`: its QAT settings from variant.json (as `qat_pipeline` records them) and `evaluated`"
    from tumorq.io import read_json
    v = read_json(Path(run) / "variants" / "qat_int8" / "variant.json"); q = v["qat"]
    return dict(variant=variant, head=q["head"] + (" (per-channel)" if q["head"] == "conv" else " (per-tensor)"), depthwise=q.get("depthwise", "per_tensor"),
                n_calib=v["conversion"]["calibration"]["n"], range_init=q["range_init"], epochs=q["epochs_run"], distill=q["distill"], lr=q["lr"],
                keras_fakequant_start=q["keras_fakequant_val_accuracy_start"], keras_fakequant_best=q["keras_fakequant_val_accuracy"],
                **evaluated(run, "qat_int8"), wall_s=wall_s)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", required=True, type=Path, help="a finished run folder (train/, data/, variants/fp32_keras/, variants/int8_full/)")
    ap.add_argument("--inits", nargs="+", default=["batch_mean"], help="range initialisations (tumorq.qat.RANGE_INITS)")
    ap.add_argument("--epochs", type=int, nargs="+", default=[1], help="QAT epochs (0: convert right after the range initialisation)")
    ap.add_argument("--heads", nargs="+", default=["dense"], help="head layers as Dense (per-tensor kernels) or 1x1 Conv2D (per-channel; tumorq.qat.head_as_conv)")
    ap.add_argument("--depthwise", nargs="+", default=["per_tensor"], help="DepthwiseConv2D kernels fake-quantized per_tensor (tfmot) or per_channel (tumorq.qat.QAT_DEPTHWISE)")
    ap.add_argument("--n-calib", type=int, nargs="+", default=[100], help="calibration images of the training split (range initialisation and conversion)")
    ap.add_argument("--alphas", type=float, nargs="+", default=[0.0], help="distillation weights")
    ap.add_argument("--lr-factors", type=float, nargs="+", default=[0.1], help="QAT learning rate = factor x the FP32 run's last rate (tumorq.qat.last_lr); the profiles' qat_lr_factor is 0.1")
    ap.add_argument("--steps", type=int, default=24, help="batches per QAT epoch")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--name", default="qat_options", help="file stem of the recorded table")
    ap.add_argument("--out", type=Path, default=None, help="write <name>.md/.json with command, commit and versions here")
    a = ap.parse_args(argv)

    import tumorq  # before tensorflow: selects tf-keras
    import pandas as pd
    from tumorq.data import load_split
    from tumorq.io import read_json
    from tumorq.qat import qat_pipeline, RANGE_INITS, QAT_HEADS, QAT_DEPTHWISE
    from tumorq.quantize import evaluate_all, scratch_run
    from tumorq.train import run_preprocessing
    if set(a.inits) - set(RANGE_INITS): ap.error(f"--inits: choose from {RANGE_INITS}")
    if set(a.heads) - set(QAT_HEADS): ap.error(f"--heads: choose from {QAT_HEADS}")
    if set(a.depthwise) - set(QAT_DEPTHWISE): ap.error(f"--depthwise: choose from {QAT_DEPTHWISE}")
    t0 = time.perf_counter()
    evaluate_all(a.run)  # the reference row: the run's own evaluation (no-op when it is up to date)
    ptq = read_json(Path(a.run) / "variants" / "int8_full" / "variant.json")["conversion"]["calibration"]["n"]
    rows = [dict(variant="int8_full (PTQ)", head="dense (per-channel)", depthwise="per_channel", n_calib=ptq, range_init="calibrator min/max", epochs=0, distill=None, lr=None, keras_fakequant_start=None,
                 keras_fakequant_best=None, **evaluated(a.run, "int8_full"), wall_s=None)]
    if (Path(a.run) / "variants" / "qat_int8" / "variant.json").exists():  # the run's own QAT model, as its profile made it, for reference
        rows.append(qat_row("qat_int8 (the run's own)", Path(a.run), None))
    with tempfile.TemporaryDirectory(prefix="qat-options-") as tmp:
        for head, dw, n_calib, init, epochs, alpha, lrf in itertools.product(a.heads, a.depthwise, a.n_calib, a.inits, a.epochs, a.alphas, a.lr_factors):
            d = scratch_run(a.run, Path(tmp) / f"{head}-{dw}-{n_calib}-{init}-{epochs}-{alpha}-{lrf}")
            t = time.perf_counter()
            qat_pipeline(d, load_split(d), epochs=epochs, steps_per_epoch=a.steps, seed=a.seed, verbose=2, distill=alpha, range_init=init, head=head, depthwise=dw, n_calib=n_calib, lr_factor=lrf,
                               **run_preprocessing(d))   # img_size, scale and crop as the run trained
            evaluate_all(d)
            rows.append(qat_row("qat_int8", d, round(time.perf_counter() - t)))
            print(rows[-1], flush=True)
    table = pd.DataFrame(rows)
    print(table.to_markdown(index=False))
    if a.out:
        from tumorq.results import write_benchmark
        write_benchmark(a.name, table, time.perf_counter() - t0, a.out, "QAT options: head and depthwise weight granularity, range initialisation, epochs, learning rate, distillation",
                        f"run {a.run}, {a.steps} batches per epoch, seed {a.seed} (of the calibration sample and fine-tuning); converted INT8 on LiteRT (validation split), "
                        "test_accuracy_clean = test images with no near-copy in Training (00_data's audit); agreement = top-1 equal to FP32 Keras; logits_range = width of the logits' int8 range")


if __name__ == "__main__":
    main()
