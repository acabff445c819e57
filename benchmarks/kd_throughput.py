#!/usr/bin/env python
"""Training and inference throughput of the DenseNets of 06_distillation (teacher and student candidates), per side.

Each candidate is built with `tumorq.distill.densenet` at the side it would train at (the cached views and the
resized teacher batches have that side) and timed with `tumorq.distill.train_throughput`: one untimed step that
traces the function, then `--steps` timed steps of batch `--batch` (Adam, cross-entropy on the logits), then as many
inference batches. MobileNetV2 (all layers trainable, 224 px) is measured in the same process as a yardstick: on a
shared machine the absolute numbers move with the load, the ratios to it much less. The load average before and
after is printed.

Usage: python benchmarks/kd_throughput.py --steps 3 --out results/benchmarks [--only 96 128]
(`--only`: candidates whose side is one of these; `--out` writes kd_throughput.md/.json with command, commit, CPU and
versions, named after the CPU's vendor because the two machine kinds differ by up to 3x on DenseNet training).
"""
import argparse, json, os, sys, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

CANDIDATES = [  # name, blocks, growth rate, side
    ("teacher DenseNet-101 k=32", (6, 12, 24, 6), 32, 224),
    ("teacher DenseNet-101 k=32", (6, 12, 24, 6), 32, 160),
    ("teacher DenseNet-101 k=32", (6, 12, 24, 6), 32, 128),
    ("teacher DenseNet-101 k=24", (6, 12, 24, 6), 24, 128),
    ("teacher DenseNet-101 k=24", (6, 12, 24, 6), 24, 96),
    ("student DenseNet-32 k=16", (4, 4, 6), 16, 128),
    ("student DenseNet-32 k=16", (4, 4, 6), 16, 224),
    ("student DenseNet-32 k=12", (4, 4, 6), 12, 128),
    ("student DenseNet-32 k=16", (4, 4, 6), 16, 96),
]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--steps", type=int, default=3, help="timed training (and inference) steps per candidate")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--json", type=Path, default=None, help="write the rows here")
    ap.add_argument("--only", type=int, nargs="+", default=None, help="measure only the candidates with these sides (MobileNetV2 is always measured)")
    ap.add_argument("--out", type=Path, default=None, help="also write kd_throughput_<cpu vendor>.md/.json with command, commit and versions here")
    a = ap.parse_args(argv)
    import tumorq, tensorflow as tf
    from tumorq.distill import densenet, train_throughput, count_macs
    load0 = os.getloadavg()
    tf.keras.utils.set_random_seed(0)
    rows = []
    mn = tf.keras.applications.MobileNetV2(weights=None, classes=4, classifier_activation=None, input_shape=(224, 224, 3))
    mn = tf.keras.Model(mn.input, tf.keras.layers.Activation("softmax", name="head_out")(mn.output))
    mn.layers[-2]._name = "head_logits"
    t0 = time.perf_counter()
    cands = [("MobileNetV2 (all layers)", None, None, 224)] + [c for c in CANDIDATES if a.only is None or c[3] in a.only]
    for name, blocks, k, side in cands:
        m = mn if blocks is None else densenet(blocks, k, input_shape=(side, side, 3))
        r = dict(model=name, side=side, params=m.count_params(), mmacs=round(count_macs(m) / 1e6, 1),
                 **{k_: round(v, 2) for k_, v in train_throughput(m, a.batch, a.steps).items()})
        print(json.dumps(r), flush=True); rows.append(r)
    out = dict(rows=rows, loadavg_before=load0, loadavg_after=os.getloadavg(), cpus=os.cpu_count(), steps=a.steps, batch=a.batch)
    if a.json: a.json.write_text(json.dumps(out, indent=1))
    print(json.dumps({k: v for k, v in out.items() if k != "rows"}))
    if a.out:
        import pandas as pd
        from tumorq.results import write_benchmark
        from tumorq.io import cpu_info
        cpu = cpu_info()
        write_benchmark(f"kd_throughput_{cpu['vendor']}", pd.DataFrame(rows), time.perf_counter() - t0, a.out, f"DenseNet training and inference throughput on {cpu['model']}",
                        f"batch {a.batch}, {a.steps} timed steps after one traced step, random data (`tumorq.distill.train_throughput`); "
                        f"img/s; load average before {load0[0]:.2f}, after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
