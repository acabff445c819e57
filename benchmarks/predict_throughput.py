#!/usr/bin/env python
"""`tumorq predict` on a folder against the single-image latency of the same model, measured in ONE process.

    python benchmarks/predict_throughput.py --model results/paper/models/int8_full.tflite \
        --folder ../shared/data/brain-tumor-classification-mri/Testing --n-images 200 --threads 1 2 --out results/benchmarks

The first `--n-images` files of `--folder` (sorted, recursively) are copied into a scratch folder. Per thread count:
- `latency`: the model loaded once (`tumorq.predict.EdgeModel`), every image decoded and preprocessed beforehand,
  then each one run alone (set input, invoke, read output) after `--warmup` untimed calls: p50 ms and the images/s it
  implies (1000 / p50), as `benchmarks/latency.py` measures;
- `folder`: `tumorq.predict.predict_rows` over the folder, the model loaded once, listing, reading, decoding,
  preprocessing and inference all timed: images/s;
- `cli`: the `tumorq predict --csv` command on the folder in a subprocess, its whole wall time (process start,
  imports and model load included): images/s.
`folder_vs_latency` is the folder's images/s divided by the latency's, both from this run (1.0: decoding costs nothing).
"""
import argparse, shutil, subprocess, sys, tempfile, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, type=Path, help=".tflite model with tumorq metadata")
    ap.add_argument("--folder", required=True, type=Path, help="folder of MRI images (searched recursively)")
    ap.add_argument("--n-images", type=int, default=200, help="images taken from the folder")
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="LiteRT thread counts")
    ap.add_argument("--warmup", type=int, default=10, help="untimed calls before the latency loop")
    ap.add_argument("--out", type=Path, default=None, help="also write predict_throughput.md/.json with command, commit and versions here")
    a = ap.parse_args(argv)

    import numpy as np, pandas as pd
    from tumorq.predict import EdgeModel, list_inputs, predict_rows, read_input
    from tumorq.quantize import time_calls  # the per-call timer of benchmarks/latency.py
    files = [Path(p) for p, err in list_inputs([a.folder]) if err is None][: a.n_images]
    if len(files) < a.n_images: ap.error(f"--folder {a.folder}: {len(files)} images, fewer than --n-images {a.n_images}")
    t_all, rows = time.perf_counter(), []
    with tempfile.TemporaryDirectory(prefix="predict-throughput-") as tmp:
        for i, f in enumerate(files): shutil.copy2(f, Path(tmp) / f"{i:05d}{f.suffix}")
        for t in a.threads:
            m = EdgeModel(a.model, threads=t)
            xs = [m.prepare(im) for f in sorted(Path(tmp).iterdir()) for _, im in read_input(f)]   # preprocessing outside the timer
            p50 = float(np.percentile(time_calls(m.infer, xs, a.warmup), 50))
            t0 = time.perf_counter(); out = list(predict_rows(m, [tmp])); folder_s = time.perf_counter() - t0
            assert len(out) == len(files) and not any(r["error"] for r in out), [r["error"] for r in out if r["error"]][:3]
            t0 = time.perf_counter()
            r = subprocess.run([sys.executable, "-m", "tumorq", "predict", str(a.model), tmp, "--csv", "--threads", str(t)],
                               capture_output=True, text=True)
            cli_s = time.perf_counter() - t0
            if r.returncode != 0: raise SystemExit(f"tumorq predict failed ({r.returncode}): {r.stderr[-2000:]}")
            rows.append(dict(threads=t, n_images=len(files), latency_p50_ms=p50, latency_images_per_s=1000 / p50,
                             folder_images_per_s=len(files) / folder_s, cli_images_per_s=len(files) / cli_s,
                             folder_vs_latency=(len(files) / folder_s) / (1000 / p50)))
            print(rows[-1], flush=True)
    table = pd.DataFrame(rows)
    print(table.to_markdown(index=False, floatfmt=".3g"))
    if a.out:
        from tumorq.results import write_benchmark
        write_benchmark("predict_throughput", table, time.perf_counter() - t_all, a.out, "tumorq predict on a folder vs single-image latency",
                        f"model `{a.model}`, the first {len(files)} images of `{a.folder}`; latency = inference only on preprocessed images "
                        "(p50, warm-up excluded); folder = `predict_rows` with reading and decoding; cli = the `tumorq predict --csv` "
                        "command's wall time; folder_vs_latency = folder images/s / latency images/s, same run")


if __name__ == "__main__":
    main()
