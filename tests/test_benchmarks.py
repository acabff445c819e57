"benchmarks/seed_errors.py on two hand-made runs: the ensemble, the shared errors and the refusal of unlike runs."
import importlib.util, json
import pandas as pd
import pytest
from conftest import ROOT

spec = importlib.util.spec_from_file_location("seed_errors", ROOT / "benchmarks" / "seed_errors.py")
se = importlib.util.module_from_spec(spec); spec.loader.exec_module(se)

def fake_run(root, name, seed, probs):
    "A run folder with run.json, data/split.csv and fp32_keras predictions of 4 val images (true: 0, 1, 1, 3)"
    r = root / name; (r / "variants" / "fp32_keras").mkdir(parents=True); (r / "data").mkdir()
    (r / "run.json").write_text(json.dumps({"config": {"seed": seed}}))
    paths = ["gg (1).jpg", "m (1).jpg", "m1(2).jpg", "p (3).jpg"]; labels = [0, 1, 1, 3]
    pd.DataFrame({"path": paths + ["m1(9).jpg"], "label": labels + [1], "class_name": "x", "split": ["val"] * 4 + ["train"]}
                 ).to_csv(r / "data" / "split.csv", index=False)
    d = pd.DataFrame(probs, columns=se.PROBS).assign(split="val", path=paths, label=labels)
    d.assign(pred=d[se.PROBS].to_numpy().argmax(1)).to_csv(r / "variants" / "fp32_keras" / "predictions.csv", index=False)
    return r

def test_seed_errors(tmp_path):
    # run a: wrong on image 2 (m (1) called pituitary) and image 3; run b: wrong on image 2 only, confidently right on 3
    a = fake_run(tmp_path, "a", 1, [[.9, 0, 0, .1], [0, .2, 0, .8], [.0, .4, .6, 0], [0, 0, 0, 1]])
    b = fake_run(tmp_path, "b", 2, [[.9, 0, 0, .1], [0, .3, 0, .7], [0, .9, 0, .1], [0, 0, 0, 1]])
    rows, every = se.seed_rows([a, b], "fp32_keras")
    (row,) = rows
    assert (row["acc a"], row["acc b"], row["acc mean"]) == (0.5, 0.75, 0.625)
    assert row["acc ensemble"] == 0.75            # image 3: mean p_meningioma .65 beats p_no_tumor .3
    assert (row["wrong in every run"], row["wrong in some run"]) == (1, 2)
    split = se.load_split(a)
    errs = se.shared_errors(se.load_predictions(a, "fp32_keras"), every, "val", split[split.split == "train"])
    assert errs.to_dict("records") == [{"true": "meningioma", "predicted (first run)": "pituitary", "family": "m", "images": 1,
                                        "val images of class and family": 1, "training images of class and family": 0}]

def test_seed_errors_refuses_runs_of_another_split(tmp_path):
    a = fake_run(tmp_path, "a", 1, [[1, 0, 0, 0]] * 4)
    b = fake_run(tmp_path, "b", 2, [[1, 0, 0, 0]] * 4)
    d = pd.read_csv(b / "variants" / "fp32_keras" / "predictions.csv"); d.loc[0, "path"] = "gg (7).jpg"
    d.to_csv(b / "variants" / "fp32_keras" / "predictions.csv", index=False)
    with pytest.raises(SystemExit, match="differ from"): se.seed_rows([a, b], "fp32_keras")
    with pytest.raises(SystemExit, match="no stored predictions"): se.seed_rows([a, tmp_path / "nope"], "fp32_keras")
