"""Course providers' programmes: the programme, its modules and runs, enrolments and their
confirmation by the leader, the participants of a run, progress against the target, and a
municipality's view of its own enrolments."""

from django.urls import path

from trinvis.programmes.views import (
    courses,
    courses_enrolments,
    courses_progress,
    courses_runs,
)

urlpatterns = [
    path("courses/", courses.course_index, name="courses"),
    path("courses/new/", courses.course_create, name="course_create"),
    path("courses/<int:pk>/", courses.course_detail, name="course_detail"),
    path("courses/<int:pk>/edit/", courses.course_edit, name="course_edit"),
    path("courses/<int:pk>/delete/", courses.course_delete, name="course_delete"),
    path("courses/<int:pk>/targets/", courses.course_targets, name="course_targets"),
    path("courses/<int:pk>/modules/new/", courses.module_create, name="course_module_create"),
    path("courses/modules/<int:pk>/edit/", courses.module_edit, name="course_module_edit"),
    path("courses/modules/<int:pk>/delete/", courses.module_delete, name="course_module_delete"),
    path("courses/modules/<int:pk>/runs/new/", courses_runs.run_create, name="course_run_create"),
    path("courses/runs/<int:pk>/", courses_runs.run_detail, name="course_run"),
    path("courses/runs/<int:pk>/edit/", courses_runs.run_edit, name="course_run_edit"),
    path("courses/runs/<int:pk>/delete/", courses_runs.run_delete, name="course_run_delete"),
    path(
        "courses/runs/<int:pk>/attendance/",
        courses_runs.run_attendance,
        name="course_run_attendance",
    ),
    path(
        "courses/runs/<int:pk>/participants.csv",
        courses_runs.run_participants_csv,
        name="course_run_csv",
    ),
    path("courses/<int:pk>/progress/", courses_progress.course_progress, name="course_progress"),
    path("courses/<int:pk>/enrol/", courses_enrolments.enrol, name="course_enrol"),
    path(
        "courses/enrolments/<int:pk>/",
        courses_enrolments.enrolment_detail,
        name="course_enrolment",
    ),
    path(
        "courses/enrolments/<int:pk>/confirm/",
        courses_enrolments.enrolment_confirm,
        name="course_enrolment_confirm",
    ),
    path(
        "courses/enrolments/<int:pk>/decline/",
        courses_enrolments.enrolment_decline,
        name="course_enrolment_decline",
    ),
    path(
        "courses/enrolments/<int:pk>/cancel/",
        courses_enrolments.enrolment_cancel,
        name="course_enrolment_cancel",
    ),
    path(
        "courses/confirmations/",
        courses_enrolments.confirmations,
        name="course_confirmations",
    ),
    path(
        "courses/municipality/",
        courses_progress.municipality_view,
        name="course_municipality",
    ),
]
