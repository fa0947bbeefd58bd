"""The staff's privacy forms: finding a person, and asking to erase one record."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MIN_QUERY = 2


class FindForm(forms.Form):
    """A name, an e-mail address, a phone number or a reference (GET: the results are a link)."""

    q = forms.CharField(
        label=_("Name, e-mail address, phone number or reference"),
        max_length=200,
        strip=True,
    )

    def clean_q(self) -> str:
        query = self.cleaned_data["q"]
        if len(query) < MIN_QUERY:
            raise forms.ValidationError(
                _("Type at least %(count)s characters."), params={"count": MIN_QUERY}
            )
        return query


class EraseForm(forms.Form):
    """Why the record is erased (kept with the request, so no names in it), and a tick that
    says the staff member knows it cannot be undone."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            'Why this record is erased, e.g. "the registrant asked on 3 March by phone". '
            "Do not write names or other personal details here: the reason is kept."
        ),
    )
    understood = forms.BooleanField(
        label=_("I understand that the erasure cannot be undone."),
        error_messages={"required": _("Tick the box to confirm that you understand.")},
    )
