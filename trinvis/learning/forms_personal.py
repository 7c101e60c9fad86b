"""Forms of the personal tools: learning goals and their agreement and reviews, logbook
entries, motivation checks and their wording, follow-up talks."""

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from trinvis.learning import motivation
from trinvis.learning.models import Activity, GoalReview, LearningGoal, PlanRow, Sharing
from trinvis.learning.services.follow_ups import TalkReview
from trinvis.learning.services.goals import REVIEW_OUTCOMES, GoalData
from trinvis.learning.services.logbook import EntryData

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class _NamedChoice(forms.ModelChoiceField):
    """Organisations and activities by name, plan rows by plan and position."""

    def label_from_instance(self, obj: Any) -> str:
        if isinstance(obj, PlanRow):
            what = obj.activity.title if obj.activity else obj.purpose[:60]
            return f"{obj.plan.title} #{obj.position}" + (f": {what}" if what else "")
        if isinstance(obj, Activity) and obj.starts_on:
            return f"{obj.title} ({obj.starts_on:%Y-%m-%d})"
        return str(obj)


REVIEW_CHOICES = [(outcome.value, outcome.label) for outcome in REVIEW_OUTCOMES]


# --- goals ----------------------------------------------------------------------------------


class GoalForm(forms.Form):
    """The four questions, the leader's support (personal goals) and the links."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    organisation = _NamedChoice(label=_("Organisation"), queryset=None, empty_label=None)
    what_to_learn = forms.CharField(
        label=_("Which knowledge, skills and competences"),
        widget=_area(),
        help_text=_("What is to be learned, as concretely as you can say it."),
    )
    use_in_practice = forms.CharField(
        label=_("How they are used in practice"),
        required=False,
        widget=_area(),
        help_text=_("In which tasks and situations at work it will be used, and how."),
    )
    results = forms.CharField(
        label=_("Which results"),
        required=False,
        widget=_area(),
        help_text=_("What will be different when it is used: for you, the team, the citizens."),
    )
    organisational_goals = forms.CharField(
        label=_("Which organisational goals they support"),
        required=False,
        widget=_area(2),
    )
    leader_support = forms.CharField(
        label=_("Support agreed with the nearest leader"),
        required=False,
        widget=_area(),
        help_text=_(
            "What the leader does to make it possible: time, tasks to practise on, "
            "follow-up talks, a colleague to work with."
        ),
    )
    activity = _NamedChoice(
        label=_("Education activity"),
        queryset=None,
        required=False,
        empty_label=_("None"),
    )
    plan_row = _NamedChoice(
        label=_("Row of the education plan"),
        queryset=None,
        required=False,
        empty_label=_("None"),
    )

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Any],
        activities: QuerySet[Any],
        plan_rows: QuerySet[Any],
        personal: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]
        self.fields["plan_row"].queryset = plan_rows  # type: ignore[attr-defined]
        if personal:
            self.fields["organisation"].help_text = _(
                "Where the goal is filed: one of the person's organisations."
            )
        else:
            del self.fields["leader_support"]
            self.fields["organisation"].help_text = _(
                "The unit or team whose goal it is; the units below it see it too."
            )
            self.fields["organisational_goals"].label = _("Which strategic goals they support")

    @staticmethod
    def initial_for(goal: LearningGoal) -> dict[str, Any]:
        return {
            "base_version": goal.version,
            "organisation": goal.organisation_id,
            "what_to_learn": goal.what_to_learn,
            "use_in_practice": goal.use_in_practice,
            "results": goal.results,
            "organisational_goals": goal.organisational_goals,
            "leader_support": goal.leader_support,
            "activity": goal.activity_id,
            "plan_row": goal.plan_row_id,
        }

    def start_from_plan_row(self, value: str | None) -> None:
        """Start a new goal from a row of the education plan (the row page's "write a
        goal" link): the row, its activity and the plan's organisation filled in, when the
        row is one the user may link to; anything else is ignored."""
        row = (
            self.fields["plan_row"]
            .queryset.filter(  # type: ignore[attr-defined]
                pk=int(value) if value and value.isdigit() else None
            )
            .select_related("plan")
            .first()
        )
        if row is None:
            return
        self.initial.update(plan_row=row.pk, activity=row.activity_id)
        if (
            self.fields["organisation"]
            .queryset.filter(  # type: ignore[attr-defined]
                pk=row.plan.organisation_id
            )
            .exists()
        ):
            self.initial["organisation"] = row.plan.organisation_id

    def goal_data(self) -> GoalData:
        data = self.cleaned_data
        return GoalData(
            organisation=data["organisation"],
            what_to_learn=data["what_to_learn"],
            use_in_practice=data["use_in_practice"],
            results=data["results"],
            organisational_goals=data["organisational_goals"],
            leader_support=data.get("leader_support", ""),
            activity=data["activity"],
            plan_row=data["plan_row"],
        )


class VersionForm(forms.Form):
    """A button that acts on the version of a record the user was shown."""

    base_version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("How far has the goal come?"), choices=REVIEW_CHOICES, widget=forms.RadioSelect
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=_area(),
        help_text=_("What shows it: examples from practice, feedback, results."),
    )


# --- logbook --------------------------------------------------------------------------------

SHARING_EXPLAINED: dict[str, Promise] = {
    Sharing.PRIVATE: _(
        "Only me: nobody else can read the entry – not your leader, not your colleagues, "
        "not an administrator."
    ),
    Sharing.LEADER: _(
        "Me and my leaders: the leaders of the units you belong to can read it, for "
        "example to prepare a follow-up talk. Colleagues cannot."
    ),
    Sharing.TEAM: _(
        "My team and my leaders: also the people of the teams and units you are a member "
        "of can read it. Nobody outside them can."
    ),
}


class LogbookEntryForm(forms.Form):
    base_token = forms.CharField(widget=forms.HiddenInput, required=False)
    date = forms.DateField(label=_("Date"), widget=_DATE)
    what_happened = forms.CharField(label=_("What happened"), required=False, widget=_area(4))
    what_puzzled = forms.CharField(label=_("What puzzled me"), required=False, widget=_area(3))
    want_more = forms.CharField(
        label=_("What I want to know or be able to do more of"), required=False, widget=_area(3)
    )
    other = forms.CharField(label=_("Other"), required=False, widget=_area(2))
    activity = _NamedChoice(
        label=_("Education activity"),
        queryset=None,
        required=False,
        empty_label=_("None"),
        help_text=_("The course or activity the entry is about, if any."),
    )
    sharing = forms.ChoiceField(
        label=_("Who may read this entry?"),
        choices=[(value, SHARING_EXPLAINED[value]) for value in Sharing.values],
        initial=Sharing.PRIVATE,
        widget=forms.RadioSelect,
        help_text=_("You can change this at any time. A new entry is private."),
    )

    def __init__(self, *args: Any, activities: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]
        if not self.is_bound and "date" not in self.initial:
            self.initial["date"] = timezone.localdate()

    def entry_data(self) -> EntryData:
        data = self.cleaned_data
        return EntryData(
            date=data["date"],
            what_happened=data["what_happened"],
            what_puzzled=data["what_puzzled"],
            want_more=data["want_more"],
            other=data["other"],
            sharing=data["sharing"],
            activity=data["activity"],
        )


# --- motivation -----------------------------------------------------------------------------

SCORE_CHOICES = [(score, label) for score, label in motivation.SCALE_LABELS.items()]


class MotivationCheckForm(forms.Form):
    taken_on = forms.DateField(label=_("Date"), widget=_DATE)
    activity = _NamedChoice(
        label=_("Education activity"),
        queryset=None,
        required=False,
        empty_label=_("None"),
        help_text=_("The course or activity you answer about, if any."),
    )
    note = forms.CharField(
        label=_("Anything you want to add"),
        required=False,
        widget=_area(3),
        help_text=_("Seen by you and your leaders, like the scores."),
    )

    def __init__(
        self,
        *args: Any,
        questions: list[motivation.Question],
        activities: QuerySet[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]
        for question in questions:
            self.fields[question.dimension] = forms.TypedChoiceField(
                label=question.text,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose a number from 1 to 5.")},
            )
        if not self.is_bound and "taken_on" not in self.initial:
            self.initial["taken_on"] = timezone.localdate()

    def question_fields(self) -> list[forms.BoundField]:
        return [self[question.dimension] for question in self.questions]

    def scores(self) -> dict[str, int]:
        return {d: int(self.cleaned_data[d]) for d in motivation.DIMENSIONS}


class MotivationQuestionsForm(forms.Form):
    """Per dimension, a text per language; an empty field falls back to the wording above."""

    base_token = forms.CharField(widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, language_names: dict[str, str], fallbacks: dict[str, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for dimension in motivation.DIMENSIONS:
            for language in motivation.LANGUAGES:
                self.fields[self.key(dimension, language)] = forms.CharField(
                    label=language_names.get(language, language),
                    required=False,
                    max_length=500,
                    widget=_area(2),
                    help_text=_("Empty: “%(text)s”")
                    % {"text": fallbacks.get(self.key(dimension, language), "")},
                )

    @staticmethod
    def key(dimension: str, language: str) -> str:
        return f"{dimension}_{language}"

    @classmethod
    def initial_for(cls, questions: dict[str, dict[str, str]], token: str) -> dict[str, Any]:
        initial: dict[str, Any] = {"base_token": token}
        for dimension, texts in motivation.valid_questions(questions).items():
            for language, text in texts.items():
                initial[cls.key(dimension, language)] = text
        return initial

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (
                str(motivation.DIMENSION_NAMES[dimension]),
                [self[self.key(dimension, language)] for language in motivation.LANGUAGES],
            )
            for dimension in motivation.DIMENSIONS
        ]

    def questions(self) -> dict[str, dict[str, str]]:
        return {
            dimension: {
                language: self.cleaned_data[self.key(dimension, language)]
                for language in motivation.LANGUAGES
            }
            for dimension in motivation.DIMENSIONS
        }


# --- follow-up talks ------------------------------------------------------------------------


class FollowUpPlanForm(forms.Form):
    planned_for = forms.DateField(label=_("Date of the talk"), widget=_DATE)
    activity = _NamedChoice(
        label=_("Education activity"),
        queryset=None,
        required=False,
        empty_label=_("None"),
        help_text=_("The course or activity the talk follows up, if any."),
    )

    def __init__(self, *args: Any, activities: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]


NOT_DISCUSSED = ""


class FollowUpForm(forms.Form):
    """The talk, and for each goal on the agenda how far it has come (or not discussed)."""

    base_version = forms.IntegerField(widget=forms.HiddenInput)
    planned_for = forms.DateField(label=_("Planned for"), widget=_DATE)
    held_on = forms.DateField(
        label=_("Held on"),
        required=False,
        widget=_DATE,
        help_text=_("Fill in when the talk has taken place."),
    )
    activity = _NamedChoice(
        label=_("Education activity"), queryset=None, required=False, empty_label=_("None")
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=_area(5))
    next_steps = forms.CharField(
        label=_("Agreed next steps"),
        required=False,
        widget=_area(4),
        help_text=_("What each of you will do, and by when. The next talk starts from here."),
    )

    def __init__(
        self,
        *args: Any,
        goals: list[LearningGoal],
        activities: QuerySet[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.goals = goals
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]
        for goal in goals:
            self.fields[f"goal_{goal.pk}_outcome"] = forms.ChoiceField(
                label=_("How far has the goal come?"),
                choices=[(NOT_DISCUSSED, _("Not discussed in this talk")), *REVIEW_CHOICES],
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"goal_{goal.pk}_evidence"] = forms.CharField(
                label=_("Evidence"), required=False, widget=_area(2)
            )

    @staticmethod
    def initial_for(follow_up: Any, reviews: dict[int, GoalReview]) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "base_version": follow_up.version,
            "planned_for": follow_up.planned_for,
            "held_on": follow_up.held_on,
            "activity": follow_up.activity_id,
            "notes": follow_up.notes,
            "next_steps": follow_up.next_steps,
        }
        for goal_id, review in reviews.items():
            initial[f"goal_{goal_id}_outcome"] = review.outcome
            initial[f"goal_{goal_id}_evidence"] = review.evidence
        return initial

    def goal_rows(self) -> list[tuple[LearningGoal, forms.BoundField, forms.BoundField]]:
        return [
            (goal, self[f"goal_{goal.pk}_outcome"], self[f"goal_{goal.pk}_evidence"])
            for goal in self.goals
        ]

    def talk_reviews(self) -> list[TalkReview]:
        data = self.cleaned_data
        return [
            TalkReview(
                goal=goal,
                outcome=data[f"goal_{goal.pk}_outcome"],
                evidence=data[f"goal_{goal.pk}_evidence"],
            )
            for goal in self.goals
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        held_on: datetime.date | None = cleaned.get("held_on")
        if held_on is None and any(cleaned.get(f"goal_{goal.pk}_outcome") for goal in self.goals):
            self.add_error(
                "held_on", _("Enter the day the talk was held to record how the goals stand.")
            )
        if held_on is not None and held_on > timezone.localdate():
            self.add_error("held_on", _("A talk cannot have been held on a day ahead."))
        return cleaned
