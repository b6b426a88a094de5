"""Pages of a list: `?page=` (from 1) and `?page_size=` (up to 200, default 50), in a
stable order (every list ends its ordering with the primary key). The answer says the
as-at date it was read at."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_page_message = (
        "There is no page “{page_number}”: {message}. Pages are numbered from 1; the "
        "first page's “count” says how many items there are."
    )

    def get_paginated_response(self, data) -> Response:
        response = super().get_paginated_response(data)
        as_at = getattr(self.request, "api_as_at", None)
        response.data = {
            "count": response.data["count"],
            "next": response.data["next"],
            "previous": response.data["previous"],
            "as_at": as_at.isoformat() if as_at else None,
            "results": response.data["results"],
        }
        return response

    def get_paginated_response_schema(self, schema: dict) -> dict:
        wrapped = super().get_paginated_response_schema(schema)
        wrapped["properties"]["as_at"] = {
            "type": "string",
            "format": "date",
            "nullable": True,
            "description": "The date statuses and states in the list are as at.",
        }
        wrapped["required"] = ["count", "results", "as_at"]
        return wrapped
