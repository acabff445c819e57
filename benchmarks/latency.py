#!/usr/bin/env python
"""Single-image latency of every registered variant of a run, measured in ONE process on the same images.

    python benchmarks/latency.py --run runs/full --n-images 100 --warmup 10 --threads 1 2 --json latency.json

For each variant: p50/p95/mean ms and images/s per LiteRT thread count (XNNPACK on, LiteRT's default; the
column `xnnpack` counts the delegated partitions), warm-up calls excluded, image decoding not timed. The Keras
variant is timed as `model(x, training=False)` inside a `tf.function` with TensorFlow's default thread pools
(threads shown as "tf"). `x_fp32_tflite` is the p50 ratio to the FP32 .tflite at the same thread count,
measured in this same run. Each variant's `latency.json` is rewritten unless `--no-save` (or `--no-xnnpack`,
which times plain TFLite kernels to show what XNNPACK brings).
"""
import argparse, json, sys, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", required=True, type=Path, help="run folder holding variants/ and data/split.csv")
    ap.add_argument("--n-images", type=int, default=50, help="timed images per variant and thread count")
    ap.add_argument("--warmup", type=int, default=5, help="untimed warm-up calls")
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="LiteRT thread counts")
    ap.add_argument("--variants", nargs="+", default=None, help="only these variants (default: all registered)")
    ap.add_argument("--img-size", type=int, default=224)
    ap.add_argument("--scale", default="unit")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--json", type=Path, default=None, help="also write the table and settings to this JSON file")
    ap.add_argument("--out", type=Path, default=None, help="also write latency.md/.json with command, commit and versions here (e.g. results/benchmarks)")
    ap.add_argument("--name", default="latency", help="file stem of the recorded table (e.g. latency_noavx512 for another machine kind)")
    ap.add_argument("--no-save", action="store_true", help="do not rewrite <run>/variants/<name>/latency.json")
    ap.add_argument("--no-xnnpack", action="store_true", help="turn LiteRT's default XNNPACK delegate off (implies --no-save)")
    a = ap.parse_args(argv)

    import tumorq  # before tensorflow: selects tf-keras
    import pandas as pd
    from tumorq.quantize import benchmark_all, list_variants
    if not list_variants(a.run): sys.exit(f"no variants registered in {a.run / 'variants'}: run nbs/04_quantize.ipynb first")
    t0 = time.perf_counter()
    t = benchmark_all(a.run, a.variants, threads=tuple(a.threads), n_images=a.n_images, warmup=a.warmup,
                      img_size=a.img_size, scale=a.scale, seed=a.seed, save=not (a.no_save or a.no_xnnpack),
                      xnnpack=not a.no_xnnpack)
    secs = time.perf_counter() - t0
    show = t.assign(threads=t.threads.map(lambda x: "tf" if pd.isna(x) else str(int(x))),
                    xnnpack=t.xnnpack_partitions.map(lambda x: "" if pd.isna(x) else str(int(x))))
    show = show.rename(columns={"p50_vs_fp32_tflite": "x_fp32_tflite"})[
        ["name", "threads", "p50_ms", "p95_ms", "mean_ms", "images_per_s", "x_fp32_tflite", "xnnpack"]]
    print(f"\nrun {a.run}: {a.n_images} images, {a.warmup} warm-up, threads {a.threads}, "
          f"XNNPACK {'off' if a.no_xnnpack else 'on'} ({secs:.0f} s)")
    print(show.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    if a.json:
        a.json.parent.mkdir(parents=True, exist_ok=True)
        rec = dict(run=str(a.run), n_images=a.n_images, warmup=a.warmup, threads=a.threads, xnnpack=not a.no_xnnpack,
                   seconds=round(secs, 1),
                   results=json.loads(t.to_json(orient="records")))
        a.json.write_text(json.dumps(rec, indent=2))
    if a.out:
        from tumorq.results import write_benchmark
        f = write_benchmark(a.name, show, secs, a.out, "Single-image latency",
                            f"Run `{a.run}`: {a.n_images} images one at a time, {a.warmup} warm-up calls excluded, LiteRT "
                            f"(`ai_edge_litert`) with XNNPACK {'off' if a.no_xnnpack else 'on'} (`xnnpack` = delegated partitions); "
                            "`x_fp32_tflite` = p50 / p50 of the FP32 .tflite at the same thread count, same run; "
                            "threads `tf` = the Keras model on TensorFlow's default thread pools.")
        print(f"wrote {f}")
    return t


if __name__ == "__main__":
    main()
