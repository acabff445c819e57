"`tumorq reproduce`: a smoke reproduction end to end, resume, and a failure that names the notebook and the cell."
import json, subprocess, sys, time
from pathlib import Path
import nbformat
from conftest import ROOT, BIN


def run(args, env, cwd=ROOT, timeout=2700):  # the smoke run of all 8 notebooks (their tests included) takes about 25 min on 2 cores
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def test_smoke_reproduction_and_resume(env, tmp_path):
    out = tmp_path / "run"
    r = run([str(BIN / "tumorq"), "reproduce", "--profile", "smoke", "--out", str(out)], env)
    assert r.returncode == 0, (r.stdout + r.stderr)[-5000:]
    m = json.loads((out / "results" / "metrics.json").read_text())
    assert {"fp32_keras", "fp32_tflite", "fp16", "int8_dynamic", "int8_full", "qat_int8"} <= set(m["variants"])
    assert m["variants"]["qat_int8"]["pipeline"] == "qat"
    kd = {"kd_teacher", "kd_student_base", "kd_student", "kd_student_int8", "kd_student_int16x8"}   # 06_distillation
    assert kd <= set(m["variants"]) and {m["variants"][n]["pipeline"] for n in kd} == {"kd"}
    for v in m["variants"].values():
        assert {"val_accuracy", "val_macro_f1", "size_bytes", "n_val", "n_test", "per_class"} <= set(v)
    meta = m["meta"]
    assert meta["profile"] == "smoke" and meta["versions"]["tensorflow"].startswith("2.21")
    nbs = sorted(p.stem for p in (ROOT / "nbs").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(meta["notebooks"]) == nbs and all(meta["notebooks"][n]["wall_s"] > 0 for n in nbs)
    for t in ("table1_fp32_val", "table2_fp16_val", "table3_size_accuracy", "comparison"):
        assert (out / "results" / f"{t}.md").exists() and (out / "results" / f"{t}.csv").exists()
    assert (out / "results" / "figures" / "fig1_confusion_fp16_val.png").exists()
    assert {p.name for p in (out / "results" / "models").iterdir()} == {"fp16.tflite", "int8_full.tflite", "qat_int8.tflite", "kd_student_int8.tflite"}
    assert "stage 2 epoch 1/1: accuracy" in r.stdout, r.stdout[-3000:]          # training progress reaches the terminal
    assert "cuInit" not in r.stdout + r.stderr and (out / "notebooks" / "kernel-stderr.log").exists()  # kernel noise goes to the log
    assert (out / "results" / "notebooks" / "03_train.ipynb").exists()
    card = (out / "results" / "MODEL_CARD.md").read_text()   # rewritten once the driver has stamped the run's end
    assert meta["finished"] and f"finished {meta['finished']}" in card and "finished None" not in card
    assert all((out / "notebooks" / f"{n}.ipynb").exists() for n in nbs)
    t0 = time.time()
    r = run([str(BIN / "tumorq"), "reproduce", "--profile", "smoke", "--out", str(out)], env)
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.count("skipped") == len(nbs), r.stdout
    assert time.time() - t0 < 120
    assert len(json.loads((out / "run.json").read_text())["invocations"]) == 2


def _nb(path: Path, *sources: str, params: str = "run_dir = None\ndata_dir = None\nprofile = None\n"):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "python3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]})] + [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, path)


def test_failure_names_notebook_and_cell_then_resumes(env, tmp_path):
    (tmp_path / "settings.ini").write_text("[DEFAULT]\n")
    (tmp_path / "configs").mkdir(); (tmp_path / "configs" / "t.yaml").write_text("{}\n")
    nbs = tmp_path / "nbs"; nbs.mkdir()
    flag = tmp_path / "fixed"
    _nb(nbs / "00_first.ipynb", "x = 1")
    _nb(nbs / "01_second.ipynb", "import os", f"assert os.path.exists({str(flag)!r}), 'deliberate failure'")
    r = run([sys.executable, "-m", "tumorq", "reproduce", "--profile", "t", "--out", str(tmp_path / "run")], env, cwd=tmp_path)
    assert r.returncode == 1
    assert "01_second.ipynb failed in cell" in r.stderr and "assert os.path.exists" in r.stderr and "deliberate failure" in r.stderr, r.stderr
    state = json.loads((tmp_path / "run" / "run.json").read_text())
    assert state["notebooks"]["00_first"]["status"] == "done" and state["notebooks"]["01_second"]["status"] == "failed"
    flag.touch()
    r = run([sys.executable, "-m", "tumorq", "reproduce", "--profile", "t", "--out", str(tmp_path / "run")], env, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "00_first.ipynb: done in an earlier session" in r.stdout
