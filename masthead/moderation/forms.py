"""Forms of the moderators' pages: the queue's filters, its decisions, the log's filters."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import forms

from masthead.accounts.models import User
from masthead.comments.models import Comment

from .models import Ban, Flag
from .selectors import QueueFilters, member_by_username, queue_sections, reason_choices

# Queue ---------------------------------------------------------------------------------


class QueueFilterForm(forms.Form):
    """The queue's filters, read from the query string; a value that does not fit is
    ignored rather than refused (the queue still shows)."""

    story = forms.SlugField(required=False, max_length=200, label="Story (its address name)")
    section = forms.ChoiceField(required=False)
    author = forms.CharField(
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"placeholder": "Username or guest name"}),
    )
    reason = forms.ChoiceField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        section: Any = self.fields["section"]
        section.choices = [("", "All sections")] + [(s.slug, s.name) for s in queue_sections()]
        reason: Any = self.fields["reason"]
        reason.choices = [("", "Any reason"), *reason_choices()]

    def filters(self) -> QueueFilters:
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        names = ("story", "section", "author", "reason")
        return QueueFilters(**{name: str(data.get(name) or "").strip() for name in names})


class DecisionForm(forms.Form):
    """One Approve/Reject button (``decide`` = ``approve:<id>``) or a bulk button
    (``bulk`` = ``approve``) with the ticked ``comment`` boxes, and an optional reason
    for the log."""

    ACTIONS = ("approve", "reject")

    decide = forms.CharField(required=False, max_length=40)
    bulk = forms.ChoiceField(required=False, choices=[("", ""), ("approve", ""), ("reject", "")])
    comment = forms.TypedMultipleChoiceField(required=False, coerce=int)
    reason = forms.CharField(required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any id is acceptable here; the access selector decides which exist.
        comment: Any = self.fields["comment"]
        comment.valid_value = lambda value: str(value).isdigit()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        decide = str(data.get("decide") or "")
        if decide:
            action, _, ident = decide.partition(":")
            if action not in self.ACTIONS or not ident.isdigit():
                raise forms.ValidationError("That button is not one of the queue's.")
            data["action"], data["ids"], data["single"] = action, [int(ident)], True
        elif data.get("bulk"):
            data["action"], data["ids"], data["single"] = data["bulk"], data["comment"], False
            if not data["ids"]:
                raise forms.ValidationError("Tick the comments to act on first.")
        else:
            raise forms.ValidationError("Choose Approve or Reject.")
        return data


# Audit log -----------------------------------------------------------------------------


class LogFilterForm(forms.Form):
    moderator = forms.ChoiceField(required=False)
    action = forms.ChoiceField(required=False)

    def __init__(
        self,
        *args: Any,
        moderators: list[tuple[str, str]],
        actions: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        moderator: Any = self.fields["moderator"]
        moderator.choices = [("", "Every moderator"), *moderators]
        action: Any = self.fields["action"]
        action.choices = [("", "Every action"), *((a, action_label(a)) for a in actions)]


def action_label(action: str) -> str:
    """``lift_ban`` -> ``Lift ban``: actions are logged as codes, shown as words."""
    return action.replace("_", " ").capitalize()


# Flags and bans ------------------------------------------------------------------------


class FlagForm(forms.Form):
    """A member's report: why (a ``Flag.Reason``), and a note if they like."""

    reason = forms.ChoiceField(
        choices=Flag.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why you flag this comment."},
    )
    note = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Anything the moderators should know (optional)",
    )


# Ban lengths a moderator picks from: a day, a week, a month, or for good.
BAN_DURATIONS: dict[str, tuple[str, timedelta | None]] = {
    "24h": ("24 hours", timedelta(hours=24)),
    "7d": ("7 days", timedelta(days=7)),
    "30d": ("30 days", timedelta(days=30)),
    "permanent": ("Permanent", None),
}


class BanForm(forms.Form):
    """Whom to ban, why, for how long and how. Started from a comment (``comment``), it
    bans the comment's member, or (checkboxes) its guest's browser and address; without
    one, a member by username and/or a guest address typed in."""

    comment = forms.IntegerField(required=False, widget=forms.HiddenInput)
    username = forms.CharField(required=False, max_length=150, label="Member (username)")
    ip = forms.GenericIPAddressField(required=False, label="Guest address (IP)")
    by_browser = forms.BooleanField(required=False, initial=True)
    by_ip = forms.BooleanField(required=False, initial=True)
    reason = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown to the person banned.",
        error_messages={"required": "Give a reason: the person banned is shown it."},
    )
    duration = forms.ChoiceField(
        choices=[(key, label) for key, (label, _) in BAN_DURATIONS.items()],
        widget=forms.RadioSelect,
        initial="7d",
    )
    kind = forms.ChoiceField(
        choices=[
            (Ban.Kind.BAN, "Ban: refuse their comments, with the reason"),
            (Ban.Kind.AUTHOR_ONLY, "Author only: let them post, show it to them alone"),
        ],
        widget=forms.RadioSelect,
        initial=Ban.Kind.BAN,
    )

    def __init__(self, *args: Any, source: Comment | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source = source
        if source is not None:
            self.fields["comment"].initial = source.pk
            browser: Any = self.fields["by_browser"]
            browser.label = f"Ban this guest's browser ({source.guest_name})"
            address: Any = self.fields["by_ip"]
            address.label = f"Ban their address {source.ip_address}"

    @property
    def by_member(self) -> bool:
        """The comment the form starts from is a member's (or there is none)."""
        return self.source is None or self.source.author_id is not None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        source = self.source
        member: User | None = None
        guest_token_hash, ip = "", None
        if source is not None and source.author is not None:
            member = source.author
        elif source is not None:
            if data.get("by_browser") and source.guest_token_hash:
                guest_token_hash = source.guest_token_hash
            if data.get("by_ip") and source.ip_address:
                ip = source.ip_address
        else:
            username = str(data.get("username") or "").strip()
            if username:
                member = member_by_username(username)
                if member is None:
                    self.add_error("username", f"There is no member “{username}”.")
            ip = data.get("ip") or None
        if member is None and not guest_token_hash and not ip and not self.errors:
            raise forms.ValidationError(
                "Choose whom to ban: a member, a guest's browser or an address."
            )
        data.update(member=member, guest_token_hash=guest_token_hash, ban_ip=ip)
        return data

    def ban_arguments(self, now: datetime) -> dict[str, Any]:
        """The keyword arguments of ``actions.ban`` (without the moderator), the ban
        starting at ``now``."""
        data = self.cleaned_data
        length = BAN_DURATIONS[data["duration"]][1]
        return {
            "reason": data["reason"],
            "member": data["member"],
            "guest_token_hash": data["guest_token_hash"],
            "ip": data["ban_ip"],
            "kind": data["kind"],
            "ends_at": now + length if length is not None else None,
        }
