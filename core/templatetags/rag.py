"""`{% rag_tag status %}`: a status as a tag in words, the same everywhere (`core.rag`)."""

from django import template

from core.rag import rag_tag as render_rag_tag

register = template.Library()


@register.simple_tag
def rag_tag(value, label="", prefix="", meaning="", meaning_visible=False):
    return render_rag_tag(
        value, label=label, prefix=prefix, meaning=meaning, meaning_visible=meaning_visible
    )
