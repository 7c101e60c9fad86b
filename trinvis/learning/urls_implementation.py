"""URLs of the procedure around a course (a participant's "before" page, an activity's
"after" page and its follow-up day as a calendar file) and of implementation: plans, their
items and follow-up meetings, and my tasks."""

from django.urls import path

from trinvis.learning.views import enrolments, implementation

urlpatterns = [
    path("enrolments/<int:pk>/before/", enrolments.enrolment_before, name="enrolment_before"),
    path("catalogue/<int:pk>/after/", enrolments.activity_after, name="activity_after"),
    path(
        "catalogue/<int:pk>/follow-up-day.ics",
        enrolments.activity_follow_up_ics,
        name="activity_follow_up_ics",
    ),
    path("implementation/", implementation.plan_list, name="implementation_list"),
    path("implementation/new/", implementation.plan_create, name="implementation_create"),
    path("implementation/<int:pk>/", implementation.plan_detail, name="implementation_detail"),
    path("implementation/<int:pk>/edit/", implementation.plan_edit, name="implementation_edit"),
    path(
        "implementation/<int:pk>/delete/",
        implementation.plan_delete,
        name="implementation_delete",
    ),
    path("implementation/<int:pk>/print/", implementation.plan_print, name="implementation_print"),
    path(
        "implementation/<int:pk>/items/new/",
        implementation.item_create,
        name="implementation_item_create",
    ),
    path(
        "implementation/items/<int:pk>/edit/",
        implementation.item_edit,
        name="implementation_item_edit",
    ),
    path(
        "implementation/items/<int:pk>/delete/",
        implementation.item_delete,
        name="implementation_item_delete",
    ),
    path(
        "implementation/items/<int:pk>/done/",
        implementation.item_done,
        name="implementation_item_done",
    ),
    path(
        "implementation/<int:pk>/meetings/new/",
        implementation.meeting_create,
        name="implementation_meeting_create",
    ),
    path(
        "implementation/meetings/<int:pk>/",
        implementation.meeting_detail,
        name="implementation_meeting",
    ),
    path(
        "implementation/meetings/<int:pk>/delete/",
        implementation.meeting_delete,
        name="implementation_meeting_delete",
    ),
    path("tasks/", implementation.tasks, name="tasks"),
]
