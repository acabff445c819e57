"The `tumorq` console script and `python -m tumorq`, as a user calls them."
import json, subprocess, sys
from pathlib import Path
import pytest
from conftest import ROOT, BIN


def run(args, env, cwd=ROOT, **kw):
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, **kw)


def test_help_both_entry_points(env):
    for cmd in ([str(BIN / "tumorq"), "--help"], [sys.executable, "-m", "tumorq", "--help"]):
        r = run(cmd, env)
        assert r.returncode == 0, r.stderr
        assert "reproduce" in r.stdout and "data" in r.stdout


def test_one_script_per_command(env):
    "`tumorq-data` and `tumorq-reproduce` are the same @call_parse functions as `tumorq data` and `tumorq reproduce`"
    for script, opt in (("tumorq-data", "--max_per_class"), ("tumorq-reproduce", "--prepare_only"), ("tumorq-predict", "--img_size")):
        r = run([str(BIN / script), "--help"], env)
        assert r.returncode == 0 and opt in r.stdout, r.stdout + r.stderr
        r2 = run([str(BIN / "tumorq"), script.split("-")[1], "--help"], env)
        assert r2.returncode == 0 and opt in r2.stdout, r2.stdout + r2.stderr
    r = run([str(BIN / "tumorq"), "data", "--max_per_class", "0"], env)
    assert r.returncode == 2 and "between 1 and" in r.stderr, r.stderr


@pytest.mark.parametrize("profile", sorted(p.stem for p in (ROOT / "configs").glob("*.yaml")))
def test_prepare_only_every_profile(env, profile):
    from tumorq.driver import load_profile
    r = run([str(BIN / "tumorq"), "reproduce", "--profile", profile, "--prepare_only"], env)
    assert r.returncode == 0, r.stdout + r.stderr
    skip = [f"{n}.ipynb" for n in load_profile(profile, ROOT / "configs").get("skip") or []]  # e.g. tuned.yaml skips 06_distillation
    nbs = sorted(p.name for p in (ROOT / "nbs").glob("[0-9][0-9]_*.ipynb") if p.name not in skip)
    assert all(f"ok  {n}" in r.stdout for n in nbs), r.stdout
    assert not any(f"ok  {n}" in r.stdout for n in skip), r.stdout


def test_unknown_profile_is_a_clear_error(env):
    r = run([str(BIN / "tumorq"), "reproduce", "--profile", "nope", "--prepare_only"], env)
    assert r.returncode == 1
    assert "nope" in r.stderr and "available" in r.stderr


def test_profile_key_no_notebook_takes(env, tmp_path):
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "typo.yaml").write_text("stage1_epoks: 3\n")
    (tmp_path / "settings.ini").write_text("[DEFAULT]\n")
    (tmp_path / "nbs").symlink_to(ROOT / "nbs")
    r = run([sys.executable, "-m", "tumorq", "reproduce", "--profile", "typo", "--prepare_only"], env, cwd=tmp_path)
    assert r.returncode == 1 and "stage1_epoks" in r.stderr, r.stderr


def test_data_json(env, tmp_path):
    "`tumorq data --json` on the synthetic set (or the real data CI points at) prints the documented schema"
    r = run([str(BIN / "tumorq"), "data", "--json"], env)
    assert r.returncode == 0, r.stderr[-2000:]
    doc = json.loads(r.stdout)
    assert {"source", "splits", "skipped", "audit"} <= set(doc)
    assert set(doc["splits"]) == {"train", "val", "test"}
    assert set(doc["splits"]["train"]) == {"glioma", "meningioma", "no_tumor", "pituitary"}


def test_data_missing_folder_names_it(env, tmp_path):
    r = run([str(BIN / "tumorq"), "data", "--data", str(tmp_path / "nowhere")], env)
    assert r.returncode != 0
    assert "nowhere" in r.stderr


def test_data_into_a_closed_pipe_is_quiet(env, tmp_path):
    "`tumorq data | head -1`: the reader leaves before the report is written; no BrokenPipeError traceback, exit 0"
    syn = subprocess.run([sys.executable, "-c", "import sys; from tumorq.synthetic import make_synthetic; print(make_synthetic(sys.argv[1], n_train=3, n_test=1, size=32))",
                          str(tmp_path / "syn")], env=env, capture_output=True, text=True, check=True).stdout.strip()
    p = subprocess.Popen([str(BIN / "tumorq"), "data", "--data", syn, "--no-audit"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.close()                    # the reader is gone before anything is printed: every write gets EPIPE
    err = p.stderr.read().decode(); p.wait(timeout=600)
    assert p.returncode == 0, err
    assert "Traceback" not in err and "BrokenPipeError" not in err, err


def test_real_data_profile_refuses_synthetic_data(env, tmp_path):
    "`paper` and `preview` need the MRI dataset: without it they stop at once instead of training for hours on phantoms"
    (tmp_path / "settings.ini").write_text("[DEFAULT]\n")
    for d in ("nbs", "configs"): (tmp_path / d).symlink_to(ROOT / d)
    env = {k: v for k, v in env.items() if k != "TUMORQ_DATA"}
    r = run([sys.executable, "-m", "tumorq", "reproduce", "--profile", "preview", "--out", str(tmp_path / "run")], env, cwd=tmp_path)
    assert r.returncode == 1 and "needs the MRI dataset" in r.stderr, r.stdout + r.stderr
    assert not (tmp_path / "run").exists()
