from django.contrib.auth import views as auth_views
from django.urls import path

from trinvis.accounts import views
from trinvis.accounts.oidc import views as sso_views
from trinvis.accounts.personal_data import views as personal_data_views
from trinvis.accounts.two_factor import views as two_factor_views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    # Django's logout, which after a single sign-on login also ends the provider's session.
    path("logout/", sso_views.LogoutView.as_view(), name="logout"),
    # Single sign-on (trinvis/accounts/oidc/): 404 unless TRINVIS_OIDC_* configure it.
    path("sso/start/", sso_views.SingleSignOnStartView.as_view(), name="sso_start"),
    path("sso/callback/", sso_views.SingleSignOnCallbackView.as_view(), name="sso_callback"),
    path("sso/logged-out/", sso_views.SingleSignOnLoggedOutView.as_view(), name="sso_logged_out"),
    path("language/", views.set_language, name="set_language"),
    path("profile/", views.profile, name="profile"),
    path("profile/my-data.json", personal_data_views.my_data_json, name="my_data_json"),
    path("profile/my-data.pdf", personal_data_views.my_data_pdf, name="my_data_pdf"),
    path("people/<int:pk>/erase/", personal_data_views.person_erase_view, name="person_erase"),
    path("people/dormant/", personal_data_views.dormant_accounts_view, name="dormant_accounts"),
    path("two-factor/", two_factor_views.verify, name="two_factor_verify"),
    path("two-factor/setup/", two_factor_views.setup, name="two_factor_setup"),
    path(
        "two-factor/recovery-codes/",
        two_factor_views.recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("two-factor/remove/", two_factor_views.remove, name="two_factor_remove"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "invitation/<uidb64>/<token>/",
        views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
]
