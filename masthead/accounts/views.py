from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from masthead.core.http import client_ip

from . import actions
from .exports import member_data
from .forms import DeleteAccountForm, DisplayNameForm, NotificationPreferencesForm
from .models import User
from .panels import profile_panels
from .selectors import STAFF_CANNOT_DELETE, access_member_for_profile, may_delete_own_account


@require_GET
def profile(request: HttpRequest, username: str) -> HttpResponse:
    """A member's public page: name, Member since, Posts, badges, and the panels other
    apps add (their recent comments)."""
    member = access_member_for_profile(username)
    return render(
        request,
        "accounts/profile.html",
        {"member": member, "panels": profile_panels(request, member)},
    )


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    """The member's own settings: display name and notification preferences (one form
    each, told apart by the button pressed)."""
    user = request.user
    assert isinstance(user, User)
    name_form = DisplayNameForm(initial={"display_name": user.display_name})
    prefs_form = NotificationPreferencesForm(instance=user)
    status = 200
    if request.method == "POST":
        if "save_name" in request.POST:
            name_form = DisplayNameForm(request.POST)
            if name_form.is_valid():
                try:
                    actions.rename_member(
                        user=user, display_name=name_form.cleaned_data["display_name"]
                    )
                except ValidationError as exc:
                    name_form.add_error("display_name", exc.messages)
                else:
                    messages.success(request, "Your display name is now " + user.display_name + ".")
                    return HttpResponseRedirect(reverse("accounts:settings"))
        elif "save_preferences" in request.POST:
            prefs_form = NotificationPreferencesForm(request.POST, instance=user)
            if prefs_form.is_valid():
                actions.update_notification_preferences(
                    user=user,
                    notify_on_reply=prefs_form.cleaned_data["notify_on_reply"],
                    notify_on_mention=prefs_form.cleaned_data["notify_on_mention"],
                )
                messages.success(request, "Your notification preferences are saved.")
                return HttpResponseRedirect(reverse("accounts:settings"))
        status = 400
    return render(
        request,
        "accounts/settings.html",
        {"name_form": name_form, "prefs_form": prefs_form},
        status=status,
    )


@never_cache
@login_required
@require_GET
def export_data(request: HttpRequest) -> HttpResponse:
    """``/account/export/``: everything the site keeps about the member, as a JSON file."""
    user = _member(request)
    response = JsonResponse(
        member_data(user), json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    disposition = content_disposition_header(
        as_attachment=True, filename=f"masthead-{user.username}.json"
    )
    assert disposition is not None  # only None for inline without a name
    response["Content-Disposition"] = disposition
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    """``/account/delete/``: what deleting means, and the password to confirm it."""
    user = _member(request)
    allowed = may_delete_own_account(user)
    ip = client_ip(request)
    data = request.POST if request.method == "POST" else None
    form = DeleteAccountForm(data, user=user, ip=ip)
    status = 200
    if request.method == "POST":
        if not allowed:
            status = 403
        elif form.is_valid():
            actions.delete_account(user=user)
            logout(request)
            messages.success(
                request,
                "Your account is deleted. Your comments stay in their threads, "
                'shown as by "deleted member".',
            )
            return HttpResponseRedirect(reverse("articles:front_page"))
        else:
            if form.has_error("password", "password_incorrect"):
                actions.record_login_failure(login=user.email, ip=ip)
            status = 400
    return render(
        request,
        "accounts/delete_account.html",
        {"form": form, "allowed": allowed, "refusal": "" if allowed else STAFF_CANNOT_DELETE},
        status=status,
    )


def _member(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user
