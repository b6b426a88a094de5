"""Every error of the API is JSON with a message a person can act on:

    {"detail": "Check the query: as_at: “2012-13-31” is not a date. ...",
     "errors": {"as_at": ["“2012-13-31” is not a date. ..."]}}

`detail` always; `errors` (by query parameter) when the query is at fault. A bad as-at
date or filter value is 400, a page out of range or an unknown address 404, a revoked
token 401, too many requests 429 (with Retry-After): never a 500 for what a client sent.
"""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import HttpRequest, JsonResponse
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler as drf_exception_handler


class ErrorSerializer(serializers.Serializer):
    """What every error answer holds."""

    detail = serializers.CharField(help_text="What went wrong, and what to do about it.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For a query at fault: the messages for each parameter.",
    )


def _messages(value) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    if isinstance(value, dict):
        return [f"{key}: {message}" for key, item in value.items() for message in _messages(item)]
    return [str(value)]


def exception_handler(exc, context):
    """DRF's handler, with a bad query (boardportal.asat.BadQuery, any BadRequest) a 400,
    and every answer shaped as ErrorSerializer."""
    if isinstance(exc, BadRequest):
        exc = exceptions.ParseError(str(exc))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError) and isinstance(data, dict):
        errors = {str(key): _messages(value) for key, value in data.items()}
        lines = [f"{key}: {' '.join(messages)}" for key, messages in errors.items()]
        response.data = {"detail": "Check the query: " + "; ".join(lines), "errors": errors}
    elif isinstance(data, dict) and "detail" in data:
        response.data = {"detail": str(data["detail"])}
    else:
        response.data = {"detail": " ".join(_messages(data))}
    return response


def not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """Any address under /api/ that is not one of the API's: 404 in JSON."""
    return JsonResponse(
        {
            "detail": "There is no such address in the API. What there is: /api/v1/ (the "
            "index), /api/v1/schema/ (OpenAPI) and /api/v1/docs/ (documentation)."
        },
        status=404,
    )
