"""The export of the staff's tables (applications, volunteers) to CSV and XLSX, with every cell
made safe for spreadsheet programs."""

from __future__ import annotations

from django_tables2.export import TableExport

from people.http import make_private

# The formats staff can download a table in.
EXPORT_FORMATS = (TableExport.CSV, TableExport.XLSX)


# A cell that starts with one of these is a formula to a spreadsheet program.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A typed-in text that a spreadsheet would run as a formula (``=HYPERLINK(...)``) is
    exported with a leading apostrophe, so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class SafeTableExport(TableExport):
    """django-tables2's export in CSV or XLSX only, with every cell made spreadsheet-safe."""

    @classmethod
    def is_valid_format(cls, export_format):
        return export_format in EXPORT_FORMATS

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        for index, row in enumerate(dataset):
            dataset[index] = tuple(spreadsheet_safe(value) for value in row)
        return dataset

    def response(self, filename=None):
        # A download of personal data: no browser or proxy keeps a copy.
        return make_private(super().response(filename=filename))
