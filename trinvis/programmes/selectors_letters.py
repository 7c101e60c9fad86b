"""Reads for the letters of a programme: its templates per kind and language, the log of
letters sent (per programme, per municipality, one letter with its access check), and the
drafts a sending shows before anything goes out.

A draft is the letter one municipality would get: written in the municipality's language
(letters.language_for), or in English when the programme has no template in it, filled in
with the municipality, its contact person, the workshop and the sender. Building the drafts
for any number of municipalities takes two queries (the templates, the letters sent
before); the `fingerprint` of the drafts lets the sending check that what goes out is what
was previewed.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import Truncator

from trinvis.accounts.models import User
from trinvis.outbox.models import OutboxMessage
from trinvis.programmes import letters
from trinvis.programmes.access import TAKING_PART, candidate_get_for_user, candidates_in_reach
from trinvis.programmes.models import (
    AgencyProgramme,
    Candidate,
    Letter,
    LetterTemplate,
    Workshop,
)
from trinvis.programmes.models.agency import LetterKind

SUBJECT_LENGTH = Letter._meta.get_field("subject").max_length or 200


# --- templates ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateRow:
    """A kind of letter in a language, with the programme's template when it has one."""

    kind: str
    kind_label: str
    language: str
    language_label: str
    template: LetterTemplate | None


def template_rows(programme: AgencyProgramme) -> list[TemplateRow]:
    """Every kind × language of the site, written or not; one query."""
    written = {
        (template.kind, template.language): template
        for template in LetterTemplate.objects.filter(programme=programme)
    }
    return [
        TemplateRow(
            kind, str(kind_label), language, str(language_label), written.get((kind, language))
        )
        for kind, kind_label in LetterKind.choices
        for language, language_label in settings.LANGUAGES
    ]


def template_of(programme: AgencyProgramme, kind: str, language: str) -> LetterTemplate | None:
    return LetterTemplate.objects.filter(programme=programme, kind=kind, language=language).first()


# --- the log --------------------------------------------------------------------------------


# A letter's state is its outbox message's: read with the letter, without the mail's copy.
_MESSAGE_COPY = [
    f"message__{name}"
    for name in ("subject", "body", "to", "cc", "bcc", "headers", "alternatives", "attachments")
]


def with_state(found: QuerySet[Letter]) -> QuerySet[Letter]:
    """The letters with what Letter.state needs, in the same query."""
    return found.select_related("message").defer(*_MESSAGE_COPY)


def reached() -> Q:
    """Letters that went out: through the outbox, or before it (their stored outcome)."""
    return Q(message__isnull=True, outcome=Letter.Outcome.SENT) | Q(
        message__status=OutboxMessage.Status.SENT
    )


def reached_or_on_its_way() -> Q:
    """Letters that went out, or are waiting in the outbox and will be tried again: a
    second sending of the same letter asks first about these."""
    return reached() | Q(message__status=OutboxMessage.Status.PENDING)


def _log(found: QuerySet[Letter]) -> QuerySet[Letter]:
    return with_state(found.select_related("candidate__area", "workshop", "sent_by")).order_by(
        "-sent_at", "-pk"
    )


def letters_of_programme(*, programme: AgencyProgramme, user: Any, runs: bool) -> QuerySet[Letter]:
    """The programme's letters the user may read: all for those who run it, else those sent
    to the user's own municipality."""
    reach = candidates_in_reach(user=user, programme=programme, runs=runs)
    found = Letter.objects.filter(programme=programme)
    return _log(found if runs else found.filter(candidate__in=reach))


def letters_of_candidate(candidate: Candidate) -> QuerySet[Letter]:
    return _log(Letter.objects.filter(candidate=candidate))


def letter_get_for_user(*, user: Any, pk: Any, write: bool = False) -> Letter:
    """A letter for a view, under its municipality's rules (candidate_get_for_user): those
    who run the programme read and send it again, the municipality's members read it (403
    on a write), anyone else 404."""
    found = (
        with_state(Letter.objects.select_related("workshop", "sent_by")).filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise Http404
    found.candidate = candidate_get_for_user(user=user, pk=found.candidate_id, write=write)
    found.programme = found.candidate.programme
    return found


def same_letter(*, candidate_ids: Sequence[int], kind: str, workshop: Workshop | None) -> Q:
    """Letters of this kind, about this workshop (or about none), to these municipalities."""
    about = Q(workshop=workshop) if workshop is not None else Q(workshop__isnull=True)
    return Q(candidate_id__in=candidate_ids, kind=kind) & about


def last_sent(
    *, candidate_ids: Sequence[int], kind: str, workshop: Workshop | None
) -> dict[int, Letter]:
    """The last letter of this kind about this workshop that reached each municipality, or
    is on its way there (waiting in the outbox); one query."""
    sent = with_state(
        Letter.objects.filter(
            same_letter(candidate_ids=candidate_ids, kind=kind, workshop=workshop),
            reached_or_on_its_way(),
        )
    ).order_by("candidate_id", "-sent_at", "-pk")
    found: dict[int, Letter] = {}
    for letter in sent:
        found.setdefault(letter.candidate_id, letter)
    return found


# --- sending ----------------------------------------------------------------------------------


def sendable_candidates(programme: AgencyProgramme) -> QuerySet[Candidate]:
    """The municipalities taking part, which letters go to, by name."""
    return (
        Candidate.objects.filter(programme=programme, status__in=TAKING_PART)
        .select_related("area")
        .order_by("area__name", "pk")
    )


@dataclass(frozen=True)
class Draft:
    """The letter one municipality would get. `language` is what it is written in (None:
    the programme has neither the municipality's language nor English, so nothing can be
    sent); `wanted` the municipality's own; `empty` the placeholders it uses that have
    no value; `sent_before` the last time this letter reached the municipality."""

    candidate: Candidate
    wanted: str
    language: str | None
    subject: str
    body: str
    empty: tuple[str, ...]
    sent_before: Letter | None

    @property
    def ready(self) -> bool:
        return self.language is not None

    @property
    def fallback(self) -> bool:
        return self.language is not None and self.language != self.wanted

    @property
    def language_name(self) -> str:
        return str(dict(settings.LANGUAGES).get(self.language or "", ""))

    @property
    def wanted_name(self) -> str:
        return str(dict(settings.LANGUAGES).get(self.wanted, self.wanted))

    @property
    def to_email(self) -> str:
        """Where the letter goes unless the sender types another address."""
        return self.candidate.contact_email


def _dates(workshop: Workshop) -> str:
    first = date_format(workshop.starts_on, "DATE_FORMAT")
    if workshop.ends_on == workshop.starts_on:
        return first
    return f"{first} – {date_format(workshop.ends_on, 'DATE_FORMAT')}"


def sender_line(*, sender: User, programme: AgencyProgramme) -> str:
    """Who signs: the sender's name and, below it, the programme's owner."""
    return f"{sender.full_name or sender.email}\n{programme.owner.name}"


def shared_values(
    *, programme: AgencyProgramme, workshop: Workshop | None, sender: User, language: str
) -> dict[str, str]:
    """The values that are the same for every municipality, dates in `language`."""
    values = {
        "programme": programme.name,
        "sender": sender_line(sender=sender, programme=programme),
    }
    if workshop is not None:
        with translation.override(language):
            deadline = workshop.registration_deadline
            values.update(
                target_group=workshop.target_group,
                place=workshop.place,
                dates=_dates(workshop),
                background=workshop.background,
                goal=workshop.goal,
                themes=workshop.themes,
                cost=workshop.cost,
                deadline=date_format(deadline, "DATE_FORMAT") if deadline else "",
            )
    return values


def one_line(subject: str) -> str:
    """A subject as a mail header takes it: one line, no longer than the log keeps."""
    return Truncator(" ".join(subject.split())).chars(SUBJECT_LENGTH)


def drafts_for(
    *,
    programme: AgencyProgramme,
    kind: str,
    workshop: Workshop | None,
    candidates: Sequence[Candidate],
    sender: User,
) -> list[Draft]:
    """The letter each municipality would get, in the order given; two queries."""
    templates = {
        template.language: template
        for template in LetterTemplate.objects.filter(programme=programme, kind=kind)
    }
    before = last_sent(candidate_ids=[c.pk for c in candidates], kind=kind, workshop=workshop)
    shared: dict[str, dict[str, str]] = {}
    drafts = []
    for candidate in candidates:
        wanted = letters.language_for(candidate.area.country)
        language = letters.choose_language(wanted, templates)
        if language is None:
            drafts.append(Draft(candidate, wanted, None, "", "", (), before.get(candidate.pk)))
            continue
        if language not in shared:
            shared[language] = shared_values(
                programme=programme, workshop=workshop, sender=sender, language=language
            )
        values = {
            **shared[language],
            "municipality": candidate.area.name or str(candidate.area),
            "contact": candidate.contact_name,
        }
        template = templates[language]
        drafts.append(
            Draft(
                candidate=candidate,
                wanted=wanted,
                language=language,
                subject=one_line(letters.fill(template.subject, values)),
                body=letters.fill(template.body, values),
                empty=tuple(letters.without_value([template.subject, template.body], values)),
                sent_before=before.get(candidate.pk),
            )
        )
    return drafts


def fingerprint(*, kind: str, workshop: Workshop | None, drafts: Sequence[Draft]) -> str:
    """A digest of exactly what would be sent to whom: it changes when a template, the
    workshop, a contact person or the choice of municipalities changes after the preview."""
    digest = hashlib.sha256(f"{kind}\x1e{workshop.pk if workshop else ''}".encode())
    for draft in drafts:
        fields = (draft.candidate.pk, draft.to_email, draft.language, draft.subject, draft.body)
        digest.update(("\x1e" + "\x1f".join(map(str, fields))).encode())
    return digest.hexdigest()
