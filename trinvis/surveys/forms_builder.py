"""Forms of the questionnaire builder: a new questionnaire, its title and languages, what to
add where, and the editor of a question or a section with its options and statements.

Texts come as one field per language of the questionnaire (`label_da`, `hint_da`, …), which
the template groups in a fieldset per language; only the default language's text is
required. The skip rule is three fields — an earlier question, a condition, an option or a
number — checked against each other in `clean()`, because without JavaScript the browser
sends them together. What the page offers is narrowed to the chosen question, but the fields
accept every question's conditions and options, so a changed question gets a clear message
rather than "not a valid choice".
"""

from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from trinvis.organisations.models import Organisation
from trinvis.surveys import builder
from trinvis.surveys.builder import Operator, Place, Rule, Source
from trinvis.surveys.preview import type_in_words
from trinvis.surveys.xlsform import Choice, ChoiceList, Item, Question, QuestionType, Section
from trinvis.surveys.xlsform import Questionnaire as Definition

# The order the editor offers the types in: the common ones first.
TYPES = (
    QuestionType.SINGLE_CHOICE,
    QuestionType.MULTIPLE_CHOICE,
    QuestionType.LIKERT,
    QuestionType.MATRIX,
    QuestionType.SCALE_0_10,
    QuestionType.INTEGER,
    QuestionType.DECIMAL,
    QuestionType.SHORT_TEXT,
    QuestionType.LONG_TEXT,
    QuestionType.NOTE,
)
SECTION = "section"
OWN_SCALE = "own"
OPTION_LISTS = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE})
SCALES = frozenset({QuestionType.LIKERT, QuestionType.MATRIX})
LIMITED = frozenset({QuestionType.INTEGER, QuestionType.DECIMAL})


def language_name(code: str) -> str:
    try:
        return str(translation.get_language_info(code)["name_local"])
    except KeyError:
        return code


def kind_of(text: str | None) -> QuestionType | str | None:
    """A question type or SECTION from a query or form value; None for anything else."""
    if text == SECTION:
        return SECTION
    try:
        return QuestionType(text or "")
    except ValueError:
        return None


def operator_words() -> dict[Operator, str]:
    return {
        Operator.IS: gettext("is"),
        Operator.IS_NOT: gettext("is not"),
        Operator.INCLUDES: gettext("includes"),
        Operator.EXCLUDES: gettext("does not include"),
        Operator.AT_LEAST: gettext("is at least"),
        Operator.AT_MOST: gettext("is at most"),
        Operator.ANSWERED: gettext("is answered"),
    }


class _OrganisationField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class _LanguagesForm(forms.Form):
    """Title and languages, for a new questionnaire and for changing them later."""

    title = forms.CharField(label=_("Title"), max_length=200)
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages respondents can answer in; each text is written in each."),
    )
    default_language = forms.ChoiceField(
        label=_("Default language"),
        help_text=_(
            "Every text must be written in this language; the others can follow later. "
            "Respondents see it when their own language is missing."
        ),
    )

    def __init__(self, *args: Any, extra_languages: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        known = [code for code, _name in settings.LANGUAGES]
        self.codes = [*known, *(code for code in extra_languages if code not in known)]
        choices = [(code, language_name(code)) for code in self.codes]
        for name in ("languages", "default_language"):
            self.fields[name].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen, default = data.get("languages") or [], data.get("default_language")
        if default and chosen and default not in chosen:
            self.add_error(
                "default_language", gettext("Choose one of the questionnaire's languages.")
            )
        return data

    @property
    def chosen_languages(self) -> tuple[str, ...]:
        """The chosen languages in a fixed order, so the XLSForm columns keep theirs."""
        chosen = set(self.cleaned_data["languages"])
        return tuple(code for code in self.codes if code in chosen)


class QuestionnaireNewForm(_LanguagesForm):
    organisation = _OrganisationField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("The questionnaire belongs to this organisation."),
    )

    field_order = ["title", "organisation", "languages", "default_language"]

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class SettingsForm(_LanguagesForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["languages"].help_text = _(
            "The languages respondents can answer in. Texts in a language you remove are deleted."
        )


class AddForm(forms.Form):
    """What to add and where: sent to the editor as a plain GET, so nothing is written yet."""

    kind = forms.ChoiceField(label=_("What to add"), widget=forms.RadioSelect)
    at = forms.ChoiceField(label=_("Where"))

    def __init__(self, *args: Any, definition: Definition, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "add_%s")  # beside other forms on the builder page
        super().__init__(*args, **kwargs)
        kinds = [(SECTION, gettext("A section (a heading over the questions that follow)"))]
        self.fields["kind"].choices = kinds + [(t.value, type_in_words(t)) for t in TYPES]  # type: ignore[attr-defined]
        self.fields["at"].choices = place_choices(definition)  # type: ignore[attr-defined]


def place_choices(definition: Definition) -> list[tuple[str, str]]:
    default = definition.default_language
    choices = []
    for place, after, section in builder.places(definition):
        values = {
            "item": builder.text_of(after.labels, default) or after.name if after else "",
            "section": builder.text_of(section.labels, default) or section.name if section else "",
        }
        if section and after:
            label = gettext("In “%(section)s”, after “%(item)s”")
        elif section:
            label = gettext("In “%(section)s”, at its start")
        elif after:
            label = gettext("After “%(item)s”")
        else:
            label = gettext("At the start")
        choices.append((str(place), label % values))
    return choices


def end_place(definition: Definition) -> Place:
    return Place("", len(definition.items))


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])
    version = forms.IntegerField()


class DeleteForm(forms.Form):
    """Confirming a deletion; for a section that holds items, what happens to them."""

    KEEP, DELETE = "keep", "delete"
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, holds: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if holds:
            self.fields["contents"] = forms.ChoiceField(
                label=_("What happens to what the section holds"),
                widget=forms.RadioSelect,
                initial=self.KEEP,
                choices=[
                    (
                        self.KEEP,
                        ngettext(
                            "Keep its item: it stays where the section was",
                            "Keep its %(count)s items: they stay where the section was",
                            holds,
                        )
                        % {"count": holds},
                    ),
                    (
                        self.DELETE,
                        ngettext(
                            "Delete its item too",
                            "Delete its %(count)s items too",
                            holds,
                        )
                        % {"count": holds},
                    ),
                ],
            )


# --- the editor of a question or a section -------------------------------------------------


class ItemForm(forms.Form):
    """A question (`kind` a QuestionType) or a section (`kind` SECTION).

    `sources` are the questions before the item, which its skip rule may use. `kept_relevant`
    and `kept_constraint` are hand-written expressions the form cannot show as fields: they
    are shown as they are, with a box to remove them. After `is_valid()`, `relevant` and
    `constraint` are what to store (None: keep the hand-written one).
    """

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        kind: QuestionType | str,
        definition: Definition,
        sources: list[Source],
        kept_relevant: str = "",
        kept_constraint: str = "",
        own_scale: tuple[Choice, ...] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.languages = definition.languages
        self.default = definition.default_language
        self.sources = {source.name: source for source in sources}
        self.kept_relevant = kept_relevant
        self.kept_constraint = kept_constraint
        self.relevant: str | None = None
        self.constraint: str | None = None
        self.summary_labels: dict[str, str] = {}
        if kind != SECTION:
            self.fields["type"] = forms.ChoiceField(
                label=_("Type of question"),
                choices=[(t.value, type_in_words(t)) for t in TYPES],
                help_text=_("After choosing another type, press “Change the type”."),
            )
        self._add_texts()
        if kind not in (SECTION, QuestionType.NOTE, QuestionType.MATRIX):
            self.fields["required"] = forms.BooleanField(
                label=_("An answer is required"), required=False
            )
        if kind in SCALES:
            self._add_scale(own_scale)
        if kind in LIMITED:
            self.fields["minimum"] = forms.DecimalField(
                label=_("Smallest number allowed"), required=False, max_digits=14
            )
            self.fields["maximum"] = forms.DecimalField(
                label=_("Largest number allowed"), required=False, max_digits=14
            )
        if kept_constraint:
            self.fields["remove_constraint"] = forms.BooleanField(
                label=_("Remove this check"), required=False
            )
        if kept_relevant:
            self.fields["remove_relevant"] = forms.BooleanField(
                label=_("Remove this skip rule"), required=False
            )
        else:
            self._add_rule()

    # fields

    def _add_texts(self) -> None:
        question = self.kind != SECTION
        for code in self.languages:
            required = code == self.default
            name = language_name(code)
            self.fields[f"label_{code}"] = forms.CharField(
                label=_("Text") if question else _("Title"),
                required=required,
                widget=forms.Textarea(attrs={"rows": 2, "lang": code}),
            )
            self.summary_labels[f"label_{code}"] = gettext("%(language)s: %(field)s") % {
                "language": name,
                "field": gettext("Text") if question else gettext("Title"),
            }
            if question:
                self.fields[f"hint_{code}"] = forms.CharField(
                    label=_("Help text"),
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2, "lang": code}),
                    help_text=_("Shown under the question, for example how to answer."),
                )
                self.summary_labels[f"hint_{code}"] = gettext("%(language)s: %(field)s") % {
                    "language": name,
                    "field": gettext("Help text"),
                }

    def _add_scale(self, own_scale: tuple[Choice, ...]) -> None:
        language = translation.get_language() or "en"
        choices = []
        for key, wording in builder.READY_SCALES.items():
            words = wording.get(language) or wording["en"]
            choices.append((key, f"1 {words[0]} … 5 {words[-1]}"))
        if own_scale and ChoiceList("", own_scale).is_likert:
            first = builder.text_of(own_scale[0].labels, self.default)
            last = builder.text_of(own_scale[4].labels, self.default)
            choices.append(
                (
                    OWN_SCALE,
                    gettext("Keep the current scale: 1 %(first)s … 5 %(last)s")
                    % {"first": first, "last": last},
                )
            )
        elif own_scale and self.kind is QuestionType.MATRIX:
            texts = ", ".join(builder.text_of(choice.labels, self.default) for choice in own_scale)
            label = gettext("Keep the current options: %(options)s") % {"options": texts}
            choices.append((OWN_SCALE, label))
        self.fields["scale"] = forms.ChoiceField(
            label=_("Scale"),
            choices=choices,
            initial=next(iter(builder.READY_SCALES)),
            widget=forms.RadioSelect,
            help_text=_("Five points, lowest first, each with its words in every language."),
        )
        self.fields["dont_know"] = forms.BooleanField(
            label=_("Add a “Don't know” option (not counted in means)"), required=False
        )

    def _add_rule(self) -> None:
        words = operator_words()
        self.fields["rule_question"] = forms.ChoiceField(
            label=_("Show only if this question"),
            required=False,
            choices=[("", gettext("(always show)"))]
            + [(name, self.source_label(source)) for name, source in self.sources.items()],
            help_text=_(
                "Only questions asked before this one can be used. Leave it at “always show” "
                "for no rule."
            ),
        )
        self.fields["rule_operator"] = forms.ChoiceField(
            label=_("Condition"), required=False, choices=list(words.items())
        )
        self.fields["rule_option"] = forms.ChoiceField(
            label=_("Option"), required=False, choices=self._option_choices(None)
        )
        self.fields["rule_number"] = forms.DecimalField(
            label=_("Number"), required=False, max_digits=14
        )
        chosen = self.sources.get(str(self["rule_question"].value() or ""))
        # What the page shows: only what fits the chosen question; validation keeps all.
        if chosen is not None:
            self.fields["rule_operator"].widget.choices = [
                (operator.value, words[operator]) for operator in chosen.operators
            ]
            self.fields["rule_option"].widget.choices = self._option_choices(chosen)
        self.rule_value = _value_field(chosen)

    def source_label(self, source: Source) -> str:
        text = builder.text_of(source.labels, self.default) or source.name
        if source.matrix:
            return f"{builder.text_of(source.matrix, self.default)}: {text}"
        return text

    def _option_choices(self, source: Source | None) -> list[Any]:
        empty = ("", gettext("(choose an option)"))
        if source is not None:
            return [empty] + [
                (choice.name, builder.text_of(choice.labels, self.default))
                for choice in source.choices
            ]
        groups = [
            (
                self.source_label(found),
                [(c.name, builder.text_of(c.labels, self.default)) for c in found.choices],
            )
            for found in self.sources.values()
            if found.choices
        ]
        return [empty, *groups]

    # groups the template shows

    def language_groups(self) -> list[dict[str, Any]]:
        return [
            {
                "code": code,
                "name": language_name(code),
                "fields": [
                    self[name] for name in (f"label_{code}", f"hint_{code}") if name in self.fields
                ],
            }
            for code in self.languages
        ]

    # reading

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.kept_relevant:
            self.relevant = "" if data.get("remove_relevant") else None
        else:
            self.relevant = self._clean_rule(data)
        if self.kept_constraint:
            self.constraint = "" if data.get("remove_constraint") else None
        elif self.kind in LIMITED:
            minimum, maximum = data.get("minimum"), data.get("maximum")
            if minimum is not None and maximum is not None and minimum > maximum:
                self.add_error("maximum", gettext("The largest number is below the smallest."))
            self.constraint = builder.number_constraint(minimum, maximum)
        else:
            self.constraint = ""
        return data

    def _clean_rule(self, data: dict[str, Any]) -> str:
        source = self.sources.get(data.get("rule_question") or "")
        if source is None:
            return ""
        operator = data.get("rule_operator") or ""
        if operator not in source.operators:
            self.add_error(
                "rule_operator",
                gettext("Choose a condition that fits this question: %(conditions)s.")
                % {"conditions": ", ".join(operator_words()[op] for op in source.operators)},
            )
            return ""
        number = data.get("rule_number")
        if source.choices:
            value = data.get("rule_option") or ""
        else:
            value = "" if number is None else str(number)
        rule = Rule(source.name, Operator(operator), value)
        if problem := builder.rule_problem(rule, source):
            self.add_error("rule_option" if source.choices else "rule_number", problem)
            return ""
        return builder.rule_expression(rule, source)

    def number_messages(self) -> dict[str, str]:
        if self.kind not in LIMITED or not self.constraint:
            return {}
        return builder.number_messages(
            self.cleaned_data.get("minimum"), self.cleaned_data.get("maximum"), self.languages
        )

    def texts(self, key: str) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(f"{key}_{code}", "")
            for code in self.languages
            if f"{key}_{code}" in self.fields
        }


def _value_field(source: Source | None) -> str:
    """Which value the page asks for with a rule on `source`: "option", "number", "none"
    (a text is only "answered"), or "both" while no question is chosen."""
    if source is None:
        return "both"
    if source.choices:
        return "option"
    return "none" if source.kind in builder.TEXT_TYPES else "number"


class _RowForm(forms.Form):
    """An option or a statement: its texts in every language, and a box to remove it.

    A blank row (an empty one to fill in) and a removed one are left out unchecked;
    every other row needs its text in the default language.
    """

    remove = forms.BooleanField(label=_("Remove"), required=False)

    def __init__(self, *args: Any, languages: tuple[str, ...], default: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.languages, self.default = languages, default
        for code in languages:
            self.fields[f"label_{code}"] = forms.CharField(
                label=language_name(code),
                required=code == default,
                widget=forms.TextInput(attrs={"lang": code}),
            )
        self.order_fields([*(f"label_{code}" for code in languages)])
        self.empty_permitted = True

    def has_changed(self) -> bool:
        """Whether the row is kept: Django skips checking a row that has not "changed"."""
        if not self.is_bound:
            return super().has_changed()
        if self["remove"].value():
            return False
        typed = [f"label_{code}" for code in self.languages]
        if "name" in self.fields and not self.fields["name"].widget.is_hidden:
            typed.append("name")
        return any(str(self[name].value() or "").strip() for name in typed)

    def text_fields(self) -> list[forms.BoundField]:
        return [self[f"label_{code}"] for code in self.languages]

    @property
    def kept(self) -> bool:
        """Not removed, and not a blank row left over (of a valid form)."""
        return self.has_changed()

    def texts(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"label_{code}", "") for code in self.languages}


class OptionForm(_RowForm):
    name = forms.CharField(
        label=_("Stored value"),
        required=False,
        max_length=100,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$",
                _("Use only letters a–z, digits, “_”, “-” and “.”, without spaces."),
            )
        ],
        help_text=_("What the results and exports show. Empty: made from the text."),
    )


class StatementForm(_RowForm):
    name = forms.CharField(required=False, widget=forms.HiddenInput)
    required = forms.BooleanField(label=_("An answer is required"), required=False)


OptionFormSet = forms.formset_factory(OptionForm, extra=0)
StatementFormSet = forms.formset_factory(StatementForm, extra=0)


# --- from an item to the editor's starting values -------------------------------------------


def item_initial(item: Item, definition: Definition, sources: list[Source]) -> dict[str, Any]:
    """The editor's starting values for an existing section or question."""
    initial: dict[str, Any] = {}
    for code, text in item.labels.items():
        initial[f"label_{code}"] = text
    rule = builder.rule_from(item.relevant, sources) if item.relevant else None
    if rule is not None:
        initial.update({"rule_question": rule.question, "rule_operator": rule.operator.value})
        value_field = "rule_option" if _has_choices(sources, rule) else "rule_number"
        initial[value_field] = rule.value
    if isinstance(item, Section):
        return initial
    initial.update({f"hint_{code}": text for code, text in item.hints.items()})
    initial.update({"type": item.type.value, "required": item.required})
    if item.type in SCALES:
        choice_list = definition.choice_list(item.choice_list)
        initial["scale"] = builder.scale_of(choice_list, definition.languages) or OWN_SCALE
        initial["dont_know"] = choice_list.is_likert and bool(choice_list.off_scale)
    if item.type in LIMITED and (limits := builder.number_limits(item.constraint)):
        initial["minimum"], initial["maximum"] = limits
    return initial


def _has_choices(sources: list[Source], rule: Rule) -> bool:
    return any(source.name == rule.question and source.choices for source in sources)


def kept_expressions(item: Item | None, sources: list[Source]) -> tuple[str, str]:
    """(relevant, constraint) the editor cannot show as fields, so shows as they are."""
    if item is None:
        return "", ""
    relevant = (
        item.relevant if item.relevant and not builder.rule_from(item.relevant, sources) else ""
    )
    constraint = ""
    if isinstance(item, Question) and item.constraint:
        readable = item.type in LIMITED and builder.number_limits(item.constraint) is not None
        constraint = "" if readable else item.constraint
    return relevant, constraint


def option_initial(item: Item | None, definition: Definition) -> list[dict[str, Any]]:
    if not isinstance(item, Question) or item.type not in OPTION_LISTS:
        return [{}, {}, {}]
    return [
        {"name": choice.name, **{f"label_{code}": text for code, text in choice.labels.items()}}
        for choice in definition.choice_list(item.choice_list).choices
    ]


def statement_initial(item: Item | None) -> list[dict[str, Any]]:
    if not isinstance(item, Question) or item.type is not QuestionType.MATRIX:
        return [{}, {}, {}]
    return [
        {
            "name": row.name,
            "required": row.required,
            **{f"label_{code}": text for code, text in row.labels.items()},
        }
        for row in item.items
    ]


def current_scale(item: Item | None, definition: Definition) -> tuple[Choice, ...]:
    """The options of a Likert question or a matrix when they are none of the ready scales
    (an imported matrix may even be on a list that is no Likert scale), to offer keeping
    them."""
    if not isinstance(item, Question) or item.type not in SCALES:
        return ()
    choice_list = definition.choice_list(item.choice_list)
    if builder.scale_of(choice_list, definition.languages):
        return ()
    return choice_list.choices


def draft_choices(
    form: ItemForm, options: Any, own_scale: tuple[Choice, ...]
) -> tuple[tuple[Choice, ...], str]:
    """(options, ready scale key or "") of a valid editor."""
    kind = form.kind
    if kind in OPTION_LISTS:
        rows = [row for row in options.forms if row.kept]
        return tuple(Choice(row.cleaned_data["name"], row.texts()) for row in rows), ""
    if kind in SCALES:
        key, dont_know = form.cleaned_data["scale"], form.cleaned_data["dont_know"]
        if key == OWN_SCALE and not ChoiceList("", own_scale).is_likert:
            return own_scale, ""  # options that are no scale: "don't know" does not apply
        if key == OWN_SCALE:
            return builder.own_scale(own_scale, dont_know=dont_know, languages=form.languages), ""
        return builder.scale_choices(key, dont_know=dont_know, languages=form.languages), key
    return (), ""
