"""BOSSDesk's one datetime format: UTC with milliseconds and a `Z` (`2019-03-07T12:32:52.123Z`)."""


def timestamp(value):
    return value.isoformat(timespec="milliseconds").replace("+00:00", "Z") if value else None
