"""The filters' selects are written in Python (programmes.filters.QuickSelect): the
same markup as Django's own Select, chosen option, errors and all."""

import re

import pytest
from django import forms
from django.http import QueryDict

from programmes.filters import CouncilFilter, ProgrammeFilter, QuickSelect
from programmes.models import Programme
from tests.factories import BoardFactory, OfficerFactory, ProgrammeFactory


def squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html).strip())


@pytest.mark.parametrize(
    "query",
    ["", "board=second&status=active&rag=red", "rag=none&board=nowhere", "status=<b>"],
)
def test_selects_match_djangos_own(db, query):
    BoardFactory(name="First & best", slug="first")
    BoardFactory(name="Second", slug="second")
    ProgrammeFactory(lead_officer=OfficerFactory(name='Jo "JJ" Khan'))
    filterset = ProgrammeFilter(QueryDict(query), queryset=Programme.objects.all())
    filterset.form.is_valid()
    selects = [n for n, f in filterset.form.fields.items() if isinstance(f.widget, QuickSelect)]
    assert set(selects) == {
        "theme",
        "board",
        "plan_year",
        "status",
        "rag",
        "lead_officer",
        "partner",
    }
    for name in selects:
        field, bound = filterset.form.fields[name], filterset.form[name]
        django_select = forms.Select(attrs=field.widget.attrs, choices=field.widget.choices)
        # The bound field's own attributes too (aria-invalid and the error's id).
        assert squeezed(bound) == squeezed(bound.as_widget(widget=django_select)), name
    assert "Jo &quot;JJ&quot; Khan" in str(filterset.form["lead_officer"])
    assert "First &amp; best" in str(filterset.form["board"])


def test_council_filter_keeps_djangos_select(db):
    assert all(type(field.widget) is forms.Select for field in CouncilFilter().form.fields.values())
