"""/api/v1/: the resources (a router's index at the root), the OpenAPI schema and its
documentation page. Any other address under /api/ is a JSON 404 (boardportal.urls)."""

from django.urls import path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularJSONAPIView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import APIRootView, DefaultRouter

from . import docs
from .http import served_openly
from .views import delivery, governance, plan

app_name = "api"


class ApiRootView(APIRootView):
    """The index: the address of each resource's list."""

    @classmethod
    def as_view(cls, **initkwargs):
        return served_openly(super().as_view(**initkwargs))


class Router(DefaultRouter):
    APIRootView = ApiRootView
    # No `.json` suffixes: one address per resource.
    include_format_suffixes = False


router = Router()
router.register("plan-years", plan.PlanYearViewSet, basename="plan-year")
router.register("boards", plan.BoardViewSet, basename="board")
router.register("themes", plan.ThemeViewSet, basename="theme")
router.register("priorities", plan.PriorityViewSet, basename="priority")
router.register("programmes", delivery.ProgrammeViewSet, basename="programme")
router.register("milestones", delivery.MilestoneViewSet, basename="milestone")
router.register("indicators", delivery.IndicatorViewSet, basename="indicator")
router.register("progress-updates", delivery.ProgressUpdateViewSet, basename="progress-update")
router.register("councils", delivery.CouncilViewSet, basename="council")
router.register("participations", delivery.ParticipationViewSet, basename="participation")
router.register("meetings", governance.MeetingViewSet, basename="meeting")
router.register("agenda-items", governance.AgendaItemViewSet, basename="agenda-item")
router.register("actions", governance.ActionViewSet, basename="action")
router.register("members", governance.MemberViewSet, basename="member")

urlpatterns = [
    # OpenAPI 3: YAML, or JSON when asked for (Accept: application/json, or openapi.json).
    path("schema/", served_openly(SpectacularAPIView.as_view()), name="schema"),
    path(
        "schema/openapi.json",
        served_openly(SpectacularJSONAPIView.as_view()),
        name="schema-json",
    ),
    # Swagger UI's stylesheet with its data: images served from here (boardportal.api.docs).
    path("docs/swagger-ui.css", docs.docs_css, name="docs-css"),
    path("docs/images/<int:number>", docs.docs_image, name="docs-image"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="opendata/api_docs.html"
        ),
        name="docs",
    ),
    *router.urls,
]
