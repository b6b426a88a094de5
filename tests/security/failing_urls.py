"""A URLConf for tests/security/test_errors.py: the portal, plus a page that fails."""

import logging

from django.urls import path

from boardportal.urls import handler400, handler404, handler500, urlpatterns

logger = logging.getLogger("boardportal.tests")


def fails(request):
    """Reads the posted form (a password among it), logs a line, then fails."""
    request.POST.get("password")
    logger.warning("About to fail")
    raise RuntimeError("Something went wrong")


urlpatterns = [path("fails/", fails), *urlpatterns]

__all__ = ["handler400", "handler404", "handler500", "urlpatterns"]
