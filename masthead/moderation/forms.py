"""Forms of the moderators' pages: the queue's filters, its decisions, the log's filters."""

from __future__ import annotations

from typing import Any

from django import forms

from .selectors import QueueFilters, queue_sections, reason_choices

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
