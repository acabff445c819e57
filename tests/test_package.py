"The wheel: `python -m build` makes one whose `import tumorq` works outside the repository, and whose requirements are ranges."
import os, subprocess, sys, zipfile
from email.parser import Parser
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from conftest import ROOT, BIN

EDGE = {"ai-edge-litert", "numpy", "opencv-python-headless", "pydicom", "fastcore"}  # what `tumorq predict` imports


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    "The wheel built from this checkout, once for the tests of this file"
    out = tmp_path_factory.mktemp("dist")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    r = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
                       capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    return next(out.glob("tumorq-*.whl"))


def wheel_file(whl, name: str) -> str:
    z = zipfile.ZipFile(whl)
    return z.read(next(n for n in z.namelist() if n.endswith(f".dist-info/{name}"))).decode()


def test_wheel_imports_outside_repo(wheel, tmp_path, env):
    names = zipfile.ZipFile(wheel).namelist()
    assert {"tumorq/data.py", "tumorq/model.py", "tumorq/quantize.py", "tumorq/results.py", "tumorq/predict.py", "tumorq/__main__.py"} <= set(names), names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)], check=True, env=env)
    code = ("import tumorq, tumorq.data, tumorq.model, tumorq.quantize, tumorq.results, tumorq.predict, os; "
            "print(tumorq.__file__); assert os.environ['TF_USE_LEGACY_KERAS'] == '1'")
    r = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                       env={**env, "PYTHONPATH": str(target)}, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.strip().startswith(str(target)), r.stdout


def test_wheel_requires_ranges_not_pins(wheel):
    "Every requirement is a range with a lower and an upper bound; the core is the edge runtime; the tested pins are inside"
    meta = Parser().parsestr(wheel_file(wheel, "METADATA"))
    reqs = [Requirement(r) for r in meta.get_all("Requires-Dist")]
    for r in reqs:
        ops = {s.operator for s in r.specifier}
        assert not ops & {"==", "==="}, f"exact pin in the wheel: {r}"
        assert ">=" in ops and "<" in ops, f"{r}: give a lower bound and a major-version upper bound"
    core = {canonicalize_name(r.name) for r in reqs if r.marker is None}
    assert core == EDGE, core
    assert set(meta.get_all("Provides-Extra")) == {"edge", "full", "dev"}
    def extra(name): return {canonicalize_name(r.name) for r in reqs if r.marker and r.marker.evaluate({"extra": name})}
    assert extra("edge") == EDGE and {"tensorflow", "tf-keras", "pandas"} <= extra("full") <= extra("dev")
    assert "tumorq-predict = tumorq.predict:predict_cli" in wheel_file(wheel, "entry_points.txt")
    pins = dict(l.split("==") for l in (ROOT / ".ci/constraints.txt").read_text().split() if "==" in l)
    pins = {canonicalize_name(k): v for k, v in pins.items()}
    for r in reqs:  # the versions CI tests (.ci/constraints.txt) satisfy the declared ranges
        assert r.specifier.contains(pins[canonicalize_name(r.name)]), (str(r), pins[canonicalize_name(r.name)])
    ranges = {canonicalize_name(r.name): r.specifier for r in reqs}
    for name, other in (("numpy", "2.2.6"), ("pandas", "2.2.3"), ("numpy", "2.3.5"), ("pandas", "3.0.0")):
        assert other != pins[name] and ranges[name].contains(other), (name, other)  # e.g. Kaggle's versions are accepted
