from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trinvis.accounts.forms import LanguageForm, LoginForm, ProfileForm
from trinvis.accounts.http import AuthenticatedRequest
from trinvis.accounts.personal_data.viewed import data_viewed
from trinvis.accounts.services import user_set_language, user_update_profile
from trinvis.accounts.two_factor.policy import two_factor_status
from trinvis.core.models import AuditEvent
from trinvis.core.services import audit_record


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"

    def form_valid(self, form: Any) -> HttpResponse:
        audit_record(
            action=AuditEvent.Action.PASSWORD_RESET_REQUESTED,
            actor_label=form.cleaned_data["email"],
            request=self.request,
        )
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit_record(action=AuditEvent.Action.PASSWORD_CHANGED, actor=form.user, request=None)
        return response


class InvitationAcceptView(PasswordResetConfirmView):
    """An invited person chooses a password through the same signed, one-time link."""

    template_name = "accounts/invitation_accept.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("core:home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Welcome to Trinvis. Your password is set."))
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit_record(
            action=AuditEvent.Action.PASSWORD_CHANGED, actor=self.request.user, request=self.request
        )
        messages.success(self.request, _("Your password is changed."))
        return response


@login_required
def profile(request: AuthenticatedRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = user_update_profile(user=request.user, **form.cleaned_data)
        if user.language:
            translation.activate(user.language)
        messages.success(request, _("Your profile is saved."))
        return _redirect_with_language(reverse("accounts:profile"), user.language)
    views, views_total = data_viewed(person=request.user)
    context = {"form": form, "data_views": views, "data_views_total": views_total}
    context["two_factor"] = two_factor_status(request.user)
    return render(request, "accounts/profile.html", context)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch language from the header; remembered on the user and in a cookie."""
    form = LanguageForm(request.POST)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("core:home")
    if not form.is_valid():
        return redirect(next_url)
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        user_set_language(user=request.user, language=language)
    return _redirect_with_language(next_url, language)


def _redirect_with_language(url: str, language: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response
