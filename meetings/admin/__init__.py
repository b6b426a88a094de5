"""Governance in the admin: the secretariat's meetings, papers, decisions, forward plan,
members and actions, split by what each module holds (`people`, `meetings`, `actions`,
`forward_plan`).

Every record with rules, on its own page or as an inline row, is saved through its
service in `meetings.services` (`savers.RECORD_SAVERS`), the rules the loader and the
shell keep too. Whether an action or a report on the forward plan is overdue is decided
once, by the QuerySets' `with_overdue()` and `with_state()`.
"""

from . import actions, forward_plan, meetings, people

__all__ = ["actions", "forward_plan", "meetings", "people"]
