"""The date and time formats Kring uses in every language (Dutch, French and English alike:
the day before the month, a 24-hour clock); each language's ``formats`` module takes them."""

DATE_FORMAT = "j F Y"  # 4 december 2026, 4 décembre 2026, 4 December 2026
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j F Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"  # 04/12/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 04/12/2026 14:30
FIRST_DAY_OF_WEEK = 1  # Monday

# What a date field accepts: the numeric format above and ISO (what <input type="date"> sends).
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%y"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
]
