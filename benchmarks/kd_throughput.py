#!/usr/bin/env python
"""Training and inference throughput of the DenseNets of 06_distillation (teacher and student candidates), per side.

Each candidate is built with `tumorq.distill.densenet` at the side it would train at (the cached views and the
resized teacher batches have that side) and timed with `tumorq.distill.train_throughput`: one untimed step that
traces the function, then `--steps` timed steps of batch `--batch` (Adam, cross-entropy on the logits), then as many
inference batches. MobileNetV2 (all layers trainable, 224 px) is measured in the same process as a yardstick: on a
shared machine the absolute numbers move with the load, the ratios to it much less. The load average before and
after is printed.

Usage: python benchmarks/kd_throughput.py --steps 3 --json kd_throughput.json
"""
import argparse, json, os, sys, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

CANDIDATES = [  # name, blocks, growth rate, side
    ("teacher DenseNet-101 k=32", (6, 12, 24, 6), 32, 224),
    ("teacher DenseNet-101 k=32", (6, 12, 24, 6), 32, 160),
    ("teacher DenseNet-101 k=32", (6, 12, 24, 6), 32, 128),
    ("teacher DenseNet-101 k=24", (6, 12, 24, 6), 24, 128),
    ("student DenseNet-32 k=16", (4, 4, 6), 16, 128),
    ("student DenseNet-32 k=16", (4, 4, 6), 16, 224),
    ("student DenseNet-32 k=12", (4, 4, 6), 12, 128),
]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--steps", type=int, default=3, help="timed training (and inference) steps per candidate")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--json", type=Path, default=None, help="write the rows here")
    a = ap.parse_args(argv)
    import tumorq, tensorflow as tf
    from tumorq.distill import densenet, train_throughput, count_macs
    load0 = os.getloadavg()
    tf.keras.utils.set_random_seed(0)
    rows = []
    mn = tf.keras.applications.MobileNetV2(weights=None, classes=4, classifier_activation=None, input_shape=(224, 224, 3))
    mn = tf.keras.Model(mn.input, tf.keras.layers.Activation("softmax", name="head_out")(mn.output))
    mn.layers[-2]._name = "head_logits"
    cands = [("MobileNetV2 (all layers)", None, None, 224)] + CANDIDATES
    for name, blocks, k, side in cands:
        m = mn if blocks is None else densenet(blocks, k, input_shape=(side, side, 3))
        r = dict(model=name, side=side, params=m.count_params(), mmacs=round(count_macs(m) / 1e6, 1),
                 **{k_: round(v, 2) for k_, v in train_throughput(m, a.batch, a.steps).items()})
        print(json.dumps(r), flush=True); rows.append(r)
    out = dict(rows=rows, loadavg_before=load0, loadavg_after=os.getloadavg(), cpus=os.cpu_count(), steps=a.steps, batch=a.batch)
    if a.json: a.json.write_text(json.dumps(out, indent=1))
    print(json.dumps({k: v for k, v in out.items() if k != "rows"}))


if __name__ == "__main__":
    main()
