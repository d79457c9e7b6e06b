"""Rehearsal schedules: scenes ordered into calls within the company's sessions (``stagecast schedule``).

:mod:`.availability` is the availability file's model, :mod:`.availability_yaml` reads it with
located errors, :mod:`.planner` orders scenes into calls (docs/schedule.md explains the method),
:mod:`.schedule_text` writes the calls as a Markdown table, :mod:`.schedule_pdf` as a PDF and
:mod:`.calendar_ics` as an iCalendar file (RFC 5545).
"""

from __future__ import annotations

from .. import lazy_exports

_EXPORTS = {
    "Availability": "availability",
    "read_availability": "availability_yaml",
    "Call": "planner",
    "Plan": "planner",
    "plan_calls": "planner",
    "naive_calls": "planner",
    "render_md": "schedule_text",
    "render_pdf": "schedule_pdf",
    "render_ics": "calendar_ics",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
