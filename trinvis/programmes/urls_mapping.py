"""URLs of the mapping: the conversations with the municipalities, the compilation of the
challenges they name, the theme decision and the deep-mapping checklist."""

from django.urls import path

from trinvis.programmes.views import mapping

urlpatterns = [
    path("<int:pk>/mapping/", mapping.mapping_index, name="mapping"),
    path("<int:pk>/mapping/compilation/", mapping.compilation, name="mapping_compilation"),
    path(
        "<int:pk>/mapping/compilation.csv",
        mapping.compilation_csv,
        name="mapping_compilation_csv",
    ),
    path("<int:pk>/mapping/theme/", mapping.theme, name="mapping_theme"),
    path("<int:pk>/mapping/checklist/", mapping.checklist, name="mapping_checklist"),
    path(
        "<int:pk>/mapping/checklist/points/new/",
        mapping.point_create,
        name="mapping_point_create",
    ),
    path("mapping/points/<int:pk>/edit/", mapping.point_edit, name="mapping_point_edit"),
    path("mapping/points/<int:pk>/move/", mapping.point_move, name="mapping_point_move"),
    path("mapping/points/<int:pk>/delete/", mapping.point_delete, name="mapping_point_delete"),
    path(
        "mapping/municipalities/<int:pk>/conversation/",
        mapping.conversation,
        name="mapping_conversation",
    ),
    path(
        "mapping/municipalities/<int:pk>/checklist/",
        mapping.answers,
        name="mapping_answers",
    ),
]
