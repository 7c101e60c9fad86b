"""Forms of the mapping: the conversation guide, the theme decision, checklist points and a
municipality's answers to the checklist.

The guiding questions under each field of the conversation guide follow the agency's
guide (DOMAIN.md §4, phase 1): the programme as it runs today, the figures, how the
municipality sees its own results and what drives them, and what it needs ahead.
"""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from trinvis.programmes.models import (
    ChallengeTag,
    DeepMappingAnswer,
    DeepMappingItem,
    MappingConversation,
    ThemeDecision,
)
from trinvis.programmes.services_mapping import TEXT_FIELDS, AnswerInput, ConversationInput

NAME_LIMIT = ChallengeTag._meta.get_field("name").max_length or 200
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _area(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def split_names(text: str) -> list[str]:
    """Comma-separated names, trimmed, empty ones dropped (the service matches them to the
    programme's challenges, ignoring case)."""
    return [name for name in (part.strip() for part in text.split(",")) if name]


class ConversationForm(forms.Form):
    """The conversation guide: one structured record per municipality."""

    base_version = forms.IntegerField(widget=forms.HiddenInput)
    held_on = forms.DateField(
        label=_("Held on"),
        required=False,
        widget=_DATE,
        help_text=_("Leave it empty while the conversation is still being prepared."),
    )
    participants = forms.CharField(
        label=_("Who took part"),
        required=False,
        widget=_area(3),
        help_text=_(
            "Names and roles. The refugee service, adult education and the jobcentre or NAV "
            "should all take part, or give their input afterwards."
        ),
    )
    about_programme = forms.CharField(
        label=_("The programme today"),
        required=False,
        widget=_area(),
        help_text=_(
            "How is the introduction programme organised? Which courses and paths do "
            "participants get, and how do the units share the work?"
        ),
    )
    figures = forms.CharField(
        label=_("Figures and results"),
        required=False,
        widget=_area(),
        help_text=_(
            "How many take part, and how many are in work or education right after the "
            "programme and one year later? How does that compare with the country as a whole?"
        ),
    )
    own_view = forms.CharField(
        label=_("Their own view of the results"),
        required=False,
        widget=_area(),
        help_text=_(
            "How does the municipality judge its results? What is it pleased with, and what not?"
        ),
    )
    causes = forms.CharField(
        label=_("What drives the results"),
        required=False,
        widget=_area(),
        help_text=_(
            "What pulls the results up, and what holds them back: in the programme, in how "
            "the units work together, in the local labour market?"
        ),
    )
    needs_ahead = forms.CharField(
        label=_("Needs ahead"),
        required=False,
        widget=_area(),
        help_text=_(
            "What would help the municipality most from now on: knowledge, tools, "
            "cooperation, support from the agency?"
        ),
    )
    notes = forms.CharField(
        label=_("Other notes"),
        required=False,
        widget=_area(3),
        help_text=_("Anything else that came up which the questions did not ask about."),
    )
    challenges = forms.ModelMultipleChoiceField(
        label=_("Challenges named"),
        queryset=ChallengeTag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick the challenges the municipality named. The compilation counts how many "
            "municipalities name each one."
        ),
    )
    new_challenges = forms.CharField(
        label=_("Other challenges named"),
        required=False,
        help_text=_(
            "Challenges not in the list, separated by commas. A name that matches one in the "
            "list, whatever its capitals, counts as that one."
        ),
    )

    def __init__(self, *args: Any, challenges: QuerySet[ChallengeTag], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["challenges"].queryset = challenges  # type: ignore[attr-defined]
        if not challenges.exists():
            del self.fields["challenges"]

    @staticmethod
    def initial_for(conversation: MappingConversation | None) -> dict[str, Any]:
        if conversation is None:
            return {"base_version": 0}
        return {
            "base_version": conversation.version,
            "held_on": conversation.held_on,
            **{name: getattr(conversation, name) for name in TEXT_FIELDS},
            "challenges": [tag.pk for tag in conversation.challenges.all()],
        }

    def clean_new_challenges(self) -> list[str]:
        names = split_names(self.cleaned_data["new_challenges"])
        too_long = [name for name in names if len(name) > NAME_LIMIT]
        if too_long:
            raise forms.ValidationError(
                _("Keep each challenge under %(limit)d characters: %(name)s"),
                params={"limit": NAME_LIMIT, "name": too_long[0][:40] + "…"},
            )
        return names

    def to_input(self) -> ConversationInput:
        data = self.cleaned_data
        return ConversationInput(
            held_on=data["held_on"],
            **{name: data[name] for name in TEXT_FIELDS},
            challenges=list(data.get("challenges") or []),
            new_challenges=data["new_challenges"],
        )


class ThemeForm(forms.Form):
    """The theme the working group chose, and why."""

    base_version = forms.IntegerField(widget=forms.HiddenInput)
    theme = forms.CharField(
        label=_("Theme"),
        max_length=ThemeDecision._meta.get_field("theme").max_length,
        help_text=_("What the workshops will be about, for example “work-oriented paths”."),
    )
    reasoning = forms.CharField(
        label=_("Reasoning"),
        widget=_area(8),
        help_text=_(
            "Why this theme: how many municipalities named the challenges behind it, how "
            "great and urgent the need is, and whether they are ready to work on it."
        ),
    )

    @staticmethod
    def initial_for(decision: ThemeDecision | None) -> dict[str, Any]:
        if decision is None:
            return {"base_version": 0}
        return {
            "base_version": decision.version,
            "theme": decision.theme,
            "reasoning": decision.reasoning,
        }


class PointForm(forms.Form):
    """One point of the deep-mapping checklist."""

    text = forms.CharField(
        label=_("Point"),
        max_length=DeepMappingItem._meta.get_field("text").max_length,
        help_text=_(
            "Something a municipality either has in place or needs to improve, for example "
            "“Employers are involved in planning the training places”."
        ),
    )


class AnswersForm(forms.Form):
    """A municipality's checklist: per point where it stands, a note, and the version of the
    answer the form was opened on."""

    def __init__(
        self,
        *args: Any,
        points: list[DeepMappingItem],
        answers: dict[int, DeepMappingAnswer],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.points = points
        for number, point in enumerate(points, start=1):
            answer = answers.get(point.pk)
            self.fields[f"state_{point.pk}"] = forms.ChoiceField(
                label=f"{number}. {point.text}",
                choices=DeepMappingAnswer.State.choices,
                widget=forms.RadioSelect,
                initial=answer.state if answer else DeepMappingAnswer.State.UNKNOWN,
            )
            self.fields[f"note_{point.pk}"] = forms.CharField(
                label=_("Note on point %(number)d") % {"number": number},
                required=False,
                widget=_area(2),
                initial=answer.note if answer else "",
            )
            self.fields[f"version_{point.pk}"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=answer.version if answer else 0
            )

    def rows(
        self,
    ) -> list[tuple[DeepMappingItem, forms.BoundField, forms.BoundField, forms.BoundField]]:
        """Per point its bound fields, for the template: state, note, version."""
        return [
            (
                point,
                self[f"state_{point.pk}"],
                self[f"note_{point.pk}"],
                self[f"version_{point.pk}"],
            )
            for point in self.points
        ]

    def answers(self) -> list[AnswerInput]:
        data = self.cleaned_data
        return [
            AnswerInput(
                point=point,
                state=data[f"state_{point.pk}"],
                note=data[f"note_{point.pk}"],
                base_version=data[f"version_{point.pk}"],
            )
            for point in self.points
        ]
