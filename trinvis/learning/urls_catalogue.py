from django.urls import path

from trinvis.learning.views import catalogue, principles, programmes

urlpatterns = [
    path("catalogue/", catalogue.activity_list, name="activity_list"),
    path("catalogue/new/", catalogue.activity_create, name="activity_create"),
    path("catalogue/<int:pk>/", catalogue.activity_detail, name="activity_detail"),
    path("catalogue/<int:pk>/edit/", catalogue.activity_edit, name="activity_edit"),
    path("catalogue/<int:pk>/delete/", catalogue.activity_delete, name="activity_delete"),
    path("catalogue/programmes/new/", programmes.programme_create, name="programme_create"),
    path("catalogue/programmes/<int:pk>/", programmes.programme_detail, name="programme_detail"),
    path("catalogue/programmes/<int:pk>/edit/", programmes.programme_edit, name="programme_edit"),
    path(
        "catalogue/programmes/<int:pk>/delete/",
        programmes.programme_delete,
        name="programme_delete",
    ),
    path("catalogue/programmes/<int:pk>/paths/new/", programmes.path_create, name="path_create"),
    path("catalogue/paths/<int:pk>/", programmes.path_detail, name="path_detail"),
    path("catalogue/paths/<int:pk>/edit/", programmes.path_edit, name="path_edit"),
    path("catalogue/paths/<int:pk>/delete/", programmes.path_delete, name="path_delete"),
    path("catalogue/paths/<int:pk>/steps/", programmes.path_steps, name="path_steps"),
    path("principles/", principles.principle_overview, name="principles"),
    path("principles/<int:org_pk>/", principles.principle_list, name="principle_list"),
    path("principles/<int:org_pk>/new/", principles.principle_create, name="principle_create"),
    path("principles/<int:org_pk>/adopt/", principles.principle_adopt, name="principle_adopt"),
    path("principles/item/<int:pk>/edit/", principles.principle_edit, name="principle_edit"),
    path("principles/item/<int:pk>/delete/", principles.principle_delete, name="principle_delete"),
    path("principles/item/<int:pk>/move/", principles.principle_move, name="principle_move"),
]
