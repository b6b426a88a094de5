"""`{% my_quarter_panel %}`: the admin front page's "My quarter" panel."""

from django import template

from boardportal.cycle.selectors import my_quarter
from programmes.models import ProgressUpdate, ReportingRound
from programmes.rounds import officer_for

register = template.Library()


@register.inclusion_tag("admin/cycle/panel.html", takes_context=True)
def my_quarter_panel(context):
    user = context["request"].user
    round = ReportingRound.objects.select_related("plan_year").current()
    reviewer = user.has_perm(ProgressUpdate.publish_permission())
    return {
        "round": round,
        "page": my_quarter(round=round, officer=officer_for(user), reviewer=reviewer),
        "reviewer": reviewer,
    }
