"""URLs of the personal tools of transfer: my learning, my people, goals, logbook,
motivation checks and follow-up talks."""

from django.urls import path

from trinvis.learning.views import follow_ups, goals, lead, logbook, motivation, personal

urlpatterns = [
    path("me/", personal.me, name="me"),
    path("people/", personal.people, name="people"),
    path("lead/", lead.lead, name="lead"),
    path("people/<int:pk>/", personal.person, name="person"),
    # Goals
    path("people/<int:person_pk>/goals/new/", goals.goal_create, name="goal_create"),
    path("goals/organisational/", goals.org_goals, name="org_goals"),
    path("goals/organisational/new/", goals.org_goal_create, name="org_goal_create"),
    path("goals/<int:pk>/", goals.goal_detail, name="goal_detail"),
    path("goals/<int:pk>/edit/", goals.goal_edit, name="goal_edit"),
    path("goals/<int:pk>/confirm/", goals.goal_confirm, name="goal_confirm"),
    path("goals/<int:pk>/review/", goals.goal_review, name="goal_review"),
    # Logbook
    path("logbook/", logbook.logbook, name="logbook"),
    path("logbook/print/", logbook.logbook_print, name="logbook_print"),
    path("logbook/shared/", logbook.logbook_shared, name="logbook_shared"),
    path("logbook/new/", logbook.logbook_create, name="logbook_create"),
    path("logbook/<int:pk>/", logbook.logbook_entry, name="logbook_entry"),
    path("logbook/<int:pk>/edit/", logbook.logbook_edit, name="logbook_edit"),
    path("logbook/<int:pk>/delete/", logbook.logbook_delete, name="logbook_delete"),
    # Motivation
    path("motivation/", motivation.motivation_page, name="motivation"),
    path("motivation/new/", motivation.motivation_create, name="motivation_create"),
    path("motivation/<int:pk>/", motivation.motivation_check, name="motivation_check"),
    path("motivation/questions/", motivation.motivation_questions, name="motivation_questions"),
    path(
        "motivation/questions/<int:pk>/",
        motivation.motivation_questions_edit,
        name="motivation_questions_edit",
    ),
    # Follow-up talks
    path(
        "people/<int:person_pk>/follow-ups/new/",
        follow_ups.follow_up_create,
        name="follow_up_create",
    ),
    path("follow-ups/<int:pk>/", follow_ups.follow_up, name="follow_up"),
    path("follow-ups/<int:pk>/delete/", follow_ups.follow_up_delete, name="follow_up_delete"),
]
