"""Personal API tokens on /api/ only: `Authorization: Bearer bp_...`.

DRF's authentication classes run on the API's views and nowhere else, so a token never
opens a page, the admin or anything that reads the session. A revoked token, one of a
deactivated account, or one that is not a token at all gets 401 with a message, never
an anonymous answer that could be mistaken for the member's."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from .tokens import api_token_for

KEYWORD = b"bearer"
NOT_VALID = (
    "This API token is not valid: it may have been revoked, or its account closed. "
    "Make a new one at /accounts/api-tokens/, or leave out the Authorization header "
    "for public data."
)


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>`: the token's owner, with the token as `request.auth`."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(
                "Give the token after 'Bearer ', with no spaces in it: Authorization: Bearer bp_..."
            )
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(NOT_VALID) from None
        token = api_token_for(raw)
        if token is None:
            raise AuthenticationFailed(NOT_VALID)
        return token.user, token

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (not 403) to a bad token.
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The token in the OpenAPI schema: HTTP bearer."""

    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal token made at /accounts/api-tokens/ by a signed-in "
            "board member: adds draft plan years and exempt agenda items. Optional.",
        }
