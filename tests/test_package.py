"The wheel: `python -m build` makes one whose `import tumorq` works outside the repository."
import subprocess, sys, zipfile
from conftest import ROOT


def test_wheel_imports_outside_repo(tmp_path, env):
    r = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path / "dist"), str(ROOT)],
                       capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    whl = next((tmp_path / "dist").glob("tumorq-*.whl"))
    names = zipfile.ZipFile(whl).namelist()
    assert {"tumorq/data.py", "tumorq/model.py", "tumorq/quantize.py", "tumorq/results.py", "tumorq/__main__.py"} <= set(names), names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(whl)], check=True, env=env)
    code = ("import tumorq, tumorq.data, tumorq.model, tumorq.quantize, tumorq.results, os; "
            "print(tumorq.__file__); assert os.environ['TF_USE_LEGACY_KERAS'] == '1'")
    r = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                       env={**env, "PYTHONPATH": str(target)}, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.strip().startswith(str(target)), r.stdout
