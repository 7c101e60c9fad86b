from django.urls import path

from trinvis.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("new/", views.organisation_create, name="create_root"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:parent_pk>/new/", views.organisation_create, name="create"),
    path("<int:pk>/edit/", views.organisation_edit, name="edit"),
    path("<int:pk>/people/", views.people, name="people"),
    path("<int:pk>/people/invite/", views.person_invite, name="invite"),
    path("<int:pk>/people/import/", views.people_import_view, name="import"),
    path("<int:pk>/people/export.csv", views.people_export, name="export"),
    path("memberships/<int:pk>/", views.membership_edit, name="membership"),
    path("memberships/<int:pk>/status/", views.membership_status, name="membership_status"),
    path("audit/", views.audit_log, name="audit_log"),
]
