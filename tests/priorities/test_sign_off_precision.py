"""A plan year's sign-off, as precisely as the papers give it: 'due to be signed off by
the LGA Executive in March' is March 2012, not 31 March 2012."""

from datetime import date

import pytest

from core.dates import DatePrecision, as_stated
from priorities.models import PlanYear
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("precision", "stated", "shown"),
    [
        (DatePrecision.DAY, "", "31 March 2012"),
        (DatePrecision.MONTH, "", "March 2012"),
        (DatePrecision.APPROXIMATE, "earlier in 2012", "earlier in 2012"),
    ],
)
def test_a_sign_off_is_shown_as_the_papers_give_it(precision, stated, shown):
    year = f.PlanYearFactory(
        label="2012/13",
        agreed_on=date(2012, 3, 31),
        agreed_on_precision=precision,
        agreed_on_stated=stated,
    )
    year.full_clean()
    year = PlanYear.objects.get(pk=year.pk)
    assert as_stated(year.agreed_on, year.agreed_on_precision, year.agreed_on_stated) == shown


def test_a_sign_off_is_a_day_unless_said_otherwise():
    year = f.PlanYearFactory(label="2012/13")
    assert (year.agreed_on_precision, year.agreed_on_stated) == (DatePrecision.DAY, "")
