"""The user's calendars: busy time in (iCalendar files and URLs, CalDAV), the week out (CalDAV).

Network and files live here, never in the engine or the domain.
"""
