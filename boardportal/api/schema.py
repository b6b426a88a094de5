"""The OpenAPI schema (drf-spectacular): every operation takes `as_at` and documents the
error answers it can give, so a client (and schemathesis) knows every status code."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from .errors import ErrorSerializer

AS_AT = OpenApiParameter(
    "as_at",
    OpenApiTypes.DATE,
    description="The date statuses are worked out as at (YYYY-MM-DD, 1990 to 2100). By "
    "default today, clamped into the plan year asked for (its last day for a past year).",
)

PLAN_YEAR = OpenApiParameter(
    "plan_year",
    OpenApiTypes.STR,
    description="A plan year you may see, as in the pages' addresses: 2012-13.",
    pattern=r"^[0-9]{4}-[0-9]{2}$",
)

ERRORS = {
    "400": "The query is at fault: a bad as_at date, or an unknown filter value.",
    "401": "The API token is not valid (revoked, or its account closed).",
    "404": "No such record (or one you may not see), or a page out of range.",
    "406": "The Accept header asks for something other than JSON.",
    "429": "Too many requests: wait the seconds in Retry-After.",
}


class ApiSchema(AutoSchema):
    def get_override_parameters(self):
        return [AS_AT, *super().get_override_parameters()]

    def _get_response_bodies(self, direction="response"):
        bodies = super()._get_response_bodies(direction)
        if self.method == "GET":
            for code, description in ERRORS.items():
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                bodies.setdefault(code, {**response, "description": description})
        return bodies
