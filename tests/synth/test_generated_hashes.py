"""Are the generated tables still the same numbers? Refactoring a generator (splitting it into
steps, sharing its writer) must not change one value: these digests were taken before the
generators were split, for the public seed and one other seed, truth included. The supermarket's
were taken again when its weather service began to issue forecasts of the next seven days: the
evening-before rain probability became the last of a day's issues, which changed the rain drawn
and, through it, demand and sales (temperatures and all other tables kept their values). They
were taken once more when the stores began the evening markdown (見切り): its draws come from a
new, last random stream, so every earlier value stayed the same except ``waste_qty``, which lost
exactly the new ``markdown_qty``; the truth gained the markdown's two columns.

Floats are digested by fingerprints, not bytes (:func:`_float_fingerprint`): with the same code,
the surface images' and the advance notices' truth digests failed on another machine (an AMD
processor without AVX-512; the same failure with NumPy 2.4.5, SciPy 1.17.0 or pandas 3.1.0 in
place of the installed ones). NumPy's exp and log take AVX-512 code where the processor has it
and the C library's elsewhere, and they differ in the last bits. Everything else (integers,
strings, dates, dtypes, shapes) is digested exactly."""

import dataclasses
import hashlib
import json

import numpy as np
import pandas as pd
import pytest

from dxquest.synth.parts_orders import make_advance_orders
from dxquest.synth.printing import make_print_jobs
from dxquest.synth.supermarket import make_supermarket_sales
from dxquest.synth.surface import make_surface_inspection
from dxquest.synth.surface_tables import write_surface_data
from dxquest.synth.tables import write_public_tables

OTHER_SEED = 20261129


def _float_fingerprint(values: np.ndarray) -> str:
    """Floats by sums of positive terms (absolute values, squares, absolute values with fixed
    positive weights) to 7 significant digits for single precision, 10 for double.

    NumPy's exp and log differ in the last bits between machines (the module docstring says
    why), so the floats' bytes are not the same on every machine. Last-bit differences of either
    sign move such sums by far less than those digits; a refactoring that changes the values
    (another formula, another order of draws) moves them by far more. Sums of signed values
    would not do: a zero-mean texture's sum is all cancellation."""
    values = np.asarray(values)
    flat = values.astype(np.float64).ravel()
    finite = np.where(np.isfinite(flat), np.abs(flat), 0.0)
    weights = np.random.default_rng(7).random(flat.size)
    digits = 7 if values.dtype.itemsize <= 4 else 10
    sums = (finite.sum(), (finite * finite).sum(), finite @ weights)
    special = (np.isnan(flat).sum(), np.isposinf(flat).sum(), np.isneginf(flat).sum())
    return ",".join([*(f"{s:.{digits}g}" for s in sums), *map(str, special)])


def _digest(value, h) -> None:
    if value is None:
        h.update(b"None")
    elif isinstance(value, pd.DataFrame):
        h.update(
            json.dumps([list(map(str, value.columns)), [str(t) for t in value.dtypes]]).encode()
        )
        floats = value.select_dtypes("floating")
        exact = value.drop(columns=floats.columns)
        h.update(pd.util.hash_pandas_object(exact, index=True).to_numpy().tobytes())
        for column in floats:
            h.update(_float_fingerprint(floats[column].to_numpy()).encode())
    elif isinstance(value, np.ndarray):
        h.update(f"{value.dtype}{value.shape}".encode())
        if np.issubdtype(value.dtype, np.floating):
            h.update(_float_fingerprint(value).encode())
        else:
            h.update(np.ascontiguousarray(value).tobytes())
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            h.update(f.name.encode())
            _digest(getattr(value, f.name), h)
    elif isinstance(value, dict):
        h.update(json.dumps(value, sort_keys=True, default=str).encode())
    else:
        h.update(repr(value).encode())


def sha256_of_draw(data) -> str:
    """Digest of every table, array, truth and parameter of a generated draw."""
    h = hashlib.sha256()
    _digest(data, h)
    return h.hexdigest()


@pytest.mark.parametrize(
    ("make", "arguments", "expected"),
    [
        (
            make_supermarket_sales,
            {"seed": 0},
            "88b960d6317060a451faaf4e29d3446a4f48e31eb3551bf6624de5e1468819c6",
        ),
        (
            make_supermarket_sales,
            {"seed": 0, "return_truth": True},
            "5e40253f381166f4495b60bab161475cd7af728a2c5c5896eb1d9dd6201d9fd8",
        ),
        (
            make_supermarket_sales,
            {"seed": OTHER_SEED, "return_truth": True},
            "05fa6103456e3b177d3a07172f46829a975ed0ef4c68ea323a1c4967624bfbbc",
        ),
        (
            make_print_jobs,
            {"seed": 0},
            "c7ca986f2d5e8ffa6732452b7541ebcd16b6fdabf17a49ef55c9b7e9c6d6bd90",
        ),
        (
            make_print_jobs,
            {"seed": 0, "return_truth": True},
            "d54415948e2839e7ce4ab8da3d4e54ec0f12d33d498697177c3f97f1e2887ffe",
        ),
        (
            make_print_jobs,
            {"seed": OTHER_SEED, "return_truth": True},
            "d22e6d0f7596e21b7124d81e265a76f9e536639e468a0316d982a3d7a92c7f26",
        ),
        (
            make_surface_inspection,
            {"seed": 0, "return_truth": True},
            "fde98e0af4a559a2ceb704873f7857f1cd516f4631ab53b8eb1ed1354519d2d6",
        ),
        (
            make_surface_inspection,
            {"seed": OTHER_SEED, "return_truth": True, "n_parts": 400},
            "0bce2721d851fab044ce48978ab27929b3ba6b378278cc99337c1b5aa0c4cf44",
        ),
        (
            make_advance_orders,
            {"seed": 0},
            "d981a06e311f93546b1a3b608bd5ca3afa70865be1c54a153af44bbf322eedb3",
        ),
        (
            make_advance_orders,
            {"seed": OTHER_SEED, "return_truth": True},
            "898f38e5b4355a210b44a8ad930e442f16459f745f445302bc5d41e41ec1c3d3",
        ),
    ],
    ids=lambda value: getattr(value, "__name__", None) if callable(value) else None,
)
def test_generated_tables_are_unchanged(make, arguments, expected):
    assert sha256_of_draw(make(**arguments)) == expected


@pytest.mark.parametrize(
    ("make", "arguments", "write", "expected"),
    [
        (
            make_supermarket_sales,
            {"return_truth": True},
            write_public_tables,
            "d50df681545da79ef563e910f2fa53a3551b03c292f2159d4657233a827db9f4",
        ),
        (
            make_print_jobs,
            {"return_truth": True},
            write_public_tables,
            "52826f684a34b62d53b6836f1b5ea1f782e9d0bd348d8d5beaddbbcc330eb496",
        ),
        (
            make_advance_orders,
            {"return_truth": True},
            write_public_tables,
            "5e592cd8da7f0af89403167d90adb87ea3335f6bb97edded366137142c3398a1",
        ),
        (
            make_surface_inspection,
            {"n_parts": 300},
            write_surface_data,
            "ae22bfcf527d5413343dd8073e9c551062cc8cd4f04775181bbab9ecfb8badfc",
        ),
    ],
    ids=lambda value: getattr(value, "__name__", None) if callable(value) else None,
)
def test_written_files_are_unchanged(make, arguments, write, expected, tmp_path):
    write(make(seed=0, **arguments), tmp_path)
    h = hashlib.sha256()
    for path in sorted(p for p in tmp_path.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(tmp_path)).encode())
        _digest_file(path, h)
    assert h.hexdigest() == expected


def _digest_file(path, h) -> None:
    """A table or an array archive by its values (floats by their fingerprint: their text or
    bytes carry the processor's last bits); any other file by its bytes."""
    if path.suffix == ".csv":
        _digest(pd.read_csv(path), h)
    elif path.suffix == ".npz":
        with np.load(path) as archive:
            for name in sorted(archive.files):
                h.update(name.encode())
                _digest(archive[name], h)
    else:
        h.update(path.read_bytes())


def test_the_digest_ignores_last_bit_noise_and_sees_changed_values():
    """What another processor's exp, log or FFT changes (a unit in the last place, either way,
    here on a third of the values) leaves the digest alone; the values of two parts swapped, or
    every value moved by a millionth, do not."""
    draw = make_surface_inspection(seed=0, n_parts=50, return_truth=True)
    texture = draw.truth.texture
    rng = np.random.default_rng(1)
    direction = rng.choice([-np.inf, np.inf], size=texture.shape).astype(texture.dtype)
    noisy = np.where(rng.random(texture.shape) < 1 / 3, np.nextafter(texture, direction), texture)
    assert noisy.dtype == texture.dtype and not np.array_equal(noisy, texture)
    swapped = texture[[1, 0, *range(2, len(texture))]]
    scaled = (texture * (1 + 1e-6)).astype(texture.dtype)

    def digest_with(values) -> str:
        return sha256_of_draw(dataclasses.replace(draw.truth, texture=values))

    assert digest_with(noisy) == digest_with(texture)
    assert digest_with(swapped) != digest_with(texture)
    assert digest_with(scaled) != digest_with(texture)
