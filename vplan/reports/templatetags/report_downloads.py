from django import template

from vplan.organisation.permissions import can_manage_administration
from vplan.reports.forms import SendReportForm
from vplan.reports.models import ReportFormat

register = template.Library()


@register.simple_tag
def report_formats():
    """[(value, label)] of the formats a report can be downloaded in."""
    return ReportFormat.choices


@register.simple_tag(takes_context=True)
def can_send_report(context, round) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user is not None and can_manage_administration(user, round.plan.administration)


@register.simple_tag
def send_report_form():
    return SendReportForm()
