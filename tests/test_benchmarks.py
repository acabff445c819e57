"benchmarks/seed_errors.py on two hand-made runs: the ensemble, the shared errors, runs of file numbers and the refusal of unlike runs."
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
                                        "longest run of file numbers": "1",
                                        "val images of class and family": 1, "training images of class and family": 0}]

def test_longest_run_of_file_numbers():
    assert (se.file_number("a/m (49).jpg"), se.file_number("image(5).jpg"), se.file_number("1.jpg")) == (49, 5, None)
    names = ["m (49).jpg", "m (51).jpg", "m (50).jpg", "m (3).jpg", "m (55).jpg", "m (54).jpg", "m (53).jpg", "m (52).jpg", "m (52).jpg"]
    assert se.longest_run(names) == "7 (49-55)"           # order and repeats do not matter
    assert se.longest_run(["m (1).jpg", "m (3).jpg", "m (4).jpg"]) == "2 (3-4)"
    assert (se.longest_run(["m (1).jpg", "m (3).jpg"]), se.longest_run(["1.jpg"])) == ("1", "n/a")

def test_seed_errors_refuses_runs_of_another_split(tmp_path):
    a = fake_run(tmp_path, "a", 1, [[1, 0, 0, 0]] * 4)
    b = fake_run(tmp_path, "b", 2, [[1, 0, 0, 0]] * 4)
    d = pd.read_csv(b / "variants" / "fp32_keras" / "predictions.csv"); d.loc[0, "path"] = "gg (7).jpg"
    d.to_csv(b / "variants" / "fp32_keras" / "predictions.csv", index=False)
    with pytest.raises(SystemExit, match="differ from"): se.seed_rows([a, b], "fp32_keras")
    with pytest.raises(SystemExit, match="no stored predictions"): se.seed_rows([a, tmp_path / "nope"], "fp32_keras")

spec_ss = importlib.util.spec_from_file_location("source_stats", ROOT / "benchmarks" / "source_stats.py")
ss = importlib.util.module_from_spec(spec_ss); spec_ss.loader.exec_module(ss)

def test_source_stats(tmp_path):
    "Drawn heads: a small bright one (val, family m) and two larger dim ones (train, m2); the crop fills every frame"
    import cv2, numpy as np
    def head(name, side, level):
        im = np.zeros((200, 200, 3), np.uint8); o = (200 - side) // 2; im[o:o + side, o:o + side] = level
        cv2.imwrite(str(tmp_path / name), im); return str(tmp_path / name)
    df = pd.DataFrame({"path": [head("m (1).png", 60, 150), head("m2 (1).png", 120, 80), head("m2 (2).png", 120, 90)], "split": ["val", "train", "train"]})
    t = ss.source_table(df, img_size=64).set_index(["input", "split", "family"])
    assert list(t.index) == [("whole image", "train", "m2"), ("whole image", "val", "m"), ("head crop", "train", "m2"), ("head crop", "val", "m")]
    assert t.loc[("whole image", "train", "m2"), "images"] == 2 and abs(t.loc[("whole image", "train", "m2"), "head_mean"] - 85) < 1
    assert t.loc[("whole image", "val", "m"), "head_frac"] < 0.15 < 0.3 < t.loc[("whole image", "train", "m2"), "head_frac"]
    assert (t.xs("head crop", level="input").head_frac > 0.95).all()   # cropped, every head fills its frame
    assert abs(t.loc[("head crop", "val", "m"), "head_mean"] - 150) < 1  # and keeps its grey level

def test_family_accuracy(tmp_path):
    a = fake_run(tmp_path, "a", 1, [[.9, 0, 0, .1], [0, .2, 0, .8], [.0, .4, .6, 0], [0, 0, 0, 1]])   # meningiomas: m (1) wrong, m1(2) wrong
    b = fake_run(tmp_path, "b", 2, [[.9, 0, 0, .1], [0, .3, 0, .7], [0, .9, 0, .1], [0, 0, 0, 1]])    # m (1) wrong, m1(2) right
    acc = ss.family_accuracy([a, b], "fp32_keras", "meningioma")
    assert acc.to_dict() == {("val", "m"): 0.0, ("val", "m1"): 0.5}
    with pytest.raises(SystemExit, match="no stored predictions"): ss.family_accuracy([tmp_path / "nope"], "fp32_keras", "meningioma")
