"""What a view needs to record its reads, downloads, exports and changes in the access log.

The event is written before the page is rendered: when it cannot be written the view raises
``AuditUnavailable`` and the middleware answers 503, so no data goes out unrecorded.
"""

from __future__ import annotations

from people.audit.models import AccessAction
from people.audit.services import access_record


class AuditedObjectMixin:
    """For a ``DetailView``: records VIEW of the object on GET, once it is found (and in scope)
    and before the page is rendered. ``audit_object`` names another record when the page is
    about a related one."""

    audit_action: AccessAction = AccessAction.VIEW

    def audit_object(self, obj):
        return obj

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if self.request.method in ("GET", "HEAD"):
            access_record(
                request=self.request,
                action=self.audit_action,
                obj=self.audit_object(obj),
            )
        return obj


class AuditedExportMixin:
    """Before django-tables2's ``ExportMixin``: records EXPORT of the list (its record type,
    ``audit_export_type``, with an empty id: which rows were in it is not stored, nor the
    filter that chose them) before the file is made."""

    audit_export_type: str = ""

    def create_export(self, export_format):
        access_record(
            request=self.request,
            action=AccessAction.EXPORT,
            object_type=self.audit_export_type,
        )
        return super().create_export(export_format)
