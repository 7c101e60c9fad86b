from django.urls import path

from trinvis.toolkits.views import catalogue

urlpatterns = [
    path("", catalogue.toolkit_list, name="list"),
    path("search/", catalogue.toolkit_search, name="search"),
    path("barriers/", catalogue.toolkit_barriers, name="barriers"),
    path("<int:pk>/", catalogue.toolkit_detail, name="detail"),
    path("<int:pk>/adapt/", catalogue.toolkit_adapt, name="adapt"),
    path("<int:pk>/rename/", catalogue.toolkit_rename, name="rename"),
    path("<int:pk>/steps/<slug:key>/", catalogue.toolkit_step, name="step"),
    path("<int:pk>/steps/<slug:key>/rename/", catalogue.toolkit_step_rename, name="step_rename"),
    path("<int:pk>/steps/<slug:key>/add-after/", catalogue.toolkit_step_add, name="step_add"),
    path(
        "<int:pk>/steps/<slug:key>/questions/add/",
        catalogue.toolkit_question_add,
        name="question_add",
    ),
]
