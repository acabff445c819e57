#!/usr/bin/env python
"""QAT with and without distillation from the float model, on a finished run's trained model, one process.

    python benchmarks/qat_distill.py --run runs/preview --alphas 0 0.5 --epochs 1 --steps 24 --out results/benchmarks

For each `alpha` (`tumorq.qat.distill_loss`: (1 - alpha) CE with the labels + alpha KL toward the FP32 model), the
run's `train/`, `data/` and `variants/fp32_keras/` are copied into a scratch run folder, `qat_pipeline` fine-tunes
and converts with the same seed and budget, and the converted INT8 model is evaluated on LiteRT like every variant:
validation accuracy, top-1 agreement with FP32, and the fake-quantized Keras accuracy, side by side.
"""
import argparse, json, shutil, sys, tempfile, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", required=True, type=Path, help="a finished run folder (train/, data/, variants/fp32_keras/)")
    ap.add_argument("--alphas", type=float, nargs="+", default=[0.0, 0.5], help="distillation weights to compare")
    ap.add_argument("--epochs", type=int, default=1, help="QAT epochs")
    ap.add_argument("--steps", type=int, default=24, help="batches per QAT epoch")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", type=Path, default=None, help="write qat_distill.md/.json with command, commit and versions here")
    a = ap.parse_args(argv)

    import tumorq  # before tensorflow: selects tf-keras
    import pandas as pd
    from tumorq.data import load_split
    from tumorq.qat import qat_pipeline
    from tumorq.quantize import evaluate_all
    t0, rows = time.perf_counter(), []
    with tempfile.TemporaryDirectory(prefix="qat-distill-") as tmp:
        for alpha in a.alphas:
            d = Path(tmp) / f"alpha{alpha}"
            for sub in ("train", "data", "variants/fp32_keras"): shutil.copytree(a.run / sub, d / sub)
            t = time.perf_counter()
            rec = qat_pipeline(d, load_split(d), epochs=a.epochs, steps_per_epoch=a.steps, seed=a.seed, verbose=2, distill=alpha)
            evaluate_all(d)
            ev = json.loads((d / "variants" / "qat_int8" / "eval.json").read_text())
            rows.append(dict(distill=alpha, val_accuracy=ev["splits"]["val"]["accuracy"], agreement_val=ev["agreement"]["val"],
                             agreement_test=ev["agreement"]["test"], keras_fakequant_val=rec["qat"]["keras_fakequant_val_accuracy"],
                             wall_s=round(time.perf_counter() - t)))
            print(rows[-1], flush=True)
    table = pd.DataFrame(rows)
    print(table.to_markdown(index=False))
    if a.out:
        from tumorq.results import write_benchmark
        write_benchmark("qat_distill", table, time.perf_counter() - t0, a.out, "QAT with distillation from the float model",
                        f"run {a.run}, {a.epochs} epoch(s) of {a.steps} batches, seed {a.seed}; converted INT8 on LiteRT, agreement = top-1 equal to FP32 Keras")


if __name__ == "__main__":
    main()
