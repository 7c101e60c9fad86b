"""The form of a person's reminder choices: one checkbox per kind of reminder mail, ticked
while the mail is wanted, each saying when it comes (the moments are procedure.py's)."""

from typing import Any

from django import forms
from django.utils.translation import gettext, ngettext

from trinvis.learning import procedure
from trinvis.learning.models import LearningPreferences, Reminder

Kind = Reminder.Kind

# The kinds a participant gets, then those a leader gets: the page shows them in two groups.
AS_PARTICIPANT = (Kind.PARTICIPANT_BEFORE, Kind.PARTICIPANT_AFTER, Kind.FOLLOW_UP_DAY)
AS_LEADER = (Kind.LEADER_BEFORE, Kind.LEADER_AFTER)


def _explained() -> dict[str, tuple[str, str]]:
    """Each kind's label and when it comes, in the active language."""
    weeks = procedure.BEFORE_DAYS // 7
    first, last = procedure.DEFAULT_AFTER_DAYS[0], procedure.DEFAULT_AFTER_DAYS[-1]
    return {
        Kind.PARTICIPANT_BEFORE: (
            gettext("Getting ready for a course"),
            ngettext(
                "%(weeks)d week before a course you are enrolled in: its description, "
                "programme and preparation material, and a request to note reflections and "
                "questions from your own work.",
                "%(weeks)d weeks before a course you are enrolled in: its description, "
                "programme and preparation material, and a request to note reflections and "
                "questions from your own work.",
                weeks,
            )
            % {"weeks": weeks},
        ),
        Kind.PARTICIPANT_AFTER: (
            gettext("After a course: your goals and the course headings"),
            gettext(
                "After a course, on the days it sets, or else %(first)d and %(last)d days "
                "after its last day: the course headings and your learning goals, to help "
                "you put what you learned to use."
            )
            % {"first": first, "last": last},
        ),
        Kind.FOLLOW_UP_DAY: (
            gettext("Invitation to a follow-up day"),
            gettext(
                "When a course has a follow-up day: an invitation with a calendar file, on "
                "the course's last day."
            ),
        ),
        Kind.LEADER_BEFORE: (
            gettext("Before a course of the people you lead"),
            ngettext(
                "%(weeks)d week before a course that someone you lead is enrolled in: a "
                "reminder to talk with them about its purpose and their learning goals.",
                "%(weeks)d weeks before a course that someone you lead is enrolled in: a "
                "reminder to talk with them about its purpose and their learning goals.",
                weeks,
            )
            % {"weeks": weeks},
        ),
        Kind.LEADER_AFTER: (
            gettext("After a course of the people you lead"),
            ngettext(
                "%(days)d day after such a course ends: a prompt to hold the follow-up at "
                "home with each participant.",
                "%(days)d days after such a course ends: a prompt to hold the follow-up at "
                "home with each participant.",
                procedure.LEADER_AFTER_DAYS,
            )
            % {"days": procedure.LEADER_AFTER_DAYS},
        ),
    }


class RemindersForm(forms.Form):
    """Which reminder mails the person gets: a field named after each kind, ticked = on."""

    base_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, (label, help_text) in _explained().items():
            widget = forms.CheckboxInput(
                attrs={"class": "ds-input", "aria-describedby": f"id_{kind}_help"}
            )
            self.fields[kind] = forms.BooleanField(
                label=label, help_text=help_text, required=False, widget=widget
            )

    @staticmethod
    def initial_for(preferences: LearningPreferences) -> dict[str, Any]:
        return {
            "base_version": preferences.version,
            **{kind: preferences.wants(kind) for kind in Kind.values},
        }

    def participant_fields(self) -> list[forms.BoundField]:
        return [self[kind] for kind in AS_PARTICIPANT]

    def leader_fields(self) -> list[forms.BoundField]:
        return [self[kind] for kind in AS_LEADER]

    def switched_off(self) -> list[str]:
        return [kind for kind in Kind.values if not self.cleaned_data[kind]]
