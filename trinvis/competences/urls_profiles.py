from django.urls import path

from trinvis.competences.views import profiles

urlpatterns = [
    path("", profiles.index, name="index"),
    path("profiles/new/", profiles.profile_create, name="profile_create"),
    path("profiles/import/", profiles.profile_import_view, name="profile_import"),
    path("profiles/<int:pk>/", profiles.profile_detail, name="profile_detail"),
    path("profiles/<int:pk>/edit/", profiles.profile_edit, name="profile_edit"),
    path("profiles/<int:pk>/export/<slug:fmt>/", profiles.profile_export, name="profile_export"),
]
