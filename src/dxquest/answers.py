"""How a learner's answer is read, compared with the reference's, and confirmed without showing it.

Every graded question has a *kind* that does three jobs, in three places:

* ``read(output, args)`` — in the learner's kernel: turn what the learner's function returned into
  plain JSON values (checking its type and shape, and properties that need no answer, such as "no
  duplicate rows left"), raising :class:`Incorrect` with a message for the learner;
* ``mismatch(mine, expected)`` — in the grader, outside the sandbox: the exact comparison with the
  reference's output on the same inputs, under the question's tolerance;
* ``digest(expected, salt)`` / ``confirms(mine, digest, salt)`` — the learner's self-check: the
  grader stores, when it builds the learner's data, salted hashes of the tolerance bins around
  each expected value, and the kernel confirms that the learner's value falls in one of them.

A digest confirms a right answer without displaying it. It cannot keep a determined learner from
recovering the public answer by trying every bin, and it need not: the public answers earn no
points by themselves, because each test's points also need the hidden check, which the grader
judges on data the learner has never seen.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dxquest.i18n import Msg


class Incorrect(AssertionError):
    """A check failed; the message is written for the learner."""

    def __init__(self, message: Msg):
        super().__init__(str(message))
        self.message = message

    def _render_traceback_(self) -> list[str]:
        """In a notebook: the message alone, not a traceback into the kit (the cell still ends in
        this error, which Validate and the grader count)."""
        return [str(self.message)]


def expect(condition: bool, message: Msg) -> None:
    """Raise :class:`Incorrect` with ``message`` unless ``condition`` holds."""
    if not condition:
        raise Incorrect(message)


def _hash(salt: str, *parts: object) -> str:
    text = "|".join(str(p) for p in (salt, *parts))
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _log_index(value: float, width: float) -> int:
    return math.floor(math.log(abs(value)) / math.log1p(width))


def _log_bin(value: float, width: float) -> str:
    """The bin of ``value`` on a log scale of relative width ``width``: a bin says nothing about the
    value's size until someone tries bins one by one."""
    if value == 0 or math.isinf(value):
        return str(value)
    return f"{'+' if value > 0 else '-'}{_log_index(value, width)}"


SEARCHED_BINS = 100_000
"""How many bins either way the self-check searches for the answer (a fraction of a second): ten
times the figure for a tolerance of 1e-4, a few per cent for 1e-6."""
TOO_LOW = Msg(
    "{what} が小さすぎます（あなたの値: {yours}、許容差 {within}）。",
    "{what}: too low (yours: {yours}; tolerance {within}).",
)
TOO_HIGH = Msg(
    "{what} が大きすぎます（あなたの値: {yours}、許容差 {within}）。",
    "{what}: too high (yours: {yours}; tolerance {within}).",
)
FAR_OFF = Msg(
    "{what} が10倍以上ずれているか、符号が逆です（あなたの値: {yours}）。"
    "単位（円と千円、分と時間など）と符号を確かめてください。",
    "{what}: off by more than ten times, or of the wrong sign (yours: {yours}). Check the unit "
    "(yen or thousand yen, minutes or hours) and the sign.",
)


@functools.lru_cache(maxsize=256)
def _answer_side(salt: str, digest: frozenset, sign: str, here: int, steps: int) -> int | None:
    """+1 when the digest's bins lie above bin ``here`` (in size), -1 below, None when not within
    ``steps``. Kept: a question's self-check and its test cell search for the same figure."""
    for step in range(1, steps + 1):
        if _hash(salt, "n", f"{sign}{here + step}") in digest:
            return 1
        if _hash(salt, "n", f"{sign}{here - step}") in digest:
            return -1
    return None


def _about(what: Msg, message: Msg, **values: str) -> Msg:
    """``message`` about the figure ``what``, each language naming it in its own words."""
    return Msg(message.ja.format(what=what.ja, **values), message.en.format(what=what.en, **values))


def _shown(value: float) -> str:
    """A figure as a notebook prints it: whole amounts with separators, small ones to 4 digits."""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def _as_number(value: Any, what: Msg) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise Incorrect(
            Msg(
                f"{what.ja} は数値で返してください（今は {type(value).__name__}）。",
                f"Return {what.en} as a number (got {type(value).__name__}).",
            )
        ) from None
    expect(
        math.isfinite(number),
        Msg(f"{what.ja} が有限の数ではありません。", f"{what.en} is not a finite number."),
    )
    return number


NEVER = Msg(
    "効果が運用費を下回るときは回収できません（float('inf') を返す）。",
    "When the benefit does not exceed the running cost, it never pays back (return float('inf')).",
)


@dataclass(frozen=True)
class Number:
    """One number, right within ``rel`` of the reference's (relative tolerance); with ``never``,
    ``float("inf")`` is an answer too (a payback that never comes)."""

    what: Msg
    rel: float
    never: bool = False

    # Bins a quarter of the tolerance wide: the self-check accepts at most 1.25 × the tolerance.
    @property
    def _width(self) -> float:
        return self.rel / 4

    def read(self, output: Any, args: tuple) -> float:
        if self.never:
            try:
                if math.isinf(float(output)) and float(output) > 0:
                    return math.inf
            except (TypeError, ValueError):
                pass
        return _as_number(output, self.what)

    def mismatch(self, mine: Any, expected: float) -> Msg | None:
        if not isinstance(mine, int | float) or math.isnan(mine):
            return Msg(f"{self.what.ja} が数値ではありません。", f"{self.what.en} is not a number.")
        if math.isinf(expected) or math.isinf(mine):
            return None if mine == expected else NEVER
        if math.isclose(mine, expected, rel_tol=self.rel, abs_tol=1e-12):
            return None
        return self._differs(mine)

    @property
    def tolerance(self) -> float:
        return self.rel

    def distance(self, mine: Any, expected: float) -> float | None:
        """How far ``mine`` is from the answer, in the tolerance's unit (relative)."""
        if not isinstance(mine, int | float) or math.isinf(expected) or math.isinf(mine):
            return None
        return abs(mine - expected) / abs(expected) if expected else abs(mine)

    def _differs(self, mine: float) -> Msg:
        return Msg(
            f"{self.what.ja} が期待値と一致しません（あなたの値: {_shown(mine)}）。",
            f"{self.what.en}: not the expected value (yours: {_shown(mine)}).",
        )

    def _off(self, mine: float, digest: list[str], salt: str) -> Msg:
        """Which way a figure the self-check rejects is off. It looks for the answer's bins within
        ten times the figure either way, the search anyone can run on the digest (README, threat
        model): the public answer is no secret, the hidden check decides the grade. Further away,
        or of the other sign, the unit or the sign is the likely mistake."""
        said = {"yours": _shown(mine), "within": f"±{self.rel * 100:g} %"}
        tenfold = math.ceil(math.log(10) / math.log1p(self._width))
        if mine != 0:
            sign, here = ("+" if mine > 0 else "-"), _log_index(mine, self._width)
            side = _answer_side(salt, frozenset(digest), sign, here, min(tenfold, SEARCHED_BINS))
            if side is not None:  # a bigger size is a higher number, for a negative one lower
                answer_higher = side > 0 if mine > 0 else side < 0
                return _about(self.what, TOO_LOW if answer_higher else TOO_HIGH, **said)
        if tenfold > SEARCHED_BINS:  # a tolerance this fine: only the nearer figures were searched
            return self._differs(mine)
        return _about(self.what, FAR_OFF, **said)

    def digest(self, expected: float, salt: str) -> list[str]:
        if expected == 0 or math.isinf(expected):
            return [_hash(salt, "n", _log_bin(expected, self._width))]
        sign = "+" if expected > 0 else "-"
        ends = [_log_index(abs(expected) * (1 + side * self.rel), self._width) for side in (-1, 1)]
        # Every bin the tolerance interval touches.
        return sorted(_hash(salt, "n", f"{sign}{i}") for i in range(ends[0], ends[1] + 1))

    def confirms(self, mine: float, digest: list[str], salt: str) -> Msg | None:
        if _hash(salt, "n", _log_bin(mine, self._width)) in digest:
            return None
        if math.isinf(mine) or _hash(salt, "n", _log_bin(math.inf, self._width)) in digest:
            return NEVER
        return self._off(mine, digest, salt)


@dataclass(frozen=True)
class Figures:
    """Several named numbers returned as one dict (e.g. accuracy measures), each a :class:`Number`
    with its own name and tolerance."""

    numbers: dict[str, Number]

    def labels(self) -> dict[str, str]:
        """Each key's name in the current language, for a table the learner reads."""
        return {key: number.what.render() for key, number in self.numbers.items()}

    def read(self, output: Any, args: tuple) -> dict[str, float]:
        keys = list(self.numbers)
        expect(
            isinstance(output, dict) and set(keys) <= set(output),
            Msg(
                f"キー {keys} をもつ dict を返してください。",
                f"Return a dict with the keys {keys}.",
            ),
        )
        return {key: number.read(output[key], args) for key, number in self.numbers.items()}

    def mismatch(self, mine: Any, expected: dict) -> Msg | None:
        if not isinstance(mine, dict) or set(mine) != set(self.numbers):
            return Msg("dict が読めません。", "The dict could not be read.")
        return next(
            (m for key, n in self.numbers.items() if (m := n.mismatch(mine[key], expected[key]))),
            None,
        )

    def digest(self, expected: dict, salt: str) -> dict:
        return {key: n.digest(expected[key], salt) for key, n in self.numbers.items()}

    def confirms(self, mine: dict, digest: dict, salt: str) -> Msg | None:
        return next(
            (
                m
                for key, n in self.numbers.items()
                if (m := n.confirms(mine[key], digest[key], salt))
            ),
            None,
        )


@dataclass(frozen=True)
class Values:
    """One number per row (an array), each within ``atol`` of the reference's."""

    what: Msg
    atol: float
    rows: Callable[[tuple], int] | None = None  # how many rows the inputs call for, if fixed
    sampled: int = 64  # rows the self-check confirms (their bins are stored)

    def read(self, output: Any, args: tuple) -> list[float]:
        try:
            values = np.asarray(output, dtype=float).reshape(-1)
        except (TypeError, ValueError):
            raise Incorrect(
                Msg(
                    f"{self.what.ja} は数値の配列で返してください。",
                    f"Return {self.what.en} as an array of numbers.",
                )
            ) from None
        if self.rows is not None:
            expected_rows = self.rows(args)
            expect(
                values.shape == (expected_rows,),
                Msg(
                    f"{self.what.ja} は {expected_rows} 行分を返してください"
                    f"（今は {values.size}）。",
                    f"Return {self.what.en} for {expected_rows} rows (got {values.size}).",
                ),
            )
        expect(
            bool(np.isfinite(values).all()),
            Msg(
                f"{self.what.ja} に NaN や無限大が含まれています。",
                f"{self.what.en} contains NaN or infinite values.",
            ),
        )
        return values.tolist()

    def mismatch(self, mine: Any, expected: Sequence[float]) -> Msg | None:
        try:
            mine_values = np.asarray(mine, dtype=float)
        except (TypeError, ValueError):
            mine_values = np.array([])
        if mine_values.shape != np.shape(expected):
            return Msg(
                f"{self.what.ja} の行数が違います。",
                f"{self.what.en} has the wrong number of rows.",
            )
        differing = float(np.mean(~np.isclose(mine_values, expected, rtol=0, atol=self.atol)))
        if differing == 0:
            return None
        return self._differs(differing)

    @property
    def tolerance(self) -> float:
        return self.atol

    def distance(self, mine: Any, expected: Sequence[float]) -> float | None:
        """The largest difference of a row, in the tolerance's unit (absolute)."""
        try:
            mine_values = np.asarray(mine, dtype=float)
        except (TypeError, ValueError):
            return None
        if mine_values.shape != np.shape(expected) or not mine_values.size:
            return None
        return float(np.max(np.abs(mine_values - np.asarray(expected, dtype=float))))

    def _differs(self, share: float) -> Msg:
        return Msg(
            f"{self.what.ja} が {share:.0%} の行で期待値と一致しません。",
            f"{self.what.en}: {share:.0%} of the rows differ from the expected values.",
        )

    def _sample(self, n: int) -> list[int]:
        return sorted({int(i) for i in np.linspace(0, n - 1, min(n, self.sampled))}) if n else []

    def _bin(self, value: float) -> int:
        return math.floor(value / (self.atol / 2))

    def digest(self, expected: Sequence[float], salt: str) -> dict:
        rows = {}
        for i in self._sample(len(expected)):
            low, high = self._bin(expected[i] - self.atol), self._bin(expected[i] + self.atol)
            rows[str(i)] = sorted(_hash(salt, "v", i, b) for b in range(low, high + 1))
        return {"n": len(expected), "rows": rows}

    def confirms(self, mine: Sequence[float], digest: dict, salt: str) -> Msg | None:
        if len(mine) != digest["n"]:
            return Msg(
                f"{self.what.ja} の行数が違います（あなた: {len(mine)}）。",
                f"{self.what.en} has the wrong number of rows (yours: {len(mine)}).",
            )
        wrong = [
            i
            for i, allowed in digest["rows"].items()
            if _hash(salt, "v", i, self._bin(mine[int(i)])) not in allowed
        ]
        return self._differs(len(wrong) / len(digest["rows"])) if wrong else None


def _content_digest(frame: pd.DataFrame) -> str:
    """A digest of the table's rows, whatever their order and however the same values are typed:
    dates as days, numbers as floats rounded to six decimals, the rest as text. Vectorised: an
    export of a few hundred thousand rows is hashed in well under a second."""
    out = pd.DataFrame(index=frame.index)
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_datetime64_any_dtype(column):
            out[name] = column.dt.normalize().astype("int64") // 86_400_000_000_000
        elif pd.api.types.is_bool_dtype(column) or pd.api.types.is_numeric_dtype(column):
            out[name] = column.astype(float).round(6)
        else:
            out[name] = column.astype(str)
    rows = out.sort_values(list(out.columns)).reset_index(drop=True)
    hashed = pd.util.hash_pandas_object(rows, index=False).to_numpy()
    return hashlib.sha256(hashed.tobytes()).hexdigest()


@dataclass(frozen=True)
class Table:
    """A table whose rows must be exactly the reference's on ``columns`` (in any order);
    ``properties(frame, args)`` checks what needs no answer, with messages that say what is
    wrong (duplicates left, unknown codes left)."""

    what: Msg
    columns: tuple[str, ...]
    properties: Callable[[pd.DataFrame, tuple], None] | None = None

    def read(self, output: Any, args: tuple) -> dict:
        expect(
            isinstance(output, pd.DataFrame),
            Msg("DataFrame を返してください。", "Return a DataFrame."),
        )
        missing = [c for c in self.columns if c not in output.columns]
        expect(
            not missing,
            Msg(f"列が足りません: {missing}", f"Columns are missing: {missing}"),
        )
        if self.properties is not None:
            self.properties(output, args)
        return {"rows": len(output), "content": _content_digest(output[list(self.columns)])}

    def mismatch(self, mine: Any, expected: dict) -> Msg | None:
        if not isinstance(mine, dict):
            return Msg("表が読めません。", "The table could not be read.")
        if mine.get("rows") != expected["rows"]:
            return self._wrong_rows(mine.get("rows"))
        if mine.get("content") != expected["content"]:
            return self._wrong_content()
        return None

    def digest(self, expected: dict, salt: str) -> dict:
        return {"rows": _hash(salt, "r", expected["rows"]), "content": expected["content"]}

    def confirms(self, mine: dict, digest: dict, salt: str) -> Msg | None:
        if _hash(salt, "r", mine["rows"]) != digest["rows"]:
            return self._wrong_rows(mine["rows"])
        if mine["content"] != digest["content"]:
            return self._wrong_content()
        return None

    @staticmethod
    def _wrong_rows(rows: Any) -> Msg:
        return Msg(
            f"行数が違います（あなた: {rows:,}）。消しすぎ・残しすぎがないか確認しましょう。",
            f"Wrong number of rows (yours: {rows:,}). Did you drop too many or too few?",
        )

    def _wrong_content(self) -> Msg:
        return Msg(
            f"行数は合っていますが、{self.what.ja} の中身（{', '.join(self.columns)}）が違います。",
            f"The number of rows is right, but the contents of {self.what.en} "
            f"({', '.join(self.columns)}) differ.",
        )


@dataclass(frozen=True)
class Predictions:
    """A model's predictions, one per row of each task; graded by the grader's skill on the hidden
    holdout (never compared with a reference's predictions). ``public(predictions, material)``
    is the self-check on the learner's own data, from material the grader stored that holds no
    answer (e.g. the actual values of the learner's last week and the baseline's error there)."""

    what: Msg
    rows: Callable[[tuple], int]
    public: Callable[[list[float], dict], Msg | None]
    nonnegative: bool = True
    # The predictions in what the learner's function returns, its form checked with messages for
    # the learner (a detector's scores, of the scores and heatmaps it returns); by default the
    # output itself.
    extract: Callable[[Any, tuple], Any] | None = None

    def read(self, output: Any, args: tuple) -> list[float]:
        return self.checked(output if self.extract is None else self.extract(output, args), args)

    def checked(self, predictions: Any, args: tuple) -> list[float]:
        """The predictions as numbers, checked for their form: in the kernel after :meth:`read`
        took them from the learner's output, and again in the grader, which trusts nothing a
        kernel hands over."""
        values = Values(self.what, 0.0, self.rows).read(predictions, args)
        expect(
            not self.nonnegative or min(values, default=0.0) >= 0,
            Msg(
                f"{self.what.ja} に負の値が含まれています。",
                f"{self.what.en} contains negative values.",
            ),
        )
        return values

    def confirms(self, mine: list[list[float]], material: dict, salt: str) -> Msg | None:
        return self.public([v for task in mine for v in task], material)


@dataclass(frozen=True)
class Ranges:
    """Named figures a learner *decides* (a cost defined from a story's facts), each right anywhere
    in the range the defensible definitions give on the same inputs, widened by ``slack`` for
    rounding. The ranges are the grader's (a case's ``marks.WithinRanges``); the self-check
    confirms a figure by salted log bins covering its range, so it never shows the range."""

    labels: dict[str, Msg]  # each figure's key and what it is, for the messages
    slack: float = 0.005
    # What to look at again when a figure is outside its range, in the story's own terms.
    advice: Msg = Msg(
        "何のお金が、なぜ出ていくのか、同じお金を二重に数えていないか、数え落としていないかを"
        "見直しましょう。",
        "Check which money goes out and why, and that nothing is counted twice or left out.",
    )

    def read(self, output: Any, args: tuple) -> dict[str, float]:
        keys = list(self.labels)
        expect(
            isinstance(output, dict) and set(keys) <= set(output),
            Msg(
                f"キー {keys} をもつ dict を返してください。",
                f"Return a dict with the keys {keys}.",
            ),
        )
        return {key: _as_number(output[key], label) for key, label in self.labels.items()}

    def _bins(self, low: float, high: float) -> range:
        width = math.log1p(self.slack)
        low, high = max(low * (1 - self.slack), 1e-12), high * (1 + self.slack)
        return range(math.floor(math.log(low) / width), math.floor(math.log(high) / width) + 1)

    def digest(self, ranges: dict[str, tuple[float, float]], salt: str) -> dict[str, list[str]]:
        return {
            key: sorted(_hash(salt, "r", key, i) for i in self._bins(*ranges[key]))
            for key in self.labels
        }

    def outside(self, key: str, value: float) -> Msg:
        label = self.labels[key]
        return Msg(
            f"{label.ja}（あなたの値: {_shown(value)}）は、ストーリーの事実から説明のつく範囲に"
            f"入っていません。{self.advice.ja}",
            f"{label.en} (yours: {_shown(value)}) is outside what the story's facts can justify. "
            f"{self.advice.en}",
        )

    def inside(self, value: float, low: float, high: float) -> bool:
        """``value`` in ``[low, high]`` widened by the slack (the grader's exact judgement)."""
        return low * (1 - self.slack) <= value <= high * (1 + self.slack)

    def confirms(self, mine: dict, digest: dict, salt: str) -> Msg | None:
        width = math.log1p(self.slack)
        for key in self.labels:
            value = mine[key]
            bin_ = math.floor(math.log(value) / width) if value > 0 else None
            if bin_ is None or _hash(salt, "r", key, bin_) not in set(digest[key]):
                return self.outside(key, value)
        return None


Kind = Number | Figures | Values | Table | Predictions | Ranges
