"""How allauth fits Masthead: throttled log-ins, display names at sign-up, mail through
the task queue, and one idea of the client's address."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest
from django.utils.text import slugify

from masthead.core.http import client_ip
from masthead.core.mail import queue_email

from . import actions
from .models import User
from .selectors import login_attempt_verdict


def _typed_login(credentials: dict[str, Any]) -> str:
    return str(credentials.get("email") or credentials.get("username") or "")


def user_display(user: User) -> str:
    """How allauth's pages and mails name a member: as the site does."""
    return user.public_name


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Refuse before checking the password while the login is slowed or cooling off.
        The same answer comes whether or not the account exists."""
        verdict = login_attempt_verdict(login=_typed_login(credentials), ip=client_ip(request))
        if not verdict.allowed:
            raise ValidationError(verdict.message, code="too_many_login_attempts")

    def authenticate(self, request: HttpRequest, **credentials: Any) -> AbstractBaseUser | None:
        user: AbstractBaseUser | None = super().authenticate(request, **credentials)
        if user is not None:
            actions.clear_login_failures(login=_typed_login(credentials), ip=client_ip(request))
        return user

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        actions.record_login_failure(login=_typed_login(credentials), ip=client_ip(request))

    def get_client_ip(self, request: HttpRequest) -> str:
        return client_ip(request)

    def save_user(
        self, request: HttpRequest, user: AbstractBaseUser, form: BaseForm, commit: bool = True
    ) -> AbstractBaseUser:
        """A new member: the signup form has already checked the display name; the
        username (used in profile addresses) is made from it."""
        assert isinstance(user, User)
        actions.apply_display_name(user, form.cleaned_data["display_name"])
        user.username = self.generate_unique_username([slugify(user.display_name), "member"])
        saved: AbstractBaseUser = super().save_user(request, user, form, commit=commit)
        return saved

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render now (the request is here), send from the worker after commit."""
        request = allauth_context.request
        full_context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "site_name": settings.MASTHEAD_SITE_NAME,  # subjects render without the request
        }
        full_context.update(context)
        queue_email(self.render_mail(template_prefix, email, full_context))
