"JupyterLab smoke test: the project's environment serves the notebooks (REST API on 127.0.0.1)."
import json, secrets, socket, subprocess, sys, time, urllib.request
from conftest import ROOT, BIN


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0)); return s.getsockname()[1]


def test_jupyter_lists_notebooks(env, tmp_path):
    port, token = free_port(), secrets.token_hex(16)
    cmd = [str(BIN / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={ROOT}", "--allow-root"]
    p = subprocess.Popen(cmd, env={**env, "JUPYTER_RUNTIME_DIR": str(tmp_path)}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/api/contents/nbs?token={token}"
        deadline, doc = time.time() + 90, None
        while time.time() < deadline and doc is None:
            try: doc = json.load(urllib.request.urlopen(url, timeout=5))
            except OSError: time.sleep(1)
        assert doc is not None, "jupyter lab did not answer within 90 s"
        names = {c["name"] for c in doc["content"]}
        assert {"00_data.ipynb", "03_train.ipynb", "07_results.ipynb"} <= names, names
        lab = urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token={token}", timeout=10)
        assert lab.status == 200
    finally:
        p.terminate()
        try: p.wait(20)
        except subprocess.TimeoutExpired: p.kill()
