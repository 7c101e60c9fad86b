"""The programme itself, its selection and its municipalities."""

from django.urls import path

from trinvis.programmes.views import candidates, programmes, selection

urlpatterns = [
    path("", programmes.index, name="index"),
    path("new/", programmes.create, name="create"),
    path("<int:pk>/", programmes.programme, name="programme"),
    path("<int:pk>/edit/", programmes.edit, name="edit"),
    path("<int:pk>/delete/", programmes.delete, name="delete"),
    path("<int:pk>/selection/", selection.selection, name="selection"),
    path("<int:pk>/selection/criteria/", selection.criteria, name="criteria"),
    path("<int:pk>/selection/shortlist/", selection.shortlist_save, name="shortlist_save"),
    path("<int:pk>/municipalities/add/", candidates.candidate_add, name="candidate_add"),
    path("municipalities/<int:pk>/", candidates.candidate, name="candidate"),
    path("municipalities/<int:pk>/decide/", candidates.candidate_decide, name="candidate_decide"),
    path(
        "municipalities/<int:pk>/contact/", candidates.candidate_contact, name="candidate_contact"
    ),
]
