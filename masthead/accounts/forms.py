from __future__ import annotations

from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from masthead.core.http import client_ip
from masthead.core.refusals import Refused

from . import actions, hooks
from .models import User
from .selectors import login_attempt_verdict


class SignupForm(AllauthSignupForm):
    """Sign-up asks for an e-mail, a display name and a password; no username, so the
    form never tells anyone whether an account exists (a taken e-mail gets the same
    "check your inbox" answer, and its owner a mail)."""

    display_name = forms.CharField(
        label="Display name",
        help_text="Shown with your comments. You can change it later.",
    )
    field_order = ["email", "display_name", "password1"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "E-mail"
        max_length = str(settings.MASTHEAD_DISPLAY_NAME_MAX_LENGTH)
        self.fields["display_name"].widget.attrs.update(
            {"maxlength": max_length, "autocomplete": "nickname"}
        )

    def try_save(self, request: HttpRequest) -> tuple[User | None, HttpResponse | None]:
        """Save the new member, unless a sign-up guard (``hooks``: a rate limit) refuses:
        then nothing is saved or mailed, and the answer is the refusal's page (429 with
        ``Retry-After``). Checked before allauth asks whether the e-mail is taken."""
        try:
            hooks.run_signup_guards(hooks.SignupAttempt(ip=client_ip(request)))
        except Refused as refusal:
            response = render(
                request, "429.html", {"refusal": refusal.message}, status=refusal.status
            )
            if refusal.retry_after is not None:
                response["Retry-After"] = str(refusal.retry_after)
            return None, response
        user, response = super().try_save(request)
        return user, response

    def clean_display_name(self) -> str:
        candidate = User()
        try:
            actions.apply_display_name(candidate, self.cleaned_data["display_name"])
        except ValidationError as exc:
            raise ValidationError(_messages(exc)) from None
        return candidate.display_name


class DisplayNameForm(forms.Form):
    display_name = forms.CharField(label="Display name")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["display_name"].widget.attrs["maxlength"] = str(
            settings.MASTHEAD_DISPLAY_NAME_MAX_LENGTH
        )


class NotificationPreferencesForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ["notify_on_reply", "notify_on_mention"]


class DeleteAccountForm(forms.Form):
    """Deleting an account asks for the current password again: a logged-in browser
    left open is not enough. Checked under the log-in throttle, so the form is no
    faster way to guess a password than the log-in page."""

    password = forms.CharField(
        label="Your current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, ip: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.ip = ip

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        verdict = login_attempt_verdict(login=self.user.email, ip=self.ip)
        if not verdict.allowed:
            raise ValidationError(verdict.message, code="too_many_login_attempts")
        if not self.user.check_password(password):
            raise ValidationError("That is not your current password.", code="password_incorrect")
        return password


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for errors in exc.message_dict.values() for m in errors]
    return exc.messages


class LoginForm(AllauthLoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "E-mail"
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me logged in on this device"
        self.fields["password"].help_text = ""  # the page links the reset itself
