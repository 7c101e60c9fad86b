"""Forms of distribution (opening a survey, inviting people, closing it) and the answer form.

The answer form is not a Django form: a questionnaire's questions, skip logic and matrices
are laid out by `AnswerPlan` into pages, and each page is read from the POST data and
checked by the plan. Pages break so that skip logic never depends on an answer on the same
page: a page ends at a section's start or end, and before a question whose `relevant`
refers to a question already on the page. So without JavaScript every page shows exactly
the questions that apply, given the answers saved so far.
"""

import copy
import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from trinvis.organisations.models import Organisation
from trinvis.surveys import expressions
from trinvis.surveys.definition import from_json
from trinvis.surveys.models import Question as QuestionRow
from trinvis.surveys.models import Questionnaire, Survey
from trinvis.surveys.xlsform import Question, QuestionType, Section

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# --- distribution ----------------------------------------------------------------------------


RETENTION_HELP = _(
    "Counted from the day the survey closes (from its deadline if it closes later). After "
    "that the answers, texts included, are deleted and only the figures remain. Empty: the "
    "answers are kept until you delete them."
)
REMINDER_HELP = _(
    "Those invited who have not answered get a reminder in the morning this many days "
    "before the deadline, once. Needs a deadline and personal links. Empty: no automatic "
    "reminder."
)


def schedule_errors(
    *,
    mode: str,
    deadline: datetime.date | None,
    remind_days_before: int | None,
    was: Survey | None = None,
) -> dict[str, str]:
    """The rules of a survey's dates, by field: a new deadline is not in the past; an
    automatic reminder needs personal links and a deadline, and a new or moved reminder day
    is not in the past. `was`: the survey as it is, whose unchanged dates stand as they are
    (a reminder already sent, a deadline that has passed)."""
    today = timezone.localdate()
    errors: dict[str, str] = {}
    deadline_moved = was is None or deadline != was.deadline
    reminder_moved = deadline_moved or was is None or remind_days_before != was.remind_days_before
    if deadline and deadline_moved and deadline < today:
        errors["deadline"] = gettext("The deadline cannot be in the past.")
    if remind_days_before is None:
        return errors
    if mode != Survey.Mode.PERSONAL:
        errors["remind_days_before"] = gettext(
            "Only personal links can be reminded: an open link has nobody to remind."
        )
    elif deadline is None:
        errors["remind_days_before"] = gettext("An automatic reminder needs a deadline.")
    elif reminder_moved and deadline - datetime.timedelta(days=remind_days_before) < today:
        errors["remind_days_before"] = gettext(
            "That day has passed: the reminder would be %(days)s days before the deadline."
        ) % {"days": remind_days_before}
    return errors


class SurveyCreateForm(forms.ModelForm):
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )

    class Meta:
        model = Survey
        fields = [
            "title",
            "wave",
            "organisation",
            "mode",
            "deadline",
            "remind_days_before",
            "minimum_group",
            "retention_days",
        ]
        widgets = {"mode": forms.RadioSelect, "deadline": _DATE}
        help_texts = {"remind_days_before": REMINDER_HELP, "retention_days": RETENTION_HELP}

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation_field = self.fields["organisation"]
        assert isinstance(organisation_field, forms.ModelChoiceField)
        organisation_field.queryset = organisations
        organisation_field.empty_label = None
        self.fields["mode"].help_text = _(
            "Personal links: you invite people and see who has answered (never what). "
            "Open link: anyone with the link may answer; no name, e-mail or IP address is "
            "stored, and attributes such as role are not known."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "mode" in data:
            problems = schedule_errors(
                mode=data["mode"],
                deadline=data.get("deadline"),
                remind_days_before=data.get("remind_days_before"),
            )
            for name, message in problems.items():
                if name in data:
                    self.add_error(name, message)
        return data


class SurveySettingsForm(forms.ModelForm):
    """The settings that may change while a survey runs. `base` carries the values the form
    was shown with: a save against values someone else has changed since is a conflict."""

    base = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Survey
        fields = ["deadline", "remind_days_before", "retention_days", "minimum_group"]
        widgets = {"deadline": _DATE}
        help_texts = {"remind_days_before": REMINDER_HELP, "retention_days": RETENTION_HELP}

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        # The form works on a copy: validating a ModelForm writes into its instance, and the
        # service reads the survey afresh under its lock.
        kwargs.setdefault("initial", {})["base"] = settings_fingerprint(survey)
        kwargs["instance"] = copy.copy(survey)
        super().__init__(*args, **kwargs)
        self.survey = survey
        if survey.purged_at is not None:
            # Only the figures are left: their dates no longer mean anything.
            for name in ("deadline", "remind_days_before", "retention_days"):
                del self.fields[name]
        elif survey.mode != Survey.Mode.PERSONAL:
            del self.fields["remind_days_before"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        problems = schedule_errors(
            mode=self.survey.mode,
            deadline=data.get("deadline"),
            remind_days_before=data.get("remind_days_before"),
            was=self.survey,
        )
        for name, message in problems.items():
            if name in data:
                self.add_error(name, message)
        return data


def settings_fingerprint(survey: Survey) -> str:
    """The settings' values as one string: the survey has no version number of its own, so
    the values the form was shown with stand for it."""
    values = (
        survey.deadline,
        survey.remind_days_before,
        survey.retention_days,
        survey.minimum_group,
    )
    return "|".join("" if value is None else str(value) for value in values)


class PurgeForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that the answers cannot be restored"),
        error_messages={"required": _("Tick the box to delete the answers.")},
    )


_EMAIL_SEPARATORS = re.compile(r"[\s,;]+")


class InviteForm(forms.Form):
    """Whom to invite: ticked members, all members of one organisation, and/or e-mails."""

    people = forms.TypedMultipleChoiceField(
        label=_("People"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    everyone_in = forms.TypedChoiceField(
        label=_("Or invite all members of"),
        coerce=int,
        required=False,
        empty_value=None,
    )
    emails = forms.CharField(
        label=_("E-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One or more addresses of people who have a Trinvis account, separated by spaces, "
            "commas or new lines."
        ),
    )

    def __init__(
        self,
        *args: Any,
        people: Sequence[tuple[int, str]],
        organisations: Sequence[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        people_field = self.fields["people"]
        assert isinstance(people_field, forms.TypedMultipleChoiceField)
        people_field.choices = list(people)
        everyone_field = self.fields["everyone_in"]
        assert isinstance(everyone_field, forms.TypedChoiceField)
        everyone_field.choices = [("", gettext("Nobody")), *((o.pk, o.name) for o in organisations)]

    def clean_emails(self) -> list[str]:
        found = []
        invalid = []
        for part in _EMAIL_SEPARATORS.split(self.cleaned_data.get("emails", "")):
            if not part:
                continue
            try:
                validate_email(part)
            except ValidationError:
                invalid.append(part)
            else:
                found.append(part.lower())
        if invalid:
            raise ValidationError(
                _("These are not e-mail addresses: %(addresses)s"),
                params={"addresses": ", ".join(invalid)},
            )
        return list(dict.fromkeys(found))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("people") or data.get("everyone_in") or data.get("emails")):
            raise ValidationError(_("Choose people, an organisation or enter e-mail addresses."))
        return data


class CloseForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"), choices=[("close", _("Close")), ("reopen", _("Reopen"))]
    )


# --- the answer form -------------------------------------------------------------------------

AnswerValue = str | list[str] | Decimal
SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 10_000


def label_in(labels: Mapping[str, str], language: str, default: str) -> str:
    """A text in the language, else in the questionnaire's default, else any there is."""
    return labels.get(language) or labels.get(default) or next(iter(labels.values()), "")


@dataclass(frozen=True)
class Item:
    """One thing on a page: a question (a matrix with its rows) or a note."""

    question: Question
    rows: tuple[QuestionRow, ...]  # the answer rows: none for a note, one per matrix item
    relevants: tuple[str, ...]  # its own and its sections' skip logic, all must hold

    @property
    def keys(self) -> list[str]:
        return [row.key for row in self.rows]


@dataclass
class Page:
    number: int
    heading: dict[str, str]
    items: list[Item] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        return [key for item in self.items for key in item.keys]


class AnswerPlan:
    """A questionnaire laid out as pages, with its skip logic, requirements and checks."""

    def __init__(self, questionnaire: Questionnaire, rows: Iterable[QuestionRow]) -> None:
        self.questionnaire = questionnaire
        self.definition = from_json(questionnaire.definition)
        self.rows = {row.key: row for row in rows}
        self.pages: list[Page] = []
        self._start_page({})
        self._lay_out(self.definition.items, (), {})
        self.pages = [page for page in self.pages if page.items]
        for number, page in enumerate(self.pages, start=1):
            page.number = number

    # layout

    def _start_page(self, heading: dict[str, str]) -> None:
        if self.pages and not self.pages[-1].items:
            self.pages[-1].heading = heading
            return
        self.pages.append(Page(len(self.pages) + 1, heading))
        self._on_page: set[str] = set()

    def _lay_out(
        self, items: Sequence[Question | Section], relevants: tuple[str, ...], heading: dict
    ) -> None:
        for entry in items:
            if isinstance(entry, Section):
                inner = (*relevants, entry.relevant) if entry.relevant else relevants
                self._start_page(entry.labels)
                self._lay_out(entry.items, inner, entry.labels)
                self._start_page(heading)
                continue
            own = (*relevants, entry.relevant) if entry.relevant else relevants
            names: set[str] = set()
            for expression in own:
                try:
                    names |= expressions.references(expressions.parse(expression))
                except expressions.ExpressionError:
                    continue
            if names & self._on_page:
                self._start_page(heading)
            if entry.type is QuestionType.MATRIX:
                rows = tuple(self.rows[f"{entry.name}/{row.name}"] for row in entry.items)
                self._on_page |= {row.name for row in entry.items}
            elif entry.type is QuestionType.NOTE:
                rows = ()
            else:
                rows = (self.rows[entry.name],)
                self._on_page.add(entry.name)
            self.pages[-1].items.append(Item(entry, rows, own))

    # skip logic

    def expression_answers(self, values: Mapping[str, AnswerValue]) -> dict[str, Any]:
        """Answers by the names expressions use (a matrix item by its own name too)."""
        named: dict[str, Any] = {}
        for key, value in values.items():
            named[key] = value
            if "/" in key:
                named[key.split("/", 1)[1]] = value
        return named

    def is_visible(self, item: Item, named: Mapping[str, Any]) -> bool:
        try:
            return all(expressions.evaluate(e, named) for e in item.relevants)
        except expressions.ExpressionError:
            return True  # a broken condition never hides a question

    def visible_items(self, page: Page, values: Mapping[str, AnswerValue]) -> list[Item]:
        named = self.expression_answers(values)
        return [item for item in page.items if self.is_visible(item, named)]

    def visible_pages(self, values: Mapping[str, AnswerValue]) -> list[Page]:
        return [page for page in self.pages if self.visible_items(page, values)]

    def hidden_keys(self, values: Mapping[str, AnswerValue]) -> set[str]:
        named = self.expression_answers(values)
        return {
            key
            for page in self.pages
            for item in page.items
            if not self.is_visible(item, named)
            for key in item.keys
        }

    def first_incomplete_page(self, values: Mapping[str, AnswerValue]) -> Page | None:
        """The first page with a required question that is shown and not answered."""
        for page in self.pages:
            for item in self.visible_items(page, values):
                if any(_is_empty(values.get(k)) for k in self.required_keys(item)):
                    return page
        return None

    def required_keys(self, item: Item) -> list[str]:
        if item.question.type is QuestionType.MATRIX:
            required = {
                f"{item.question.name}/{row.name}" for row in item.question.items if row.required
            }
            return [key for key in item.keys if key in required]
        return item.keys if item.question.required else []

    # reading a page

    def read(
        self,
        page: Page,
        data: Any,
        values: Mapping[str, AnswerValue],
        *,
        language: str,
        require: bool,
    ) -> tuple[dict[str, AnswerValue | None], dict[str, str]]:
        """The page's answers from POST `data` (None: unanswered) and the errors by key.

        `values` are the answers saved before (for skip logic and constraints); `require`
        checks required questions (not when saving for later or going back).
        """
        read: dict[str, AnswerValue | None] = {}
        errors: dict[str, str] = {}
        visible = self.visible_items(page, values)
        for item in visible:
            for row in item.rows:
                try:
                    read[row.key] = _read_value(row, data)
                except ValidationError as error:
                    errors[row.key] = error.messages[0]
        named = self.expression_answers(
            {**values, **{k: v for k, v in read.items() if v is not None}}
        )
        default = self.definition.default_language
        for item in visible:
            for key in item.keys:
                if key in errors:
                    continue
                if _is_empty(read.get(key)):
                    if require and key in self.required_keys(item):
                        errors[key] = gettext("Answer this question.")
                    continue
                constraint = item.question.constraint
                if constraint and not _holds(constraint, named, read[key]):
                    message = item.question.constraint_messages
                    errors[key] = (
                        label_in(message, language, default)
                        if message
                        else gettext("This answer is not accepted. Check it and try again.")
                    )
        return read, errors


def _holds(constraint: str, named: Mapping[str, Any], current: Any) -> bool:
    try:
        return expressions.evaluate(constraint, named, current)
    except expressions.ExpressionError:
        return True


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


_NUMBER_LIMIT = Decimal("1e10")


def _read_value(row: QuestionRow, data: Any) -> AnswerValue | None:
    kind = row.kind
    names = [choice["name"] for choice in row.choices]
    if kind == QuestionType.MULTIPLE_CHOICE:
        chosen = [value for value in data.getlist(row.key) if value]
        if any(value not in names for value in chosen):
            raise ValidationError(gettext("Choose among the options shown."))
        return [name for name in names if name in chosen] or None
    raw = str(data.get(row.key, "")).strip()
    if not raw:
        return None
    if kind in (QuestionType.SINGLE_CHOICE, QuestionType.LIKERT):
        if raw not in names:
            raise ValidationError(gettext("Choose among the options shown."))
        return raw
    if kind in (QuestionType.SCALE_0_10, QuestionType.INTEGER, QuestionType.DECIMAL):
        try:
            number = Decimal(raw.replace(",", ".") if kind == QuestionType.DECIMAL else raw)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or abs(number) >= _NUMBER_LIMIT:
            raise ValidationError(gettext("Enter a number."))
        if kind != QuestionType.DECIMAL and number != number.to_integral_value():
            raise ValidationError(gettext("Enter a whole number."))
        if kind == QuestionType.SCALE_0_10 and not 0 <= number <= 10:
            raise ValidationError(gettext("Choose a number from 0 to 10."))
        return number.quantize(Decimal("0.0001"))
    limit = LONG_TEXT_MAX if kind == QuestionType.LONG_TEXT else SHORT_TEXT_MAX
    if len(raw) > limit:
        raise ValidationError(
            gettext("Keep it to %(limit)s characters or fewer.") % {"limit": limit}
        )
    return raw
