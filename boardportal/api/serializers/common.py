"""Fields every resource uses: links to other resources, to filtered lists and to the
page a person reads, and the people named on records (officers have no resource)."""

from __future__ import annotations

from urllib.parse import urlencode

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from core.rag import Rag, rag_label, rag_meaning

# The detail view of each resource and the attribute its address is made from.
LOOKUPS = {
    "plan-year": "slug",
    "board": "slug",
    "theme": "slug",
    "priority": "pk",
    "programme": "slug",
    "milestone": "pk",
    "indicator": "pk",
    "progress-update": "pk",
    "council": "slug",
    "participation": "pk",
    "meeting": "pk",
    "agenda-item": "pk",
    "action": "pk",
    "member": "slug",
}


def link(name: str, **kwargs) -> serializers.HyperlinkedRelatedField:
    """A read-only link to another resource's detail, e.g. `link("board")`."""
    kwargs.setdefault("read_only", True)
    return serializers.HyperlinkedRelatedField(
        view_name=f"api:{name}-detail", lookup_field=LOOKUPS[name], **kwargs
    )


def identity(name: str) -> serializers.HyperlinkedIdentityField:
    """This resource's own address."""
    return serializers.HyperlinkedIdentityField(
        view_name=f"api:{name}-detail", lookup_field=LOOKUPS[name]
    )


@extend_schema_field(OpenApiTypes.URI)
class ListLinkField(serializers.Field):
    """The address of another resource's list filtered by this record, e.g. a programme's
    milestones: /api/v1/milestones/?programme=<slug>."""

    def __init__(self, name: str, parameter: str, attribute: str = "slug", **kwargs):
        self.name, self.parameter, self.attribute = name, parameter, attribute
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        url = reverse(f"api:{self.name}-list", request=self.context.get("request"))
        return f"{url}?{urlencode({self.parameter: getattr(value, self.attribute)})}"


@extend_schema_field(OpenApiTypes.URI)
class PageField(serializers.Field):
    """The address of the portal page showing the record."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "The portal page that shows it.")
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        request = self.context.get("request")
        path = value.get_absolute_url()
        return request.build_absolute_uri(path) if request is not None else path


class OfficerSerializer(serializers.Serializer):
    """A member of staff named on a record."""

    name = serializers.CharField()
    position = serializers.CharField()


class ContactOfficerSerializer(OfficerSerializer):
    """A report's contact officer, as the agenda item's page shows them."""

    phone = serializers.CharField()
    email = serializers.CharField()


class RagField(serializers.ChoiceField):
    """A Red/Amber/Green status, or null for none (a blank stored status too)."""

    def __init__(self, **kwargs):
        super().__init__(choices=Rag.choices, allow_null=True, read_only=True, **kwargs)

    def to_representation(self, value):
        return super().to_representation(value) if value else None


@extend_schema_field(
    {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "nullable": True, "example": "10:00"}
)
class ClockField(serializers.TimeField):
    """A time of day in UK time, as 10:00 (24-hour clock), or null."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", read_only=True, allow_null=True, **kwargs)


@extend_schema_field(OpenApiTypes.STR)
class RagLabelField(serializers.Field):
    """A status in words ('Amber'; 'No update yet' for none), or its meaning ('At risk:
    some issues'), from `core.rag`. `path` is the status's dotted attribute path."""

    def __init__(self, path: str, *, meaning: bool = False, **kwargs):
        self.path, self.meaning = path.split("."), meaning
        # The whole record: a missing status is a value here, not a null to skip.
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        for name in self.path:
            value = getattr(value, name, None)
        return rag_meaning(value) if self.meaning else rag_label(value)
