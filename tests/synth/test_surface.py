"""The surface-inspection generator: reproducible to the byte, and every documented effect is
really in the data (datasets/defect_detection.md)."""

import hashlib

import numpy as np
import pytest

from dxquest.synth.surface import make_surface_inspection
from dxquest.synth.surface_tables import DEFECT_KINDS, read_surface_data, write_surface_data


def _digest(directory):
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def draw():
    return make_surface_inspection(n_parts=3000, image_size=64, seed=3, return_truth=True)


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    small = {"n_parts": 120, "image_size": 64}
    write_surface_data(make_surface_inspection(seed=5, **small), tmp_path / "a")
    write_surface_data(make_surface_inspection(seed=5, **small), tmp_path / "b")
    write_surface_data(make_surface_inspection(seed=6, **small), tmp_path / "c")
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert "samples/defect_scratch.png" in _digest(tmp_path / "a")
    assert _digest(tmp_path / "a")["images.npz"] != _digest(tmp_path / "c")["images.npz"]


def test_round_trip_keeps_the_public_view_and_drops_the_truth(tmp_path):
    data = make_surface_inspection(n_parts=120, image_size=64, seed=1, return_truth=True)
    write_surface_data(data, tmp_path)
    back = read_surface_data(tmp_path)
    assert np.array_equal(back.images, data.images) and np.array_equal(back.masks, data.masks)
    assert back.parts["label"].tolist() == data.parts["label"].tolist()
    assert back.truth is None
    assert "defect_kind" in back.parts and back.parts["defect_kind"].isna().sum() > 0


def test_defect_rate_is_a_few_percent_and_higher_on_line_2(draw):
    labels = draw.parts["label"]
    assert 0.03 < labels.mean() < 0.05  # documented 4 %; binomial sd at n=3000 is 0.36 pt
    by_line = draw.parts.groupby("line")["label"].mean()
    assert by_line["L2"] > 1.2 * by_line["L1"]


def test_every_defect_has_a_mask_and_good_parts_have_none(draw):
    defective = draw.parts["label"].to_numpy() == 1
    assert draw.masks[defective].any(axis=(1, 2)).all()
    assert not draw.masks[~defective].any()
    assert set(draw.parts.loc[defective, "defect_kind"]) == set(DEFECT_KINDS)


def test_defects_stand_above_the_camera_noise(draw):
    """A matched filter that knew the surface would see every kind well above the camera noise;
    stains are the faintest at their peak (they are large instead)."""
    kinds = draw.parts["defect_kind"].fillna("").to_numpy()
    snr = {k: np.median(draw.truth.visibility[kinds == k]) for k in DEFECT_KINDS}
    assert min(snr.values()) > 3
    peak = np.abs(draw.truth.signal).max(axis=(1, 2)) / draw.truth.sensor_sd
    contrast = {k: np.median(peak[kinds == k]) for k in DEFECT_KINDS}
    assert contrast["stain"] == min(contrast.values())
    assert 1 < contrast["stain"] < contrast["scratch"] / 1.5


def test_the_difficulty_knob_scales_the_contrast():
    weak = make_surface_inspection(
        n_parts=400, image_size=64, seed=2, contrast_to_noise=2.0, return_truth=True
    )
    strong = make_surface_inspection(
        n_parts=400, image_size=64, seed=2, contrast_to_noise=4.0, return_truth=True
    )
    defective = weak.truth.visibility > 0
    ratio = strong.truth.visibility[defective] / weak.truth.visibility[defective]
    assert np.allclose(ratio, 2.0)


def test_inspectors_miss_faint_defects_and_more_at_night(draw):
    log = draw.inspection_log.merge(draw.parts, on="part_id")
    defective = log[log["label"] == 1]
    missed = defective["decision"] == "OK"
    by_kind = missed.groupby(defective["defect_kind"]).mean()
    assert by_kind["stain"] > by_kind["scratch"] + 0.3
    assert 0.15 < missed.mean() < 0.45
    by_shift = missed.groupby(defective["shift"]).mean()
    assert by_shift["night"] > by_shift["day"]
    good = log[log["label"] == 0]
    assert 0.01 < (good["decision"] == "NG").mean() < 0.04
    assert (
        log.loc[log["decision"] == "NG", "seconds"].mean()
        > log.loc[log["decision"] == "OK", "seconds"].mean()
    )


def test_textures_differ_by_product(draw):
    """Brushed grain runs along rows: 4 px apart along a row the surface is nearly the same,
    across rows it is unrelated; knurling repeats every 8 px."""
    products = draw.parts["product"].to_numpy()
    brushed = draw.truth.texture[products == "BR"]
    along = np.corrcoef(brushed[:, :, :-4].ravel(), brushed[:, :, 4:].ravel())[0, 1]
    across = np.corrcoef(brushed[:, :-4, :].ravel(), brushed[:, 4:, :].ravel())[0, 1]
    assert along > 0.9 and abs(across) < 0.1
    knurled = draw.truth.texture[products == "KN"]
    period = np.corrcoef(knurled[:, :, :-8].ravel(), knurled[:, :, 8:].ravel())[0, 1]
    half = np.corrcoef(knurled[:, :, :-4].ravel(), knurled[:, :, 4:].ravel())[0, 1]
    assert period - half > 0.5
