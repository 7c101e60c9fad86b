"""The questionnaire builder: a new questionnaire, the builder page with its outline, the
editor of a question or a section, moving, deleting, and the title and languages.

Every page is for people who may manage surveys in the questionnaire's organisation
(`questionnaire_get_for_user(write=True)`: the library's questionnaires are never changed in
place, copy them first). Every write goes through `builder.questionnaire_build` with the
version the page was opened on. A questionnaire a survey uses is shown read-only: its
answers point at its questions.

The editor works without JavaScript. Its extra buttons ("Change the type", "Add an option",
"Show the conditions for this question") send the form back to be shown again with what
was typed kept; "Change the type" with an unchanged type is the first button of the form,
so pressing Enter in a field saves.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.surveys import builder
from trinvis.surveys.access import organisations_for_surveys, questionnaire_get_for_user
from trinvis.surveys.builder import BuilderConflict, Change, Place, QuestionDraft, Source
from trinvis.surveys.definition import from_json
from trinvis.surveys.forms_builder import (
    SECTION,
    TYPES,
    AddForm,
    DeleteForm,
    ItemForm,
    MoveForm,
    OptionFormSet,
    QuestionnaireNewForm,
    SettingsForm,
    StatementFormSet,
    current_scale,
    draft_choices,
    end_place,
    item_initial,
    kept_expressions,
    kind_of,
    language_name,
    option_initial,
    statement_initial,
)
from trinvis.surveys.forms_questionnaires import QuestionnaireCopyForm
from trinvis.surveys.models import Questionnaire
from trinvis.surveys.xlsform import Item, Question, QuestionType, Section
from trinvis.surveys.xlsform import Questionnaire as Definition

ROW_ACTIONS = {"add_option": "options", "add_statement": "statements"}


def _writable(request: AuthenticatedRequest, pk: int) -> Questionnaire:
    return questionnaire_get_for_user(user=request.user, pk=pk, write=True)


def _builder_url(questionnaire: Questionnaire, name: str = "") -> str:
    url = reverse("surveys:builder", args=[questionnaire.pk])
    return f"{url}#item-{name}" if name else url


def _read_only(request: AuthenticatedRequest, questionnaire: Questionnaire) -> bool:
    """A survey uses it: its pages for changes send the person back to the builder page,
    which says why."""
    if questionnaire.surveys.exists():
        messages.info(request, _("A survey uses this questionnaire, so it cannot change."))
        return True
    return False


# --- a new questionnaire -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_new(request: AuthenticatedRequest) -> HttpResponse:
    organisations = organisations_for_surveys(user=request.user)
    if not organisations.exists():
        raise PermissionDenied
    language = get_language() or "en"
    form = QuestionnaireNewForm(
        request.POST or None,
        organisations=organisations,
        initial={"languages": [language], "default_language": language},
    )
    if request.method == "POST" and form.is_valid():
        questionnaire = builder.questionnaire_start(
            by=request.user,
            organisation=form.cleaned_data["organisation"],
            title=form.cleaned_data["title"],
            languages=form.chosen_languages,
            default_language=form.cleaned_data["default_language"],
        )
        messages.success(request, _("The questionnaire is created. Now add its questions."))
        return redirect("surveys:builder", pk=questionnaire.pk)
    return render(request, "surveys/builder/new.html", {"form": form})


# --- the builder page ------------------------------------------------------------------------


@login_required
@require_GET
def builder_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    questionnaire = _writable(request, pk)
    definition = from_json(questionnaire.definition)
    used = questionnaire.surveys.exists()
    wanted = Place.parse(request.GET.get("at", ""))
    at = wanted if wanted and _place_exists(definition, wanted) else end_place(definition)
    context = {
        "questionnaire": questionnaire,
        "entries": builder.outline(definition),
        "used": used,
        "languages": [language_name(code) for code in definition.languages],
        "default_language": language_name(definition.default_language),
        "add_form": None
        if used
        else AddForm(definition=definition, initial={"kind": TYPES[0].value, "at": str(at)}),
        "copy_form": QuestionnaireCopyForm(
            organisations=organisations_for_surveys(user=request.user)
        )
        if used
        else None,
    }
    return render(request, "surveys/builder/builder.html", context)


def _place_exists(definition: Definition, place: Place) -> bool:
    try:
        return 0 <= place.index <= len(builder.children(definition, place.parent))
    except KeyError:
        return False


# --- the editor of a question or a section -------------------------------------------------


@dataclass
class Editor:
    """The forms of the editor page: the item, and its options or its statements."""

    form: ItemForm
    options: Any = None
    statements: Any = None

    @property
    def parts(self) -> list[Any]:
        return [part for part in (self.form, self.options, self.statements) if part is not None]

    def is_valid(self) -> bool:
        valid = [part.is_valid() for part in self.parts]  # every part, so all show their errors
        return all(valid)

    def errors(self) -> list[tuple[str, str]]:
        """(field id or "", text) for the error summary, in the order of the page."""
        found = [("", str(error)) for error in self.form.non_field_errors()]
        for name, errors in self.form.errors.items():
            if name in self.form.fields:
                label = self.form.summary_labels.get(name) or str(self.form[name].label)
                found += [(self.form[name].auto_id, f"{label}: {error}") for error in errors]
        for rows, what in ((self.options, _("Option")), (self.statements, _("Statement"))):
            if rows is None:
                continue
            found += [("", str(error)) for error in rows.non_form_errors()]
            for number, row in enumerate(rows.forms, start=1):
                for name, errors in row.errors.items():
                    if name in row.fields:
                        label = _("%(row)s %(number)s, %(field)s") % {
                            "row": what,
                            "number": number,
                            "field": row[name].label,
                        }
                        found += [(row[name].auto_id, f"{label}: {error}") for error in errors]
        return found


@dataclass
class EditorPage:
    """What the editor of one item at one place needs besides the forms."""

    questionnaire: Questionnaire
    definition: Definition
    place: Place
    item: Item | None

    @property
    def sources(self) -> list[Source]:
        return builder.sources_before(self.definition, self.place)

    def forms(
        self,
        kind: QuestionType | str,
        *,
        data: QueryDict | None = None,
        initial: dict[str, Any] | None = None,
        options: list[dict[str, Any]] | None = None,
        statements: list[dict[str, Any]] | None = None,
    ) -> Editor:
        sources = self.sources
        kept_relevant, kept_constraint = kept_expressions(self.item, sources)
        common = {
            "languages": self.definition.languages,
            "default": self.definition.default_language,
        }
        form = ItemForm(
            data,
            initial=initial,
            kind=kind,
            definition=self.definition,
            sources=sources,
            kept_relevant=kept_relevant,
            kept_constraint=kept_constraint,
            own_scale=current_scale(self.item, self.definition),
        )
        editor = Editor(form)
        if kind in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
            editor.options = OptionFormSet(
                data, initial=options, prefix="option", form_kwargs=common
            )
        if kind is QuestionType.MATRIX:
            editor.statements = StatementFormSet(
                data, initial=statements, prefix="statement", form_kwargs=common
            )
        return editor

    def first(self, kind: QuestionType | str) -> Editor:
        """The editor as first opened: the item's values, or empty rows for a new one."""
        initial = (
            item_initial(self.item, self.definition, self.sources) if self.item is not None else {}
        )
        initial["version"] = self.questionnaire.version
        if kind != SECTION:
            initial["type"] = str(kind)
        return self.forms(
            kind,
            initial=initial,
            options=option_initial(self.item, self.definition),
            statements=statement_initial(self.item),
        )

    def again(self, posted: Editor, kind: QuestionType | str, add: str = "") -> Editor:
        """The posted input shown again as a fresh form (no errors yet) for `kind`, with an
        empty option or statement row added when asked for."""
        initial = {name: posted.form[name].value() for name in posted.form.fields}
        initial["type"] = str(kind)
        rows = {
            key: [
                {name: row[name].value() for name in row.fields}
                for row in formset.forms
                if not row["remove"].value()
            ]
            for key, formset in (("options", posted.options), ("statements", posted.statements))
            if formset is not None
        }
        if add:
            rows.setdefault(add, []).append({})
        if kind in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
            rows.setdefault("options", option_initial(None, self.definition))
        if kind is QuestionType.MATRIX:
            rows.setdefault("statements", statement_initial(None))
        return self.forms(
            kind, initial=initial, options=rows.get("options"), statements=rows.get("statements")
        )

    def change(self, editor: Editor, kind: QuestionType | str, made: list[str]) -> Change:
        """The builder change a valid editor asks for; the item's name goes into `made`."""
        form, name = editor.form, self.item.name if self.item is not None else ""
        place = None if self.item is not None else self.place
        if kind == SECTION:
            labels, relevant = form.texts("label"), form.relevant

            def put_section(definition: Definition) -> Definition:
                changed, made_name = builder.section_put(
                    definition, labels=labels, relevant=relevant, name=name, place=place
                )
                made.append(made_name)
                return changed

            return put_section
        assert isinstance(kind, QuestionType)
        choices, scale = draft_choices(
            form, editor.options, current_scale(self.item, self.definition)
        )
        statements = tuple(
            builder.StatementDraft(
                row.cleaned_data["name"], row.texts(), row.cleaned_data["required"]
            )
            for row in (editor.statements.forms if editor.statements is not None else [])
            if row.kept
        )
        draft = QuestionDraft(
            type=kind,
            labels=form.texts("label"),
            hints=form.texts("hint"),
            required=bool(form.cleaned_data.get("required")),
            relevant=form.relevant,
            constraint=form.constraint,
            constraint_messages=form.number_messages(),
            choices=choices,
            scale=scale,
            statements=statements,
        )

        def put_question(definition: Definition) -> Definition:
            changed, made_name = builder.question_put(definition, draft, name=name, place=place)
            made.append(made_name)
            return changed

        return put_question


def _render_editor(
    request: AuthenticatedRequest,
    page: EditorPage,
    editor: Editor,
    kind: QuestionType | str,
    *,
    conflict: bool = False,
) -> HttpResponse:
    if page.item is not None:
        label = builder.text_of(page.item.labels, page.definition.default_language)
        heading = _("Change “%(item)s”") % {"item": label or page.item.name}
    else:
        heading = _("New section") if kind == SECTION else _("New question")
    context = {
        "heading": heading,
        "questionnaire": page.questionnaire,
        "item": page.item,
        "kind": str(kind),
        "is_section": kind == SECTION,
        "at": str(page.place),
        "editor": editor,
        "form": editor.form,
        "errors": editor.errors() if editor.form.is_bound else [],
        "conflict": conflict,
        "cancel_url": _builder_url(page.questionnaire, page.item.name if page.item else ""),
    }
    return render(request, "surveys/builder/item.html", context)


def _editor_view(
    request: AuthenticatedRequest, page: EditorPage, kind: QuestionType | str
) -> HttpResponse:
    if request.method != "POST":
        return _render_editor(request, page, page.first(kind), kind)
    posted = page.forms(kind, data=request.POST)
    wanted = kind_of(request.POST.get("type")) if kind != SECTION else SECTION
    action = request.POST.get("action", "save")
    if isinstance(wanted, QuestionType) and wanted != kind:
        return _render_editor(request, page, page.again(posted, wanted), wanted)
    if action in ROW_ACTIONS:
        return _render_editor(request, page, page.again(posted, kind, ROW_ACTIONS[action]), kind)
    rule_changed = request.POST.get("rule_question", "") != request.POST.get("rule_shown_for", "")
    if action == "refresh" and rule_changed:
        return _render_editor(request, page, page.again(posted, kind), kind)
    if not posted.is_valid():
        return _render_editor(request, page, posted, kind)
    made: list[str] = []
    try:
        builder.questionnaire_build(
            questionnaire=page.questionnaire,
            base_version=posted.form.cleaned_data["version"],
            change=page.change(posted, kind, made),
        )
    except BuilderConflict as conflict:
        return _on_conflict(request, page, conflict.questionnaire, kind)
    except ValidationError as error:
        posted.form.add_error(None, error)
        return _render_editor(request, page, posted, kind)
    messages.success(
        request,
        _("The section is saved.") if kind == SECTION else _("The question is saved."),
    )
    return redirect(_builder_url(page.questionnaire, made[-1]))


def _on_conflict(
    request: AuthenticatedRequest,
    page: EditorPage,
    newer: Questionnaire,
    kind: QuestionType | str,
) -> HttpResponse:
    """The person's input again, now based on the newer version: saving again applies their
    change to it. An item someone deleted meanwhile cannot be saved."""
    definition = from_json(newer.definition)
    place, item = page.place, None
    if page.item is not None:
        try:
            place, item = builder.locate(definition, page.item.name)
        except KeyError:
            messages.error(request, _("Someone else deleted this item while you were changing it."))
            return redirect(_builder_url(newer))
    newer_page = EditorPage(newer, definition, place, item)
    data = request.POST.copy()
    data["version"] = str(newer.version)
    editor = newer_page.forms(kind, data=data)
    editor.is_valid()
    return _render_editor(request, newer_page, editor, kind, conflict=True)


@login_required
@require_http_methods(["GET", "POST"])
def builder_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    questionnaire = _writable(request, pk)
    if _read_only(request, questionnaire):
        return redirect(_builder_url(questionnaire))
    definition = from_json(questionnaire.definition)
    values = request.POST if request.method == "POST" else request.GET
    kind = kind_of(values.get("kind")) or TYPES[0]
    wanted = Place.parse(values.get("at", ""))
    place = wanted if wanted and _place_exists(definition, wanted) else end_place(definition)
    return _editor_view(request, EditorPage(questionnaire, definition, place, None), kind)


@login_required
@require_http_methods(["GET", "POST"])
def builder_edit(request: AuthenticatedRequest, pk: int, name: str) -> HttpResponse:
    questionnaire = _writable(request, pk)
    if _read_only(request, questionnaire):
        return redirect(_builder_url(questionnaire))
    definition = from_json(questionnaire.definition)
    try:
        place, item = builder.locate(definition, name)
    except KeyError:
        raise Http404 from None
    kind: QuestionType | str = SECTION
    if isinstance(item, Question):
        shown = kind_of(request.POST.get("kind")) if request.method == "POST" else None
        kind = shown if isinstance(shown, QuestionType) else item.type
    return _editor_view(request, EditorPage(questionnaire, definition, place, item), kind)


# --- moving and deleting ---------------------------------------------------------------------


@login_required
@require_POST
def builder_move(request: AuthenticatedRequest, pk: int, name: str) -> HttpResponse:
    questionnaire = _writable(request, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was moved: the form was incomplete."))
        return redirect(_builder_url(questionnaire))
    up = form.cleaned_data["direction"] == "up"
    try:
        builder.questionnaire_build(
            questionnaire=questionnaire,
            base_version=form.cleaned_data["version"],
            change=lambda definition: builder.item_move(definition, name, up=up),
        )
    except BuilderConflict:
        messages.error(request, _conflict_message())
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Moved up.") if up else _("Moved down."))
    return redirect(_builder_url(questionnaire, name))


def _conflict_message() -> str:
    return _(
        "Someone else changed the questionnaire in the meantime, so nothing was changed. "
        "Here it is as it is now; do it again if you still want to."
    )


@login_required
@require_http_methods(["GET", "POST"])
def builder_delete(request: AuthenticatedRequest, pk: int, name: str) -> HttpResponse:
    questionnaire = _writable(request, pk)
    if _read_only(request, questionnaire):
        return redirect(_builder_url(questionnaire))
    definition = from_json(questionnaire.definition)
    try:
        _place, item = builder.locate(definition, name)
    except KeyError:
        raise Http404 from None
    holds = len(item.items) if isinstance(item, Section) else 0
    form = DeleteForm(request.POST or None, holds=holds, initial={"version": questionnaire.version})
    if request.method == "POST" and form.is_valid():
        keep = form.cleaned_data.get("contents") == DeleteForm.KEEP
        try:
            builder.questionnaire_build(
                questionnaire=questionnaire,
                base_version=form.cleaned_data["version"],
                change=lambda found: builder.item_remove(found, name, keep_contents=keep),
            )
        except BuilderConflict:
            messages.error(request, _conflict_message())
            return redirect(_builder_url(questionnaire))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("It is deleted."))
            return redirect(_builder_url(questionnaire))
    context = {
        "questionnaire": questionnaire,
        "item": item,
        "label": builder.text_of(item.labels, definition.default_language) or item.name,
        "is_section": isinstance(item, Section),
        "holds": holds,
        "form": form,
    }
    return render(request, "surveys/builder/delete.html", context)


# --- title and languages ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def builder_settings(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    questionnaire = _writable(request, pk)
    if _read_only(request, questionnaire):
        return redirect(_builder_url(questionnaire))
    definition = from_json(questionnaire.definition)
    form = SettingsForm(
        request.POST or None,
        extra_languages=definition.languages,
        initial={
            "title": definition.title or questionnaire.title,
            "languages": list(definition.languages),
            "default_language": definition.default_language,
            "version": questionnaire.version,
        },
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        languages = form.chosen_languages
        try:
            builder.questionnaire_build(
                questionnaire=questionnaire,
                base_version=values["version"],
                change=lambda found: builder.settings_put(
                    found,
                    title=values["title"],
                    languages=languages,
                    default_language=values["default_language"],
                ),
            )
        except BuilderConflict as error:
            conflict = True
            data = request.POST.copy()
            data["version"] = str(error.questionnaire.version)
            form = SettingsForm(data, extra_languages=definition.languages)
            form.is_valid()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The title and languages are saved."))
            return redirect(_builder_url(questionnaire))
    context = {"questionnaire": questionnaire, "form": form, "conflict": conflict}
    return render(request, "surveys/builder/settings.html", context)
