#!/usr/bin/env python
"""Two full-integer .tflite models of the same network, op by op: how each quantized its weights and activations.

    python benchmarks/quant_compare.py --a results/paper/models/int8_full.tflite --b results/paper/models/qat_int8.tflite \
        --out results/benchmarks

Built to explain why QAT INT8 (`05_qat`) can end below post-training INT8 (`04_quantize`) on the same FP32 model.
The two files must hold the same sequence of LiteRT ops (the converter produces the same graph for both). Per op:
- `w_a`, `w_b`: the weight quantization, `per-channel (n)` (one scale per output channel) or `per-tensor`;
- `lo_a, hi_a, lo_b, hi_b`: the float range its int8 output can represent, `[(-128 - zero_point) s, (127 - zero_point) s]`;
- `width_b_over_a`: the width of b's output range divided by a's (below 1: b clips activations that a represents;
  above 1: b spends its 256 levels on a wider range, so each level is coarser).
The summary rows count the weights quantized per tensor and give the median and extreme width ratios.
With `--folder`, both models also run on the first `--n-images` images of the folder (sorted, recursively; LiteRT,
one image at a time, preprocessing from each model's metadata), and the summary adds, per model, how often the
last layer's int8 logits saturate: the top logit at the top of its range (127), and the top two logits tied there,
where the argmax can no longer tell the classes apart. Nothing is timed.
"""
import argparse, json, sys, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

WEIGHTED = {"CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED"}


def op_table(path: Path):
    "One row per op: name, weight granularity, output range (float) of an int8 model file"
    from tumorq.predict import Interpreter  # ai_edge_litert's, as everywhere in tumorq
    it = Interpreter(model_path=str(path))
    td = {t["index"]: t for t in it.get_tensor_details()}
    rows = []
    for op in it._get_ops_details():
        out = td[op["outputs"][0]]; q = out["quantization_parameters"]
        s, z = (float(q["scales"][0]), int(q["zero_points"][0])) if len(q["scales"]) else (float("nan"), 0)
        w = "-"
        if op["op_name"] in WEIGHTED:
            n = len(td[op["inputs"][1]]["quantization_parameters"]["scales"])
            w = f"per-channel ({n})" if n > 1 else "per-tensor"
        rows.append(dict(op=op["op_name"], weights=w, lo=(-128 - z) * s, hi=(127 - z) * s, dtype=out["dtype"].__name__))
    return rows


def saturation(path: Path, files: list) -> dict:
    "Share of images whose int8 logits (the last FULLY_CONNECTED / CONV_2D output) have the top logit at 127, and the top two tied at 127"
    import numpy as np
    from tumorq.predict import Interpreter, EdgeModel, read_input
    em = EdgeModel(path, threads=1)
    it = Interpreter(model_path=str(path), num_threads=1, experimental_preserve_all_tensors=True); it.allocate_tensors()
    ops = it._get_ops_details()
    logits = [op for op in ops if op["op_name"] in ("FULLY_CONNECTED", "CONV_2D")][-1]["outputs"][0]  # the head's last layer
    inp = it.get_input_details()[0]["index"]; top = tied = n = 0
    for f in files:
        for _, im in read_input(f):
            it.set_tensor(inp, em.prepare(im)); it.invoke()
            q = np.sort(it.get_tensor(logits).ravel())[::-1]
            n += 1; top += q[0] == 127; tied += q[0] == q[1] == 127
    return {"images": n, "top logit saturated": top / n, "top two tied at 127": tied / n}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--a", required=True, type=Path, help="first model (e.g. post-training INT8)")
    ap.add_argument("--b", required=True, type=Path, help="second model (e.g. QAT INT8)")
    ap.add_argument("--folder", type=Path, default=None, help="also count saturated logits on images of this folder (searched recursively)")
    ap.add_argument("--n-images", type=int, default=200, help="images taken from --folder")
    ap.add_argument("--out", type=Path, default=None, help="also write quant_compare.md/.json with command, commit and versions here")
    a = ap.parse_args(argv)
    import numpy as np, pandas as pd
    t0 = time.perf_counter()
    ta, tb = op_table(a.a), op_table(a.b)
    if [r["op"] for r in ta] != [r["op"] for r in tb]:
        raise SystemExit(f"{a.a} and {a.b} do not hold the same op sequence ({len(ta)} and {len(tb)} ops): nothing to pair")
    t = pd.DataFrame([dict(index=i, op=x["op"], w_a=x["weights"], w_b=y["weights"], lo_a=x["lo"], hi_a=x["hi"], lo_b=y["lo"], hi_b=y["hi"],
                           width_b_over_a=(y["hi"] - y["lo"]) / (x["hi"] - x["lo"]))
                      for i, (x, y) in enumerate(zip(ta, tb))])
    wt = t[t.op.isin(WEIGHTED)]
    summary = pd.DataFrame([
        dict(quantity="ops", a=len(t), b=len(t)),
        dict(quantity="weights per tensor", a=int((wt.w_a == "per-tensor").sum()), b=int((wt.w_b == "per-tensor").sum())),
        dict(quantity="per-tensor weights, ops", a=", ".join(f"{r.index} {r.op}" for r in wt[wt.w_a == "per-tensor"].itertuples()) or "none",
             b=", ".join(f"{r.index} {r.op}" for r in wt[wt.w_b == "per-tensor"].itertuples()) or "none"),
        dict(quantity="output range width b/a: median", a="", b=float(np.median(t.width_b_over_a))),
        dict(quantity="output range width b/a: median of the linear outputs (ranges below 0: projections, adds, logits)", a="",
             b=float(np.median(t.width_b_over_a[t.lo_a < 0]))),
        dict(quantity="output range width b/a: min (op)", a="", b=f"{t.width_b_over_a.min():.3g} ({t.op[t.width_b_over_a.idxmin()]} {t.width_b_over_a.idxmin()})"),
        dict(quantity="output range width b/a: max (op)", a="", b=f"{t.width_b_over_a.max():.3g} ({t.op[t.width_b_over_a.idxmax()]} {t.width_b_over_a.idxmax()})"),
    ])
    if a.folder:
        from tumorq.predict import list_inputs
        files = [Path(p) for p, err in list_inputs([a.folder]) if err is None][: a.n_images]
        sa, sb = saturation(a.a, files), saturation(a.b, files)
        summary = pd.concat([summary, pd.DataFrame([dict(quantity=f"logits, {k} (share of {sa['images']} images of {a.folder})", a=sa[k], b=sb[k])
                                                    for k in ("top logit saturated", "top two tied at 127")])], ignore_index=True)
    pd.set_option("display.width", 200)
    print(summary.to_markdown(index=False, floatfmt=".3g")); print()
    print(t.to_markdown(index=False, floatfmt=".3g"))
    if a.out:
        from tumorq.results import write_benchmark
        fmt = lambda v: f"{v:.3g}" if isinstance(v, float) else v
        md = write_benchmark("quant_compare", summary.map(fmt), time.perf_counter() - t0, a.out, f"{a.b.name} against {a.a.name}, op by op",
                             f"a = `{a.a}`, b = `{a.b}`; the summary, then one row per op: weight quantization "
                             "(per-channel with its number of scales, or per-tensor) and the float range of the int8 output"
                             + (f"; saturation counted on the first {a.n_images} images of `{a.folder}`" if a.folder else ""))
        md.write_text(md.read_text() + "\n#### Per op\n\n" + t.to_markdown(index=False, floatfmt=".3g") + "\n")
        j = json.loads(md.with_suffix(".json").read_text()); j["ops"] = json.loads(t.to_json(orient="records"))
        md.with_suffix(".json").write_text(json.dumps(j, indent=1) + "\n")


if __name__ == "__main__":
    main()
