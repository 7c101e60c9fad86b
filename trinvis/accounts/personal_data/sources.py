"""Every place Trinvis holds data about a person, and what erasure does there: the one list.

A new model with a relation to the user goes here as a `Source` (what the person downloads,
what erasure does, and why) or into EXCLUSIONS with the reason it holds nothing about the
person; test_personal_data_registry.py fails until it is in one of them.

The rule behind the erasure decisions: what only describes the person (their logbook, goals,
motivation checks, talks, settings, logins, memberships) is deleted; what others' figures
are counted from (competence levels, survey answers, enrolments, workshop places) stays,
with its free texts emptied and its link to the person either cut or left pointing at the
anonymised account; shared work the person took part in (rounds, plans, runs) keeps them as
the anonymised account. The audit log is kept whole: it is the security record, and its
events hold the e-mail address as text on purpose (core.models.AuditEvent).
"""

from collections.abc import Mapping
from typing import Any

from django.db.models import BooleanField, CharField, ExpressionWrapper, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_lazy as _

from trinvis.accounts.models import User
from trinvis.accounts.personal_data.registry import Erase, Exclusion, Field, Registry, Source

# The e-mail domain of erased accounts: `.invalid` is reserved (RFC 2606), so no mail is
# ever delivered to it.
ERASED_DOMAIN = "erased.invalid"


def erased_name(person: User) -> str:
    # Stored, not shown through gettext: it is data, and reads the same to everyone.
    return f"Erased person #{person.pk}"


def in_language(labels: Any, language: str) -> Any:
    """A survey question's text in the reader's language, else in any language it has."""
    if not isinstance(labels, Mapping):
        return labels
    return labels.get(language) or next(iter(labels.values()), "")


def _survey_responses(person: User) -> Q:
    return Q(user=person) | Q(invitation__user=person)


def _own_audit_events(person: User, prefix: str = "") -> Q:
    # Events the person did, and the login events written before anyone was logged in
    # (no actor, the address typed as the label).
    return Q(**{f"{prefix}actor": person}) | Q(
        **{f"{prefix}actor__isnull": True, f"{prefix}actor_label__iexact": person.email}
    )


_KEPT_FOR_FIGURES = _(
    "The figures of the group are counted from these rows, so they stay; "
    "they no longer carry the person's name."
)
_SHARED_WORK = _(
    "Shared work the person took part in. It stays for the others, showing the "
    "anonymised account instead of the name."
)
_TASK_HANDED_BACK = _(
    "A task in shared work: it stays without a responsible person, so a leader can hand it "
    "to someone else."
)
_ONLY_ABOUT_THE_PERSON = _("Only about the person and counted nowhere else, so it is deleted.")
_LOGIN_RECORDS = _("Login records of the person's address: deleted with the account.")

SOURCES: tuple[Source, ...] = (
    # --- account and organisations ------------------------------------------------------------
    Source(
        key="account",
        title=_("Account"),
        model="accounts.User",
        where=lambda person: Q(pk=person.pk),
        fields=(
            Field("email"),
            Field("full_name"),
            Field("language"),
            Field("date_joined"),
            Field("last_login"),
            Field("is_active"),
        ),
        erase=Erase.ACCOUNT,
        reason=_(
            "The account stays so what is kept still adds up, but as “Erased person” with an "
            "address nobody receives mail at; the person can no longer log in."
        ),
    ),
    Source(
        key="memberships",
        title=_("Memberships and roles"),
        model="organisations.Membership",
        where=lambda person: Q(user=person),
        fields=(
            Field("organisation", "organisation__name"),
            Field("role"),
            Field("is_active"),
            Field("invited_by", "invited_by__full_name"),
            Field("created_at"),
            Field("updated_at"),
        ),
        erase=Erase.DELETE,
        reason=_(
            "Where the person worked and in which role. Survey answers keep the organisation "
            "and role they were given with, so no figure needs the membership."
        ),
        links=("user",),
        order_by=("organisation__path", "pk"),
    ),
    Source(
        key="single_sign_on",
        title=_("Single sign-on"),
        model="accounts.SingleSignOnIdentity",
        where=lambda person: Q(user=person),
        fields=(Field("issuer"), Field("subject"), Field("created_at")),
        erase=Erase.DELETE,
        reason=_(
            "Which login at the identity provider is the person's: it only serves logging in, "
            "so it goes with the account."
        ),
        links=("user",),
    ),
    # Two-factor login (accounts.two_factor): which devices, never their secret keys or codes.
    Source(
        key="two_factor_apps",
        title=_("Two-factor login: authenticator apps"),
        model="otp_totp.TOTPDevice",
        where=lambda person: Q(user=person),
        fields=(
            Field("name", label=_("name")),
            Field("confirmed", label=_("set up")),
            Field("created_at", label=_("created")),
            Field("last_used_at", label=_("last used")),
        ),
        erase=Erase.DELETE,
        reason=_LOGIN_RECORDS,
        links=("user",),
    ),
    Source(
        key="two_factor_recovery_codes",
        title=_("Two-factor login: recovery codes"),
        model="otp_static.StaticDevice",
        where=lambda person: Q(user=person),
        fields=(
            Field("created_at", label=_("created")),
            Field("last_used_at", label=_("last used")),
        ),
        erase=Erase.DELETE,
        reason=_LOGIN_RECORDS,
        links=("user",),
    ),
    Source(
        key="logins",
        title=_("Logins"),
        model="axes.AccessLog",
        where=lambda person: Q(username__iexact=person.email),
        fields=(
            Field("attempt_time", label=_("time")),
            Field("logout_time", label=_("logged out")),
            Field("ip_address", label=_("IP address")),
            Field("user_agent", label=_("browser")),
        ),
        erase=Erase.DELETE,
        reason=_LOGIN_RECORDS,
        order_by=("attempt_time", "pk"),
    ),
    Source(
        key="failed_logins",
        title=_("Failed logins"),
        model="axes.AccessAttempt",
        where=lambda person: Q(username__iexact=person.email),
        fields=(
            Field("attempt_time", label=_("time")),
            Field("ip_address", label=_("IP address")),
            Field("user_agent", label=_("browser")),
            Field("failures_since_start", label=_("failures")),
        ),
        erase=Erase.DELETE,
        reason=_LOGIN_RECORDS,
        order_by=("attempt_time", "pk"),
    ),
    Source(
        key="failed_login_log",
        title=_("Failed logins (log)"),
        model="axes.AccessFailureLog",
        where=lambda person: Q(username__iexact=person.email),
        fields=(
            Field("attempt_time", label=_("time")),
            Field("ip_address", label=_("IP address")),
            Field("user_agent", label=_("browser")),
            Field("locked_out", label=_("locked out")),
        ),
        erase=Erase.DELETE,
        reason=_LOGIN_RECORDS,
        order_by=("attempt_time", "pk"),
    ),
    Source(
        key="audit_own",
        title=_("Audit log: what you did"),
        model="core.AuditEvent",
        where=_own_audit_events,
        fields=(
            Field("created_at"),
            Field("action"),
            Field("target"),
            Field("ip_address"),
        ),
        erase=Erase.KEEP,
        reason=_(
            "The audit log is the security record of who did what; it is kept whole "
            "for as long as the organisation keeps its log."
        ),
        links=("actor",),
        order_by=("created_at", "pk"),
    ),
    Source(
        key="audit_about",
        title=_("Audit log: who opened or changed your data"),
        model="core.AuditEvent",
        where=lambda person: (
            ~_own_audit_events(person)
            & (
                Q(target__iexact=person.email)
                | Q(details__person=person.pk)
                | Q(subject=person)  # the access audit (issue 8)
            )
        ),
        fields=(
            Field("created_at"),
            Field("action"),
            Field("actor_label", label=_("done by")),
            Field("target"),
        ),
        erase=Erase.KEEP,
        reason=_(
            "The audit log is the security record of who did what; it is kept whole "
            "for as long as the organisation keeps its log."
        ),
        links=("subject",),
        order_by=("created_at", "pk"),
    ),
    # --- competences --------------------------------------------------------------------------
    Source(
        key="competence_rounds",
        title=_("Assessment rounds you are in"),
        model="competences.Round",
        where=lambda person: Q(people=person),
        fields=(
            Field("title"),
            Field("profile", "profile__name"),
            Field("organisation", "organisation__name"),
            Field("deadline"),
            Field("opened_at"),
            Field("closed_at"),
        ),
        erase=Erase.KEEP,
        reason=_(
            "The person stays among the round's people as the anonymised account, so the "
            "size of the group the figures rest on does not change."
        ),
        links=("people",),
        order_by=("opened_at", "pk"),
    ),
    Source(
        key="competence_assessments",
        title=_("Competence assessments of you"),
        model="competences.Assessment",
        where=lambda person: Q(person=person),
        fields=(
            Field("round", "round__title"),
            Field("kind"),
            Field("assessor", "assessor__full_name"),
            Field("submitted_at"),
            Field("updated_at"),
        ),
        erase=Erase.KEEP,
        reason=_KEPT_FOR_FIGURES,
        links=("person",),
        order_by=("round__opened_at", "kind", "pk"),
    ),
    Source(
        key="competence_ratings",
        title=_("Competence ratings of you"),
        model="competences.Rating",
        where=lambda person: Q(assessment__person=person),
        fields=(
            Field("round", "assessment__round__title", _("round")),
            Field("kind", "assessment__kind", _("kind")),
            Field("competence", "competence__name"),
            Field("level"),
            Field("comment"),
            Field("evidence"),
        ),
        erase=Erase.ANONYMISE,
        clear=lambda person: {"comment": "", "evidence": ""},
        reason=_(
            "The levels stay, because the round's matrix, medians and vulnerability are "
            "counted from them; the comments and evidence, written about the person, go."
        ),
        order_by=("assessment__round__opened_at", "assessment__kind", "competence__position"),
    ),
    # --- learning -----------------------------------------------------------------------------
    Source(
        key="plan_rows",
        title=_("Education plan rows naming you"),
        model="learning.PlanRow",
        where=lambda person: Q(people=person),
        fields=(
            Field("plan", "plan__title"),
            Field("position"),
            Field("purpose"),
            Field("activity", "activity__title"),
            Field("schedule"),
            Field("status"),
        ),
        erase=Erase.KEEP,
        reason=_SHARED_WORK,
        links=("people",),
        order_by=("plan_id", "position", "pk"),
    ),
    Source(
        key="plan_rows_responsible",
        title=_("Education plan rows you are responsible for"),
        model="learning.PlanRow",
        where=lambda person: Q(responsible=person),
        fields=(
            Field("plan", "plan__title"),
            Field("position"),
            Field("purpose"),
            Field("status"),
        ),
        erase=Erase.ANONYMISE,
        clear=lambda person: {"responsible": None},
        reason=_TASK_HANDED_BACK,
        links=("responsible",),
        order_by=("plan_id", "position", "pk"),
    ),
    Source(
        key="enrolments",
        title=_("Enrolments in education activities"),
        model="learning.Enrolment",
        where=lambda person: Q(person=person),
        fields=(
            Field("activity", "activity__title"),
            Field("starts_on", "activity__starts_on", _("starts")),
            Field("enrolled_at"),
            Field("reflections"),
            Field("colleagues_input"),
            Field("completed"),
        ),
        erase=Erase.ANONYMISE,
        clear=lambda person: {"reflections": "", "colleagues_input": ""},
        reason=_(
            "The enrolment stays so the activity's participant numbers stay; the person's "
            "own reflections go."
        ),
        links=("person",),
        order_by=("enrolled_at", "pk"),
    ),
    Source(
        key="learning_goals",
        title=_("Learning goals"),
        model="learning.LearningGoal",
        where=lambda person: Q(person=person),
        fields=(
            Field("organisation", "organisation__name"),
            Field("scope"),
            Field("activity", "activity__title"),
            Field("what_to_learn"),
            Field("use_in_practice"),
            Field("results"),
            Field("organisational_goals"),
            Field("leader_support"),
            Field("leader", "leader__full_name"),
            Field("person_confirmed_at"),
            Field("leader_confirmed_at"),
            Field("outcome"),
            Field("created_at"),
            Field("updated_at"),
        ),
        erase=Erase.DELETE,
        reason=_(
            "A personal goal is written about the person in every field, so it is deleted, "
            "with its reviews. A plan's count of agreed goals goes down by the person's goals."
        ),
        links=("person",),
        order_by=("created_at", "pk"),
    ),
    Source(
        key="goal_reviews",
        title=_("Reviews of your learning goals"),
        model="learning.GoalReview",
        where=lambda person: Q(goal__person=person),
        fields=(
            Field("goal", "goal__what_to_learn"),
            Field("outcome"),
            Field("evidence"),
            Field("reviewed_by", "reviewed_by__full_name"),
            Field("reviewed_at"),
        ),
        erase=Erase.DELETE,
        reason=_ONLY_ABOUT_THE_PERSON,
        order_by=("reviewed_at", "pk"),
    ),
    Source(
        key="logbook",
        title=_("Logbook"),
        model="learning.LogbookEntry",
        where=lambda person: Q(author=person),
        fields=(
            Field("date"),
            Field("activity", "activity__title"),
            Field("what_happened"),
            Field("what_puzzled"),
            Field("want_more"),
            Field("other"),
            Field("sharing"),
            Field("created_at"),
            Field("updated_at"),
        ),
        erase=Erase.DELETE,
        reason=_ONLY_ABOUT_THE_PERSON,
        links=("author",),
        order_by=("date", "pk"),
    ),
    Source(
        key="motivation_checks",
        title=_("Motivation checks"),
        model="learning.MotivationCheck",
        where=lambda person: Q(person=person),
        fields=(
            Field("taken_on"),
            Field("activity", "activity__title"),
            Field("meaning"),
            Field("ability"),
            Field("will"),
            Field("frame"),
            Field("benefit"),
            Field("note"),
        ),
        erase=Erase.DELETE,
        reason=_ONLY_ABOUT_THE_PERSON,
        links=("person",),
        order_by=("taken_on", "pk"),
    ),
    Source(
        key="follow_ups",
        title=_("Follow-up talks"),
        model="learning.FollowUp",
        where=lambda person: Q(person=person),
        fields=(
            Field("planned_for"),
            Field("held_on"),
            Field("leader", "leader__full_name"),
            Field("activity", "activity__title"),
            Field("notes"),
            Field("next_steps"),
        ),
        erase=Erase.DELETE,
        reason=_ONLY_ABOUT_THE_PERSON,
        links=("person",),
        order_by=("planned_for", "pk"),
    ),
    Source(
        key="reminders",
        title=_("Reminders sent to you"),
        model="learning.Reminder",
        where=lambda person: Q(person=person),
        fields=(
            Field("kind"),
            Field("activity", "activity__title"),
            Field("offset_days"),
            Field("sent_at"),
        ),
        erase=Erase.DELETE,
        reason=_ONLY_ABOUT_THE_PERSON,
        links=("person",),
        order_by=("sent_at", "pk"),
    ),
    Source(
        key="learning_preferences",
        title=_("Reminder and calendar settings"),
        model="learning.LearningPreferences",
        where=lambda person: Q(person=person),
        fields=(
            Field("reminders_off"),
            # Whether a calendar address exists; its key (a hash) is never shown.
            Field(
                "calendar_feed",
                ExpressionWrapper(Q(calendar_token__isnull=False), output_field=BooleanField()),
                _("calendar address made"),
            ),
            Field("updated_at"),
        ),
        erase=Erase.DELETE,
        reason=_ONLY_ABOUT_THE_PERSON,
        links=("person",),
    ),
    Source(
        key="implementation_teams",
        title=_("Implementation teams you are on"),
        model="learning.ImplementationPlan",
        where=lambda person: Q(team=person),
        fields=(Field("title"), Field("organisation", "organisation__name")),
        erase=Erase.KEEP,
        reason=_SHARED_WORK,
        links=("team",),
    ),
    Source(
        key="implementation_ambassador",
        title=_("Implementation plans naming you as ambassador"),
        model="learning.ImplementationPlan",
        where=lambda person: Q(ambassadors=person),
        fields=(Field("title"), Field("organisation", "organisation__name")),
        erase=Erase.KEEP,
        reason=_SHARED_WORK,
        links=("ambassadors",),
    ),
    Source(
        key="implementation_tasks",
        title=_("Implementation tasks you are responsible for"),
        model="learning.ImplementationItem",
        where=lambda person: Q(responsible=person),
        fields=(
            Field("plan", "plan__title"),
            Field("area"),
            Field("activities"),
            Field("period"),
            Field("deadline"),
            Field("status"),
        ),
        erase=Erase.ANONYMISE,
        clear=lambda person: {"responsible": None},
        reason=_TASK_HANDED_BACK,
        links=("responsible",),
        order_by=("deadline", "pk"),
    ),
    # --- surveys ------------------------------------------------------------------------------
    Source(
        key="survey_invitations",
        title=_("Survey invitations"),
        model="surveys.Invitation",
        where=lambda person: Q(user=person),
        fields=(
            Field("survey", "survey__title"),
            Field("sent_at"),
            Field("reminded_at"),
        ),
        erase=Erase.ANONYMISE,
        # The link stops working: no token hashes to this value (cf. surveys.retention).
        clear=lambda person: {
            "token_hash": Concat(Value("erased-"), Cast("pk", output_field=CharField()))
        },
        reason=_(
            "The invitation stays so the response rate stays; its link stops working and it "
            "is no longer tied to the answers."
        ),
        links=("user",),
        order_by=("survey_id", "pk"),
    ),
    Source(
        key="survey_responses",
        title=_("Survey responses"),
        model="surveys.Response",
        where=_survey_responses,
        fields=(
            Field("survey", "survey__title"),
            Field("language"),
            Field("started_at"),
            Field("submitted_at"),
            Field("organisation", "organisation__name"),
            Field("municipality", "municipality__name"),
            Field("country"),
            Field("size_class"),
            Field("unit_type"),
            Field("role"),
            Field("contact_person"),
        ),
        erase=Erase.ANONYMISE,
        clear=lambda person: {"user": None, "invitation": None},
        reason=_(
            "The response is cut loose from the person and their invitation: it becomes an "
            "anonymous response like one from an open link, so every figure stays the same."
        ),
        links=("user",),
        order_by=("started_at", "pk"),
    ),
    Source(
        key="survey_answers",
        title=_("Survey answers"),
        model="surveys.Answer",
        where=lambda person: Q(response__user=person) | Q(response__invitation__user=person),
        fields=(
            Field("survey", "response__survey__title", _("survey")),
            Field("response", "response_id"),
            Field("question", "question__labels", convert=in_language),
            Field("question_key", "question__key", _("question key")),
            Field("choice"),
            Field("number"),
            Field("text"),
        ),
        erase=Erase.KEEP,
        reason=_(
            "Anonymous once their response is cut loose from the person; the survey's "
            "results are counted from them."
        ),
        order_by=("response__started_at", "response_id", "question__position", "pk"),
    ),
    # --- toolkits -----------------------------------------------------------------------------
    Source(
        key="runs_responsible",
        title=_("Toolkit runs you are responsible for"),
        model="toolkits.Run",
        where=lambda person: Q(responsible=person),
        fields=(
            Field("title"),
            Field("organisation", "organisation__name"),
            Field("start_date"),
            Field("target_date"),
        ),
        erase=Erase.KEEP,
        reason=_(
            "A run must have a responsible person, so it keeps the anonymised account until "
            "a leader names someone else."
        ),
        links=("responsible",),
        order_by=("start_date", "pk"),
    ),
    Source(
        key="runs_participant",
        title=_("Toolkit runs you take part in"),
        model="toolkits.Run",
        where=lambda person: Q(participants=person),
        fields=(Field("title"), Field("organisation", "organisation__name"), Field("start_date")),
        erase=Erase.KEEP,
        reason=_SHARED_WORK,
        links=("participants",),
        order_by=("start_date", "pk"),
    ),
    Source(
        key="run_steps_owned",
        title=_("Toolkit steps you own"),
        model="toolkits.RunStep",
        where=lambda person: Q(owner=person),
        fields=(
            Field("run", "run__title"),
            Field("key"),
            Field("status"),
            Field("due_date"),
        ),
        erase=Erase.ANONYMISE,
        clear=lambda person: {"owner": None},
        reason=_TASK_HANDED_BACK,
        links=("owner",),
        order_by=("run_id", "position", "pk"),
    ),
    # --- programmes ---------------------------------------------------------------------------
    Source(
        key="programme_working_groups",
        title=_("Programme working groups you are in"),
        model="programmes.AgencyProgramme",
        where=lambda person: Q(working_group=person),
        fields=(Field("name"), Field("owner", "owner__name")),
        erase=Erase.KEEP,
        reason=_SHARED_WORK,
        links=("working_group",),
    ),
    Source(
        key="programme_contact",
        title=_("Contact person for a municipality in a programme"),
        model="programmes.Candidate",
        where=lambda person: Q(contact_email__iexact=person.email),
        fields=(
            Field("programme", "programme__name"),
            Field("area", "area__name"),
            Field("contact_name"),
            Field("contact_email"),
            Field("contact_phone"),
            Field("contact_role"),
        ),
        erase=Erase.ANONYMISE,
        clear=lambda person: {
            "contact_name": "",
            "contact_email": "",
            "contact_phone": "",
            "contact_role": "",
        },
        reason=_(
            "The municipality stays in the programme; its contact details are emptied, so "
            "the agency asks for a new contact person."
        ),
    ),
    Source(
        key="workshop_participation",
        title=_("Workshop participation"),
        model="programmes.WorkshopParticipant",
        where=lambda person: Q(user=person) | Q(email__iexact=person.email),
        fields=(
            Field("workshop", "workshop__title"),
            Field("starts_on", "workshop__starts_on", _("first day")),
            Field("municipality", "candidate__area__name", _("municipality")),
            Field("name"),
            Field("email"),
            Field("unit_type"),
            Field("position"),
            Field("decision_authority"),
        ),
        erase=Erase.ANONYMISE,
        clear=lambda person: {"name": erased_name(person), "email": "", "position": ""},
        reason=_(
            "The place stays so the workshop's participant numbers per unit stay; the name, "
            "address and position go."
        ),
        links=("user",),
        order_by=("workshop__starts_on", "pk"),
    ),
    Source(
        key="course_enrolments",
        title=_("Course enrolments"),
        model="programmes.CourseEnrolment",
        where=lambda person: Q(person=person),
        fields=(
            Field("course", "course__programme__name"),
            Field("municipality", "municipality__name"),
            Field("unit", "unit__name"),
            Field("position"),
            Field("experience_years"),
            Field("purpose"),
            Field("leader", "leader__full_name"),
            Field("leader_confirmed_at"),
            Field("leader_note"),
            Field("state"),
            Field("created_at"),
        ),
        erase=Erase.ANONYMISE,
        clear=lambda person: {
            "position": "",
            "experience_years": None,
            "purpose": "",
            "leader_note": "",
        },
        reason=_(
            "The enrolment stays so the course's numbers per region and municipality stay; "
            "the purpose, position, experience and the leader's note go."
        ),
        links=("person",),
        order_by=("created_at", "pk"),
    ),
    Source(
        key="module_choices",
        title=_("Course modules you chose"),
        model="programmes.ModuleChoice",
        where=lambda person: Q(enrolment__person=person),
        fields=(
            Field("module", "run__module__title", _("module")),
            Field("starts_on", "run__activity__starts_on", _("starts")),
            Field("completed"),
        ),
        erase=Erase.KEEP,
        reason=_KEPT_FOR_FIGURES,
        order_by=("run__activity__starts_on", "pk"),
    ),
    Source(
        key="module_runs_taught",
        title=_("Course modules you teach"),
        model="programmes.ModuleRun",
        where=lambda person: Q(teachers=person),
        fields=(
            Field("module", "module__title"),
            Field("starts_on", "activity__starts_on", _("starts")),
            Field("region", "region__name"),
        ),
        erase=Erase.KEEP,
        reason=_SHARED_WORK,
        links=("teachers",),
    ),
    Source(
        key="letters_received",
        title=_("Letters sent to you from a programme"),
        model="programmes.Letter",
        where=lambda person: Q(to_email__iexact=person.email),
        fields=(
            Field("programme", "programme__name"),
            Field("kind"),
            Field("subject"),
            Field("body"),
            Field("sent_at"),
            Field("outcome"),
        ),
        erase=Erase.KEEP,
        reason=_(
            "The agency's record of its letters to municipalities (to the role, not the "
            "private person): kept as the agency's correspondence."
        ),
        order_by=("sent_at", "pk"),
    ),
    # E-mail outbox (trinvis/outbox): the messages Trinvis sent or is sending to the person.
    Source(
        key="outbox",
        title=_("E-mails to you"),
        model="outbox.OutboxMessage",
        where=lambda person: Q(recipient=person),
        fields=(
            Field("created_at"),
            Field("subject"),
            Field("status"),
            Field("sent_at"),
        ),
        erase=Erase.DELETE,
        reason=_(
            "Copies of e-mails to the person, kept only until they are sent and for a short "
            "while after: they describe nothing anyone else needs."
        ),
        links=("recipient",),
        order_by=("created_at", "pk"),
    ),
)

# Relations to the user that hold nothing about the person themself: they say who created,
# changed or recorded shared content. The row belongs to the shared work; after erasure it
# names the anonymised account.
_DONE_BY = "who did something to shared content; the row is about that content, not the person"

EXCLUSIONS: tuple[Exclusion, ...] = (
    Exclusion("admin.LogEntry.user", "Django admin's change history: " + _DONE_BY),
    Exclusion("organisations.Membership.invited_by", _DONE_BY),
    Exclusion("toolkits.Run.created_by", _DONE_BY),
    Exclusion("toolkits.Worksheet.updated_by", _DONE_BY),
    Exclusion("toolkits.WorksheetRevision.by", _DONE_BY),
    Exclusion("toolkits.RunStepChange.by", _DONE_BY),
    Exclusion("competences.Profile.created_by", _DONE_BY),
    Exclusion("competences.Round.opened_by", _DONE_BY),
    Exclusion(
        "competences.Assessment.assessor",
        "the leader who rated someone: the ratings are the assessed person's data",
    ),
    Exclusion("competences.NeedPriority.decided_by", _DONE_BY),
    Exclusion("indicators.ImportBatch.imported_by", _DONE_BY),
    Exclusion("indicators.Baseline.set_by", _DONE_BY),
    Exclusion("learning.EducationPlan.created_by", _DONE_BY),
    Exclusion(
        "learning.LearningGoal.leader",
        "the leader who agreed a goal: the goal is the employee's data",
    ),
    Exclusion(
        "learning.FollowUp.leader", "the leader who held a talk: the talk is the employee's data"
    ),
    Exclusion("learning.GoalReview.reviewed_by", _DONE_BY),
    Exclusion("learning.ImplementationPlan.created_by", _DONE_BY),
    Exclusion("learning.ProcessMeeting.recorded_by", _DONE_BY),
    Exclusion("surveys.Questionnaire.created_by", _DONE_BY),
    Exclusion("surveys.Survey.opened_by", _DONE_BY),
    Exclusion("surveys.ColumnMapping.updated_by", _DONE_BY),
    Exclusion("surveys.Report.updated_by", _DONE_BY),
    Exclusion("programmes.AgencyProgramme.created_by", _DONE_BY),
    Exclusion("programmes.SelectionRule.updated_by", _DONE_BY),
    Exclusion("programmes.Candidate.decided_by", _DONE_BY),
    Exclusion("programmes.Letter.sent_by", _DONE_BY),
    Exclusion("programmes.MappingConversation.recorded_by", _DONE_BY),
    Exclusion("programmes.ThemeDecision.decided_by", _DONE_BY),
    Exclusion("programmes.HomeworkSubmission.submitted_by", _DONE_BY),
    Exclusion("programmes.FollowUpConversation.recorded_by", _DONE_BY),
    Exclusion("programmes.InternalNote.written_by", _DONE_BY),
    Exclusion(
        "programmes.CourseEnrolment.leader",
        "the leader who confirmed an enrolment: the enrolment is the participant's data",
    ),
)

REGISTRY = Registry(SOURCES, EXCLUSIONS)
