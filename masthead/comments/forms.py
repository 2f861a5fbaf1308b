from __future__ import annotations

import functools
from typing import Any

from django import forms
from django.conf import settings

from masthead.accounts.names import clean_display_name
from masthead.accounts.selectors import name_is_taken_by_member
from masthead.core import antibot


def _body_field(max_length: int) -> forms.CharField:
    return forms.CharField(
        label="Your comment",
        widget=forms.Textarea(
            attrs={
                "rows": 5,
                "placeholder": "Join the discussion…",
                "maxlength": str(max_length),
            }
        ),
        help_text=(
            "Markdown: *emphasis*, **bold**, [links](https://…), > quotes, lists, `code`. "
            '#12 links to comment 12; @username, @Display_Name or @"Display Name" '
            "mentions a member."
        ),
        error_messages={"required": "Write something before posting."},
    )


class _CommentText(forms.Form):
    """The rules of a comment's text, which a new comment and an edit share."""

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("Write something before posting.")
        max_length = settings.MASTHEAD_COMMENT_MAX_LENGTH
        if len(body) > max_length:
            raise forms.ValidationError(
                f"Comments are limited to {max_length:,} characters; "
                f"this one has {len(body):,}. Shorten it and try again."
            )
        return body


class CommentEditForm(_CommentText):
    """A new text for one's own comment."""

    body = _body_field(0)  # its length limit is the setting's, set for each form

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["maxlength"] = str(settings.MASTHEAD_COMMENT_MAX_LENGTH)


# What a guest reads when their post looks like a bot's (``antibot``); nothing is posted.
BOT_TRAP_MESSAGES = {
    antibot.HONEYPOT_FILLED: (
        "Your comment was not posted: the hidden field “Leave this empty” was filled in "
        "(an autofill tool, perhaps). Empty it and press Post comment again."
    ),
    antibot.TOO_FAST: (
        "That was quicker than anyone types: your comment has not been posted yet. "
        "Check it and press Post comment again."
    ),
    antibot.NO_START: (
        "Your comment has not been posted yet: the form was out of date. "
        "Check it and press Post comment again."
    ),
}


@functools.lru_cache(maxsize=16)
def _comment_fields(
    *, is_guest: bool, max_length: int, name_max_length: int
) -> dict[str, forms.Field]:
    """The fields of a new comment's form, made once for each kind (``CommentForm``)."""
    fields: dict[str, forms.Field] = {
        "body": _body_field(max_length),
        "reply_to": forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput),
    }
    if is_guest:
        fields["name"] = forms.CharField(
            label="Name",
            widget=forms.TextInput(attrs={"maxlength": str(name_max_length)}),
            error_messages={"required": "Give a name to post as a guest."},
        )
        fields["email"] = forms.EmailField(
            label="E-mail (optional, never shown)",
            required=False,
            max_length=254,
        )
        fields.update(antibot.bot_trap_fields())
    return fields


class CommentForm(_CommentText):
    """A new comment or reply. Guests also give a name and, optionally, an e-mail, and
    their form carries the bot traps (``core.antibot``: a honeypot field and the time
    the form was made, at least ``MASTHEAD_MIN_SUBMIT_SECONDS`` before it is posted).

    Its fields are made once for each kind of form (guest or member, and the length
    limits in the settings) and shared by every form of that kind: Django copies a
    form's fields, widgets and messages for each form, which cost a tenth of posting a
    comment. Nothing changes a field once made; a form that must, copies it first.
    """

    def __init__(self, *args: Any, is_guest: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_guest = is_guest
        self.fields = dict(
            _comment_fields(
                is_guest=is_guest,
                max_length=settings.MASTHEAD_COMMENT_MAX_LENGTH,
                name_max_length=settings.MASTHEAD_DISPLAY_NAME_MAX_LENGTH,
            )
        )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if self.is_guest:
            trap = antibot.bot_trap_error(self, min_seconds=settings.MASTHEAD_MIN_SUBMIT_SECONDS)
            if trap:
                raise forms.ValidationError(BOT_TRAP_MESSAGES[trap], code=trap)
        return cleaned

    def clean_name(self) -> str:
        """A guest's name follows the members' rules (no hidden or direction-flipping
        characters) and may not pass for a member, a look-alike of one, or the site."""
        name: str = self.cleaned_data.get("name", "")
        if not self.is_guest:
            return name
        name = clean_display_name(name)
        if name_is_taken_by_member(name):
            raise forms.ValidationError(
                "That name belongs to a member, looks too much like one, or is kept for "
                "the site. Log in to use it, or choose another."
            )
        return name
