from django.urls import path

from trinvis.competences.views import matrix

urlpatterns = [
    path("<int:pk>/matrix/", matrix.matrix, name="matrix"),
    path("<int:pk>/matrix.<str:fmt>", matrix.matrix_export, name="matrix_export"),
    path("<int:pk>/people/<int:person_pk>/", matrix.person, name="person"),
    path("<int:pk>/needs/", matrix.needs, name="needs"),
    path("development/<int:profile_pk>/", matrix.development, name="development"),
]
