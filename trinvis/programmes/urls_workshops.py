"""URLs of the workshops: the programme's workshops, a workshop and its run sheet and
agenda, participants per municipality, homework, the evaluation notes and starting a
municipality's plan."""

from django.urls import path

from trinvis.programmes.views import homework, workshop_evaluation, workshop_participants
from trinvis.programmes.views import workshops as views

urlpatterns = [
    path("<int:pk>/workshops/", views.workshop_list, name="workshops"),
    path("<int:pk>/workshops/new/", views.workshop_create, name="workshop_create"),
    path("workshops/<int:pk>/", views.workshop_detail, name="workshop_detail"),
    path("workshops/<int:pk>/edit/", views.workshop_edit, name="workshop_edit"),
    path("workshops/<int:pk>/delete/", views.workshop_delete, name="workshop_delete"),
    path("workshops/<int:pk>/run-sheet/", views.workshop_run_sheet, name="workshop_run_sheet"),
    path("workshops/<int:pk>/agenda/", views.workshop_agenda, name="workshop_agenda"),
    path("workshops/<int:pk>/run-sheet/new/", views.line_create, name="run_sheet_line_create"),
    path("run-sheet/<int:pk>/edit/", views.line_edit, name="run_sheet_line_edit"),
    path("run-sheet/<int:pk>/delete/", views.line_delete, name="run_sheet_line_delete"),
    path("run-sheet/<int:pk>/move/", views.line_move, name="run_sheet_line_move"),
    path(
        "workshops/<int:pk>/municipalities/<int:candidate>/participants/new/",
        workshop_participants.participant_create,
        name="workshop_participant_create",
    ),
    path(
        "participants/<int:pk>/edit/",
        workshop_participants.participant_edit,
        name="workshop_participant_edit",
    ),
    path(
        "participants/<int:pk>/delete/",
        workshop_participants.participant_delete,
        name="workshop_participant_delete",
    ),
    path(
        "municipalities/<int:pk>/plan/start/",
        workshop_participants.plan_start,
        name="municipality_plan_start",
    ),
    path("<int:pk>/homework/", homework.homework, name="homework"),
    path("<int:pk>/homework/new/", homework.task_create, name="homework_task_create"),
    path("homework/<int:pk>/edit/", homework.task_edit, name="homework_task_edit"),
    path("homework/<int:pk>/delete/", homework.task_delete, name="homework_task_delete"),
    path(
        "homework/<int:pk>/municipalities/<int:candidate>/",
        homework.answer,
        name="homework_answer",
    ),
    path(
        "workshops/<int:pk>/evaluation/",
        workshop_evaluation.evaluation,
        name="workshop_evaluation",
    ),
    path(
        "workshops/<int:pk>/evaluation/new/",
        workshop_evaluation.evaluation_add,
        name="workshop_evaluation_add",
    ),
    path(
        "workshops/<int:pk>/evaluation.csv",
        workshop_evaluation.evaluation_csv,
        name="workshop_evaluation_csv",
    ),
    path(
        "evaluation/<int:pk>/delete/",
        workshop_evaluation.evaluation_delete,
        name="workshop_evaluation_delete",
    ),
]
