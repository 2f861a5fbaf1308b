from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from masthead.accounts.names import clean_display_name
from masthead.accounts.selectors import name_is_taken_by_member
from masthead.core import antibot


class CommentBodyForm(forms.Form):
    """A comment's text, with the rules a new comment and an edit share."""

    body = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": "Join the discussion…"}),
        help_text=(
            "Markdown: *emphasis*, **bold**, [links](https://…), > quotes, lists, `code`. "
            '#12 links to comment 12; @username, @Display_Name or @"Display Name" '
            "mentions a member."
        ),
        error_messages={"required": "Write something before posting."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["maxlength"] = str(settings.MASTHEAD_COMMENT_MAX_LENGTH)

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


class CommentEditForm(CommentBodyForm):
    """A new text for one's own comment."""


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


class CommentForm(CommentBodyForm):
    """A new comment or reply. Guests also give a name and, optionally, an e-mail, and
    their form carries the bot traps (``core.antibot``: a honeypot field and the time
    the form was made, at least ``MASTHEAD_MIN_SUBMIT_SECONDS`` before it is posted)."""

    reply_to = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    name = forms.CharField(label="Name", required=False)
    email = forms.EmailField(
        label="E-mail (optional, never shown)",
        required=False,
        max_length=254,
    )

    def __init__(self, *args: Any, is_guest: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_guest = is_guest
        self.fields["name"].widget.attrs["maxlength"] = str(
            settings.MASTHEAD_DISPLAY_NAME_MAX_LENGTH
        )
        if is_guest:
            self.fields["name"].required = True
            self.fields["name"].error_messages["required"] = "Give a name to post as a guest."
            antibot.add_bot_traps(self)
        else:
            del self.fields["name"]
            del self.fields["email"]

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
