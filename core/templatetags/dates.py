"""`{{ value|as_stated:precision }}`: a date as the paper states it (`core.dates`)."""

from django import template

from core.dates import as_stated as date_as_stated

register = template.Library()


@register.simple_tag
def as_stated(on, precision="day", stated=""):
    return date_as_stated(on, precision, stated)
