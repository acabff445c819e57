#!/usr/bin/env python
"""Input-pipeline throughput with augmentation on: tumorq's tf.data pipeline vs the paper's ImageDataGenerator.

Both read the SAME images (a stratified random subset of Training/; ImageDataGenerator reads them through a
temporary folder of symlinks) and deliver batches of augmented, rescaled images with int labels, as training
consumes them. Reported in images per second delivered:

- tumorq  `make_dataset(..., augment=True)`: epoch 1 decodes the JPEGs (cold), epochs 2+ come from the
  in-memory cache (warm). Fused affine augmentation (the default), and optionally the stock Keras layers.
- paper   `ImageDataGenerator(rescale=1/255, rotation_range=25, width_shift_range=0.15, height_shift_range=0.15,
  zoom_range=0.2, horizontal_flip=True, brightness_range=(0.8, 1.2), fill_mode="nearest").flow_from_directory(...)`,
  iterated as `model.fit` does by default (one thread); it has no cache, so every epoch decodes.

The files are read once before timing, so neither side is timed on disk I/O. Epoch 1 of tf.data includes
building the pipeline (graph tracing). On a shared machine the numbers move with the load: the load average
before and after is recorded.

Usage: python benchmarks/input_pipeline.py --n-images 640 --epochs 2 --json results/input_pipeline.json
"""
import argparse, json, os, platform, sys, tempfile, time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
import tumorq  # noqa: E402  (sets TF_USE_LEGACY_KERAS=1 before TensorFlow is imported)
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import tensorflow as tf  # noqa: E402
from tumorq.data import CLASSES  # noqa: E402
from tumorq.augment import AugConfig, make_dataset  # noqa: E402

EXTS = (".jpg", ".jpeg", ".png", ".bmp")


def default_data() -> str:
    return os.environ.get("TUMORQ_DATA") or str(REPO.parent / "shared" / "data" / "brain-tumor-classification-mri")


def subset(data: Path, n_images: int, seed: int) -> pd.DataFrame:
    "A stratified random subset of Training/ (class folders in sorted order = CLASSES order), as a split table"
    folders = sorted(d for d in (data / "Training").iterdir() if d.is_dir())
    if len(folders) != len(CLASSES): raise SystemExit(f"expected {len(CLASSES)} class folders in {data / 'Training'}, found {len(folders)}")
    rng = np.random.default_rng(seed)
    rows = []
    for label, d in enumerate(folders):
        files = sorted(str(f) for f in d.iterdir() if f.suffix.lower() in EXTS)
        k = min(len(files), n_images // len(folders) + (label < n_images % len(folders)))
        for f in sorted(rng.choice(files, k, replace=False)):
            rows.append(dict(path=f, label=label, class_name=CLASSES[label], split="train", folder=d.name))
    return pd.DataFrame(rows)


def time_epochs(batches, epochs: int) -> list[dict]:
    "Seconds and images delivered per epoch; `batches()` returns a fresh iterable of (x, y) for each epoch"
    out = []
    for _ in range(epochs):
        n, t0 = 0, time.perf_counter()
        for x, y in batches():
            n += int(y.shape[0])
        s = time.perf_counter() - t0
        out.append(dict(seconds=round(s, 3), images=n, images_per_s=round(n / s, 1)))
    return out


def bench_tfdata(df, args, fused: bool) -> dict:
    ds = make_dataset(df, "train", img_size=args.img_size, batch_size=args.batch_size, augment=True, shuffle=True,
                      seed=args.seed, aug=AugConfig(fused=fused), cache=True)
    ep = time_epochs(lambda: ds, args.epochs)
    warm = ep[1:]
    return dict(epochs=ep, cold_images_per_s=ep[0]["images_per_s"],
                warm_images_per_s=round(sum(e["images"] for e in warm) / sum(e["seconds"] for e in warm), 1) if warm else None)


def bench_idg(df, args) -> dict:
    from tf_keras.preprocessing.image import ImageDataGenerator
    gen = ImageDataGenerator(rescale=1 / 255, rotation_range=25, width_shift_range=0.15, height_shift_range=0.15,
                             zoom_range=0.2, horizontal_flip=True, brightness_range=(0.8, 1.2), fill_mode="nearest")
    with tempfile.TemporaryDirectory(prefix="tumorq_bench_") as tmp:
        for r in df.itertuples():
            (Path(tmp) / r.folder).mkdir(exist_ok=True)
            os.symlink(r.path, Path(tmp) / r.folder / Path(r.path).name)
        it = gen.flow_from_directory(tmp, target_size=(args.img_size, args.img_size), batch_size=args.batch_size,
                                     class_mode="sparse", shuffle=True, seed=args.seed)
        assert it.samples == len(df), (it.samples, len(df))
        ep = time_epochs(lambda: (it[i] for i in range(len(it))), args.epochs)
    return dict(epochs=ep, images_per_s=round(sum(e["images"] for e in ep) / sum(e["seconds"] for e in ep), 1))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=default_data(), help="folder with Training/<class>/ (default: $TUMORQ_DATA or ../shared/data/...)")
    ap.add_argument("--n-images", type=int, default=640, help="images in the subset (stratified over the 4 classes)")
    ap.add_argument("--epochs", type=int, default=2, help="epochs per pipeline (>= 2 to see the cached speed)")
    ap.add_argument("--img-size", type=int, default=224)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--stock-layers", action="store_true", help="also time the pipeline with the stock Keras layers (fused=False)")
    ap.add_argument("--json", default=None, help="write the results to this JSON file")
    ap.add_argument("--out", default=None, help="also write input_pipeline.md/.json with command, commit and versions here (e.g. results/benchmarks)")
    args = ap.parse_args(argv)
    t_start = time.time()

    df = subset(Path(args.data), args.n_images, args.seed)
    for f in df.path: Path(f).read_bytes()  # both pipelines find the files in the OS page cache: no disk I/O is timed
    print(f"{len(df)} images from {args.data}, {args.img_size}px, batch {args.batch_size}, {args.epochs} epochs, "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}", flush=True)
    res = dict(n_images=len(df), epochs=args.epochs, img_size=args.img_size, batch_size=args.batch_size, data=str(args.data),
               cpus=os.cpu_count(), load_avg_1min_before=round(os.getloadavg()[0], 2), tensorflow=tf.__version__,
               python=platform.python_version())
    res["tfdata"] = bench_tfdata(df, args, fused=True)
    print(f"tf.data (fused affine)   cold {res['tfdata']['cold_images_per_s']:8.1f} img/s   warm {res['tfdata']['warm_images_per_s']} img/s", flush=True)
    if args.stock_layers:
        res["tfdata_stock_layers"] = bench_tfdata(df, args, fused=False)
        r = res["tfdata_stock_layers"]
        print(f"tf.data (stock layers)   cold {r['cold_images_per_s']:8.1f} img/s   warm {r['warm_images_per_s']} img/s", flush=True)
    res["imagedatagenerator"] = bench_idg(df, args)
    idg = res["imagedatagenerator"]["images_per_s"]
    print(f"ImageDataGenerator       {idg:8.1f} img/s (every epoch decodes)", flush=True)
    t = res["tfdata"]
    res["speedup_cold"] = round(t["cold_images_per_s"] / idg, 2)
    res["speedup_warm"] = round(t["warm_images_per_s"] / idg, 2) if t["warm_images_per_s"] else None
    res["load_avg_1min_after"] = round(os.getloadavg()[0], 2)
    print(f"speed-up over ImageDataGenerator: epoch 1 (cold) {res['speedup_cold']}x, epochs 2+ (cached) {res['speedup_warm']}x")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(res, indent=2) + "\n")
        print(f"wrote {args.json}")
    if args.out:
        import pandas as pd
        from tumorq.results import write_benchmark
        rows = [("tf.data, fused affine augmentation (ours)", res["tfdata"])]
        if "tfdata_stock_layers" in res: rows.append(("tf.data, stock Keras layers", res["tfdata_stock_layers"]))
        tab = pd.DataFrame([{"pipeline": n, "epoch 1 img/s": r["cold_images_per_s"], "epochs 2+ img/s": r["warm_images_per_s"],
                             "x IDG epoch 1": r["cold_images_per_s"] / idg,
                             "x IDG epochs 2+": (r["warm_images_per_s"] or float("nan")) / idg} for n, r in rows]
                           + [{"pipeline": "ImageDataGenerator.flow_from_directory (paper)", "epoch 1 img/s": idg, "epochs 2+ img/s": idg,
                               "x IDG epoch 1": 1.0, "x IDG epochs 2+": 1.0}])
        f = write_benchmark("input_pipeline", tab, time.time() - t_start, args.out, "Input pipeline throughput",
                            f"Images/s delivered with the paper's augmentation on, {len(df)} real training images, {args.img_size} px, "
                            f"batch {args.batch_size}; epoch 1 decodes, later epochs read the in-memory cache (ImageDataGenerator decodes every epoch). "
                            "Both pipelines in one run, files pre-read into the page cache.")
        print(f"wrote {f}")
    return res


if __name__ == "__main__":
    main()
