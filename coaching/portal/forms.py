"""The coordinator's forms in the coaching part of the portal: a reply to an invitation, and
the calendar feed's two buttons."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coaching.models import Reply
from coaching.portal.services import REPLY_NOTE_MAX_LENGTH


class ReplyForm(forms.Form):
    """Coming or not coming (the two submit buttons), with an optional note."""

    reply = forms.ChoiceField(
        label=_("Reply"),
        choices=[(Reply.COMING, Reply.COMING.label), (Reply.NOT_COMING, Reply.NOT_COMING.label)],
        error_messages={"required": _("Choose coming or not coming.")},
    )
    note = forms.CharField(
        label=_("Note with your reply (optional)"),
        required=False,
        max_length=REPLY_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For the facilitator, e.g. that you come later. No details of families."),
    )

    def __init__(self, *args, prefix_pk: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # One form per session on the page: ids unique, the field names unchanged.
        if prefix_pk is not None:
            self.auto_id = f"session-{prefix_pk}-%s"


class FeedActionForm(forms.Form):
    action = forms.ChoiceField(choices=[("create", "create"), ("revoke", "revoke")])
