"""Survey analysis: pure functions, no Django, so they are fast to test.

Scales. A scale question has ordered points, lowest first, valued with consecutive
integers (1–5 for a labelled Likert scale, 0–10 for the eleven-point scale), and may have
options that are not on the scale ("don't know"). Off-scale answers are reported as their
own counts but are kept out of n, out of the mean and out of the percentages of the scale
points; `answered` counts both. The top-2-box is the share of n on the two highest points.

Multiple choice. Each respondent may pick several options; an option's percentage is of
the respondents who answered the question, so the percentages may add up to more than 100.

Small-group protection. Every breakdown treats the total as known: it is the question's
overall figure and is shown elsewhere even when a table leaves it out. The rules, applied
to the sizes of the segments (respondents who answered the question in each segment):
1. A segment with fewer than `minimum` respondents is suppressed (TOO_FEW). `minimum` is 5
   by default, configurable, and never below 3.
2. If exactly one non-empty segment is suppressed, the total minus the shown segments
   would be that segment, so the smallest shown segment is suppressed too
   (COMPLEMENTARY); ties go to the segment given first. An empty segment hides nothing:
   it is suppressed by rule 1, but with no answers it neither needs a complement nor
   can serve as one.
3. The total is suppressed when it has fewer than `minimum` respondents; then so is every
   segment, by rule 1.
So the total minus the shown segments is always either unknown or the sum of at least two
non-empty suppressed segments, never one segment's figures (that a segment is empty may
be deducible, but it has no answers to give away). Segments must partition the
respondents (those without a value go in a segment of their own). Differencing across two
breakdowns or filters is outside what one breakdown can guard.

Percentages are floats 0–100, unrounded; they are None when their base is 0. Every figure
keeps the numbers it was computed from, so a page can show the reasoning.
"""

from collections import Counter
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

MINIMUM_GROUP = 5  # the default smallest segment whose figures are shown
LOWEST_MINIMUM = 3  # the smallest `minimum` anyone may configure

Key = TypeVar("Key", bound=Hashable)
Summary = TypeVar("Summary")


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
class Protection(Generic[Key]):
    """Which segments of one breakdown, and whether its total, may be shown."""

    minimum: int
    suppressed: Mapping[Key, Suppressed]
    total_suppressed: Suppressed | None

    def shows(self, segment: Key) -> bool:
        return segment not in self.suppressed

    def may_list_open_answers(self, segment: Key) -> bool:
        """Open answers are listed per segment only where its figures may be shown."""
        return self.shows(segment)


def protection(sizes: Mapping[Key, int], *, minimum: int = MINIMUM_GROUP) -> Protection[Key]:
    """Apply the rules in the module docstring to respondents per segment."""
    check_minimum(minimum)
    for size in sizes.values():
        _check_count(size, "a segment size")
    suppressed = {key: Suppressed.TOO_FEW for key, size in sizes.items() if size < minimum}
    hiding = [key for key in suppressed if sizes[key] > 0]
    shown = [key for key in sizes if key not in suppressed]
    if len(hiding) == 1 and shown:
        suppressed[min(shown, key=lambda key: sizes[key])] = Suppressed.COMPLEMENTARY
    total_too_few = sum(sizes.values()) < minimum
    return Protection(minimum, suppressed, Suppressed.TOO_FEW if total_too_few else None)


@dataclass(frozen=True)
class SegmentFigures(Generic[Key, Summary]):
    """One segment of a breakdown: its summary, or None and the reason it is hidden."""

    segment: Key
    summary: Summary | None
    suppressed: Suppressed | None


@dataclass(frozen=True)
class Breakdown(Generic[Key, Summary]):
    """A question broken down by one attribute, protected, with the total."""

    protection: Protection[Key]
    segments: tuple[SegmentFigures[Key, Summary], ...]
    total: Summary | None

    def may_list_open_answers(self, segment: Key) -> bool:
        return self.protection.may_list_open_answers(segment)


def _breakdown(
    summaries: Mapping[Key, Summary],
    total: Summary,
    size: Callable[[Summary], int],
    minimum: int,
) -> Breakdown[Key, Summary]:
    guard = protection({key: size(summary) for key, summary in summaries.items()}, minimum=minimum)
    return Breakdown(
        protection=guard,
        segments=tuple(
            SegmentFigures(key, summary, None)
            if guard.shows(key)
            else SegmentFigures(key, None, guard.suppressed[key])
            for key, summary in summaries.items()
        ),
        total=None if guard.total_suppressed else total,
    )


def _added(counts: Iterable[Mapping[str, int]]) -> Counter[str]:
    total: Counter[str] = Counter()
    for one in counts:
        total.update(one)
    return total


def scale_breakdown(
    *, scale: Scale, counts: Mapping[Key, Mapping[str, int]], minimum: int = MINIMUM_GROUP
) -> Breakdown[Key, ScaleSummary]:
    """A scale question per segment from answers per option per segment; a segment's size
    is its `answered`, "don't know" included."""
    summaries = {key: scale_summary(scale=scale, counts=c) for key, c in counts.items()}
    total = scale_summary(scale=scale, counts=_added(counts.values()))
    return _breakdown(summaries, total, lambda summary: summary.answered, minimum)


def choice_breakdown(
    *,
    options: Sequence[str],
    counts: Mapping[Key, Mapping[str, int]],
    respondents: Mapping[Key, int],
    minimum: int = MINIMUM_GROUP,
) -> Breakdown[Key, ChoiceSummary]:
    """A multiple-choice question per segment; a segment's size is its respondents."""
    if counts.keys() - respondents.keys():
        raise ValueError("every segment with counts needs its number of respondents")
    summaries = {
        key: choice_summary(options=options, counts=counts.get(key, {}), respondents=size)
        for key, size in respondents.items()
    }
    total = choice_summary(
        options=options, counts=_added(counts.values()), respondents=sum(respondents.values())
    )
    return _breakdown(summaries, total, lambda summary: summary.n, minimum)


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


def groups_meeting(answers: Iterable[tuple[Hashable, bool]]) -> GroupsMeeting:
    """Count from (group id, met the condition) pairs, one pair per respondent."""
    pairs = list(answers)
    return GroupsMeeting(
        meeting=len({group for group, met in pairs if met}),
        groups=len({group for group, _ in pairs}),
        respondents_meeting=sum(1 for _, met in pairs if met),
        respondents=len(pairs),
    )


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
