"""Survey analysis: pure functions, no Django, so they are fast to test.

Scales. A scale question has ordered points, lowest first, valued with consecutive
integers (1–5 for a labelled Likert scale, 0–10 for the eleven-point scale), and may have
options that are not on the scale ("don't know"). Off-scale answers are reported as their
own counts but are kept out of n, out of the mean and out of the percentages of the scale
points; `answered` counts both. The top-2-box is the share of n on the two highest points.

Multiple choice. Each respondent may pick several options; an option's percentage is of
the respondents who answered the question, so the percentages may add up to more than 100.

Small-group protection is disclosure.py's: it decides which cells (segments, filtered
totals) of every view may be shown; `Suppressed` says why one is not.

Percentages are floats 0–100, unrounded; they are None when their base is 0. Every figure
keeps the numbers it was computed from, so a page can show the reasoning.
"""

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

LOWEST_MINIMUM = 3  # the smallest `minimum` anyone may configure


def _percentage(count: int, base: int) -> float | None:
    return 100 * count / base if base else None


def _check_count(count: int, what: str) -> None:
    if count < 0:
        raise ValueError(f"{what} must not be negative, not {count!r}")


@dataclass(frozen=True)
class Share:
    """`count` out of `base`."""

    count: int
    base: int

    def __post_init__(self) -> None:
        _check_count(self.count, "a count")
        if self.count > self.base:
            raise ValueError(f"a count ({self.count}) cannot exceed its base ({self.base})")

    @property
    def percentage(self) -> float | None:
        return _percentage(self.count, self.base)


@dataclass(frozen=True, kw_only=True)
class OptionShare(Share):
    """How many of `base` chose one answer option."""

    option: str


@dataclass(frozen=True)
class Scale:
    """Ordered answer options, lowest first, valued `first_value`, `first_value` + 1, …;
    `off_scale` options ("don't know") are answers that have no place on the scale."""

    points: tuple[str, ...]
    first_value: int = 1
    off_scale: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if len(self.points) < 2:
            raise ValueError("a scale needs at least two points")
        options = self.points + self.off_scale
        if len(set(options)) != len(options):
            raise ValueError("the options of a scale must be distinct")

    @classmethod
    def zero_to_ten(cls, *, off_scale: tuple[str, ...] = ()) -> "Scale":
        return cls(
            points=tuple(str(value) for value in range(11)), first_value=0, off_scale=off_scale
        )

    def value(self, option: str) -> int:
        return self.first_value + self.points.index(option)


@dataclass(frozen=True)
class ScaleSummary:
    """One scale question: the distribution, the mean and the top-2-box."""

    scale: Scale
    points: tuple[OptionShare, ...]  # lowest first, each of n
    off_scale: tuple[OptionShare, ...]  # each of `answered`
    value_sum: int  # the sum of the on-scale answers' values: the mean's numerator

    @property
    def n(self) -> int:
        return sum(point.count for point in self.points)

    @property
    def answered(self) -> int:
        return self.n + sum(option.count for option in self.off_scale)

    @property
    def mean(self) -> float | None:
        return self.value_sum / self.n if self.n else None

    @property
    def top_two_box(self) -> Share:
        return Share(self.points[-1].count + self.points[-2].count, self.n)

    @property
    def bottom_two_box(self) -> Share:
        return Share(self.points[0].count + self.points[1].count, self.n)


def scale_summary(*, scale: Scale, counts: Mapping[str, int]) -> ScaleSummary:
    """The summary of a scale question from the number of answers per option."""
    unknown = counts.keys() - set(scale.points) - set(scale.off_scale)
    if unknown:
        raise ValueError(f"options not on the scale: {sorted(unknown)!r}")
    for count in counts.values():
        _check_count(count, "a count")
    n = sum(counts.get(option, 0) for option in scale.points)
    answered = n + sum(counts.get(option, 0) for option in scale.off_scale)
    return ScaleSummary(
        scale=scale,
        points=tuple(OptionShare(counts.get(o, 0), n, option=o) for o in scale.points),
        off_scale=tuple(OptionShare(counts.get(o, 0), answered, option=o) for o in scale.off_scale),
        value_sum=sum(scale.value(o) * counts.get(o, 0) for o in scale.points),
    )


@dataclass(frozen=True)
class ChoiceSummary:
    """One multiple-choice question: each option's share of those who answered it."""

    n: int  # respondents who answered the question
    options: tuple[OptionShare, ...]

    def option(self, option: str) -> OptionShare:
        return next(share for share in self.options if share.option == option)


def choice_summary(
    *, options: Sequence[str], counts: Mapping[str, int], respondents: int
) -> ChoiceSummary:
    """The summary from the number of respondents who picked each option."""
    unknown = counts.keys() - set(options)
    if unknown:
        raise ValueError(f"unknown options: {sorted(unknown)!r}")
    _check_count(respondents, "the number of respondents")
    return ChoiceSummary(
        n=respondents,
        options=tuple(OptionShare(counts.get(o, 0), respondents, option=o) for o in options),
    )


def choice_summary_from_selections(
    *, options: Sequence[str], selections: Iterable[Collection[str] | None]
) -> ChoiceSummary:
    """The summary from each respondent's picks; an empty pick or None is no answer."""
    answers = [set(picked) for picked in selections if picked]
    counts = Counter(option for picked in answers for option in picked)
    return choice_summary(options=options, counts=counts, respondents=len(answers))


@dataclass(frozen=True)
class ComparedOption:
    """One option in two questions, each share of its own question's n."""

    option: str
    first: OptionShare
    second: OptionShare

    @property
    def difference(self) -> float | None:
        """Percentage points from the first question to the second."""
        if self.first.percentage is None or self.second.percentage is None:
            return None
        return self.second.percentage - self.first.percentage


@dataclass(frozen=True)
class ChoiceComparison:
    """Two questions over the same options, e.g. "goals set" against "goals worked on"."""

    first: ChoiceSummary
    second: ChoiceSummary
    options: tuple[ComparedOption, ...]  # in the first question's order


def compare_choices(first: ChoiceSummary, second: ChoiceSummary) -> ChoiceComparison:
    names = [share.option for share in first.options]
    if sorted(names) != sorted(share.option for share in second.options):
        raise ValueError("the two questions must have the same options")
    return ChoiceComparison(
        first=first,
        second=second,
        options=tuple(ComparedOption(o, first.option(o), second.option(o)) for o in names),
    )


class Suppressed(StrEnum):
    """Why a segment's figures are hidden."""

    TOO_FEW = "too_few"  # fewer respondents than the minimum
    COMPLEMENTARY = "complementary"  # else the total would give away a small segment


def check_minimum(minimum: int) -> None:
    if minimum < LOWEST_MINIMUM:
        raise ValueError(f"the smallest shown group is never below {LOWEST_MINIMUM}")


@dataclass(frozen=True)
class GroupsMeeting:
    """Distinct groups (e.g. municipalities) where at least one respondent met a condition:
    "respondents from `meeting` of `groups` municipalities reported changes"."""

    meeting: int
    groups: int
    respondents_meeting: int
    respondents: int

    @property
    def percentage(self) -> float | None:
        return _percentage(self.meeting, self.groups)


@dataclass(frozen=True)
class ResponseRate:
    """Responses of those invited; no rate when nobody was invited."""

    responses: int
    invited: int

    def __post_init__(self) -> None:
        _check_count(self.responses, "responses")
        _check_count(self.invited, "invited")
        if self.invited and self.responses > self.invited:
            raise ValueError("more responses than invitations")

    @property
    def percentage(self) -> float | None:
        return _percentage(self.responses, self.invited)


def response_rate(*, responses: int, invited: int) -> ResponseRate:
    return ResponseRate(responses=responses, invited=invited)
