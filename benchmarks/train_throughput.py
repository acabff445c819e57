#!/usr/bin/env python
"""CPU training throughput (images/s) of the tumorq model, frozen-backbone stage vs all-layers stage.

Each setting runs in its own subprocess, because TF_ENABLE_ONEDNN_OPTS is read when TensorFlow is imported
and the thread pools are fixed when it runs its first op. Settings:

  default      TF defaults (oneDNN on, which is TF's default on x86 Linux; intra/inter = TF default)
  onednn0      TF_ENABLE_ONEDNN_OPTS=0
  onednn1      TF_ENABLE_ONEDNN_OPTS=1 set explicitly
  t2i1 / t2i2  intra/inter-op threads 2/1 and 2/2
  t1i1         intra/inter-op threads 1/1 (what one core gives)
  bf16         mixed_bfloat16 policy (compute in bfloat16, variables float32); only if the CPU has AVX512_BF16/AMX
  pipeline     default settings, batches from the real tf.data pipeline (tumorq.augment.make_dataset on
               <run>/data/split.csv, augmentation on) instead of one synthetic in-memory batch

Synthetic runs train on one fixed in-memory batch (excludes decoding/augmentation); the first step (tracing)
is a warm-up and excluded. Inference images/s (predict_on_batch, the cost of validation) is measured last.
`loss0` columns are the loss of the first (warm-up) step: same seed and weights, so settings that agree on it
compute the same thing (oneDNN changes only rounding; bfloat16 changes the numbers visibly). Ratios are against `default` measured in the same invocation. Example:

  .venv/bin/python benchmarks/train_throughput.py --steps 3 --batch 32 --json results/train_throughput.json
"""
import argparse, json, os, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = {  # name: (env, intra, inter, policy, pipeline)
    "default":  ({}, None, None, None, False),
    "onednn0":  ({"TF_ENABLE_ONEDNN_OPTS": "0"}, None, None, None, False),
    "onednn1":  ({"TF_ENABLE_ONEDNN_OPTS": "1"}, None, None, None, False),
    "t2i1":     ({}, 2, 1, None, False),
    "t2i2":     ({}, 2, 2, None, False),
    "t1i1":     ({}, 1, 1, None, False),
    "bf16":     ({}, None, None, "mixed_bfloat16", False),
    "pipeline": ({}, None, None, None, True),
}

def worker(a):
    "Runs inside the subprocess: measure frozen then full training images/s for one setting."
    env, intra, inter, policy, pipeline = SETTINGS[a.setting]
    sys.path.insert(0, str(ROOT))
    import tumorq  # noqa: F401  (tf-keras switch)
    import numpy as np, tensorflow as tf
    if intra is not None: tf.config.threading.set_intra_op_parallelism_threads(intra)
    if inter is not None: tf.config.threading.set_inter_op_parallelism_threads(inter)
    if policy: tf.keras.mixed_precision.set_global_policy(policy)
    from tumorq.model import build_model, set_backbone_trainable, check_imagenet_weights
    try: check_imagenet_weights(); weights = "imagenet"
    except FileNotFoundError: weights = None  # speed does not depend on the weight values
    tf.keras.utils.set_random_seed(0)
    model = build_model(a.img, weights=weights)
    B = a.batch
    if pipeline:
        from tumorq.data import load_split
        from tumorq.augment import make_dataset
        df = load_split(a.run_dir)
        it = iter(make_dataset(df, "train", img_size=a.img, batch_size=B, seed=0).repeat())
        batches = lambda: next(it)
    else:
        rng = np.random.default_rng(0)
        x = tf.constant(rng.random((B, a.img, a.img, 3), dtype=np.float32))
        y = tf.constant(rng.integers(0, 4, B).astype("int32"))
        batches = lambda: (x, y)
    out = {"setting": a.setting, "env": env, "intra": intra, "inter": inter, "policy": policy, "pipeline": pipeline,
           "batch": B, "img": a.img, "steps": a.steps, "weights": weights,
           "threads_in_effect": [tf.config.threading.get_intra_op_parallelism_threads(),
                                 tf.config.threading.get_inter_op_parallelism_threads()]}
    for stage, trainable in (("frozen", False), ("full", True)):
        set_backbone_trainable(model, trainable)
        model.compile(tf.keras.optimizers.Adam(1e-5), "sparse_categorical_crossentropy", metrics=["accuracy"])
        t = time.perf_counter(); loss0 = float(model.train_on_batch(*batches())[0]); warm = time.perf_counter() - t
        t = time.perf_counter()
        for _ in range(a.steps): loss = model.train_on_batch(*batches())[0]
        dt = time.perf_counter() - t
        out[stage] = {"images_per_s": a.steps * B / dt, "s_per_step": dt / a.steps, "warmup_s": warm,
                      "first_loss": loss0, "last_loss": float(loss)}
    x0 = batches()[0]; model.predict_on_batch(x0)  # inference (validation/evaluation cost), warm-up excluded
    t = time.perf_counter()
    for _ in range(a.steps): model.predict_on_batch(x0)
    out["inference"] = {"images_per_s": a.steps * B / (time.perf_counter() - t)}
    print("RESULT " + json.dumps(out), flush=True)

def run_setting(name, a):
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", **SETTINGS[name][0]}
    if name != "onednn1" and "TF_ENABLE_ONEDNN_OPTS" not in SETTINGS[name][0]: env.pop("TF_ENABLE_ONEDNN_OPTS", None)
    cmd = [sys.executable, __file__, "--worker", "--setting", name, "--steps", str(a.steps), "--batch", str(a.batch),
           "--img", str(a.img), "--run-dir", a.run_dir]
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT)
    for line in p.stdout.splitlines():
        if line.startswith("RESULT "): return json.loads(line[7:])
    return {"setting": name, "error": (p.stderr or p.stdout).strip().splitlines()[-1:] or ["failed"]}

def table(results):
    "One row per setting: images/s per stage and for inference, each with its ratio to `default` from the same invocation"
    import pandas as pd
    base = next((r for r in results if r["setting"] == "default" and "error" not in r), None)
    rows = []
    for r in results:
        if "error" in r: rows.append({"setting": r["setting"], "error": str(r["error"])}); continue
        row = {"setting": r["setting"]}
        for k, lab in (("frozen", "frozen backbone"), ("full", "all layers"), ("inference", "inference")):
            v = r[k]["images_per_s"]
            row[f"{lab} img/s"] = v
            row[f"{lab} x default"] = v / base[k]["images_per_s"] if base else float("nan")
        row["loss0 frozen"], row["loss0 full"] = r["frozen"]["first_loss"], r["full"]["first_loss"]
        rows.append(row)
    return pd.DataFrame(rows)

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--settings", default="default,onednn0,onednn1,t2i1,t2i2,t1i1,bf16,pipeline",
                    help="comma-separated subset of: " + ",".join(SETTINGS))
    ap.add_argument("--steps", type=int, default=5, help="timed training steps per stage (after 1 warm-up step)")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--img", type=int, default=224)
    ap.add_argument("--run-dir", default=str(ROOT / "runs" / "nbdev"), help="run folder whose data/split.csv the pipeline setting reads")
    ap.add_argument("--json", default=None, help="also write the results to this JSON file")
    ap.add_argument("--out", default=None, help="also write train_throughput.md/.json with command, commit and versions here (e.g. results/benchmarks)")
    ap.add_argument("--name", default="train_throughput", help="file stem of the --out files (e.g. one per machine kind)")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--setting", default="default", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker: return worker(a)
    names = [s for s in a.settings.split(",") if s]
    sys.path.insert(0, str(ROOT))
    from tumorq.io import cpu_info
    cpu = cpu_info()
    if "bf16" in names and not cpu["bf16"]: print("bf16: CPU has no AVX512_BF16/AMX, skipped"); names.remove("bf16")
    results, t0 = [], time.time()
    for n in names:
        r = run_setting(n, a); results.append(r)
        print(f"  {n}: " + ("ERROR " + str(r["error"]) if "error" in r else
              f"frozen {r['frozen']['images_per_s']:.1f} img/s, full {r['full']['images_per_s']:.1f} img/s"), flush=True)
    print(f"\nbatch {a.batch}, {a.img}px, {a.steps} timed steps per stage, {time.time() - t0:.0f}s total, "
          f"{os.cpu_count()} cpus, load avg {os.getloadavg()[0]:.1f}")
    t = table(results)
    print(t.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    if a.json:
        Path(a.json).parent.mkdir(parents=True, exist_ok=True)
        Path(a.json).write_text(json.dumps({"args": vars(a), "results": results}, indent=2))
    if a.out:
        from tumorq.results import write_benchmark
        yn = lambda b: "yes" if b else "no"
        f = write_benchmark(a.name, t, time.time() - t0, a.out, "CPU training throughput",
                            f"CPU: {cpu['model']}, AVX-512 {yn(cpu['avx512'])}, AVX2 {yn(cpu['avx2'])}. MobileNetV2 + head, batch {a.batch}, {a.img} px, {a.steps} timed steps per stage after one warm-up step, "
                            "each setting in its own process; synthetic in-memory batch except `pipeline` (the real tf.data pipeline with "
                            "augmentation); `x default` = ratio to `default` in this same run; `loss0` = first-step loss (equal loss: same computation).")
        print(f"wrote {f}")

if __name__ == "__main__": main()
