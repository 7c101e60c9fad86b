from django.urls import path

from trinvis.indicators.views import definitions, indicator, targets

urlpatterns = [
    path("", definitions.index, name="index"),
    path("new/", definitions.definition_create, name="definition_create"),
    path("<int:pk>/", indicator.indicator_page, name="indicator"),
    path("<int:pk>/edit/", definitions.definition_edit, name="definition_edit"),
    path("<int:pk>/delete/", definitions.definition_delete, name="definition_delete"),
    path("<int:pk>/zero-point/<int:org_pk>/", targets.baseline_create, name="baseline_create"),
    path("zero-points/<int:pk>/", targets.baseline_edit, name="baseline_edit"),
    path("zero-points/<int:pk>/delete/", targets.baseline_delete, name="baseline_delete"),
    path("zero-points/<int:pk>/targets/new/", targets.target_create, name="target_create"),
    path("targets/<int:pk>/", targets.target_edit, name="target_edit"),
    path("targets/<int:pk>/delete/", targets.target_delete, name="target_delete"),
]
