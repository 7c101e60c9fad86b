"""URLs of the education plans: plans, their rows, enrolment and the Excel export."""

from django.urls import path

from trinvis.learning.views import plans

urlpatterns = [
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/delete/", plans.plan_delete, name="plan_delete"),
    path("plans/<int:pk>/plan.xlsx", plans.plan_export, name="plan_export"),
    path("plans/<int:pk>/rows/new/", plans.row_create, name="plan_row_create"),
    path("plans/rows/<int:pk>/edit/", plans.row_edit, name="plan_row_edit"),
    path("plans/rows/<int:pk>/delete/", plans.row_delete, name="plan_row_delete"),
    path("plans/rows/<int:pk>/move/", plans.row_move, name="plan_row_move"),
    path("plans/rows/<int:pk>/enrol/", plans.row_enrol, name="plan_row_enrol"),
]
