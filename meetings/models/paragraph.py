"""The numbered paragraphs of reports: what each discusses, the figures and progress it
reported (the sources of readings and progress updates), and programmes as it names them."""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.locking import VersionedModel
from priorities.models import Priority
from programmes.models import Programme, ProgressUpdate, Reading

from .meeting import AgendaItem


class Paragraph(VersionedModel):
    """A numbered paragraph of a report, under a heading, linked to what it discusses."""

    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="paragraphs",
        verbose_name="agenda item",
        help_text="The report the paragraph is from.",
    )
    number = models.CharField("number", max_length=10, help_text="As numbered: 4, 4.1.")
    heading = models.CharField(
        "heading", max_length=200, blank=True, help_text="e.g. Leadership, Productivity."
    )
    subheading = models.CharField(
        "subheading",
        max_length=200,
        blank=True,
        help_text="A heading within the heading, if the report has one, e.g. Peer challenge.",
    )
    text = models.TextField("text", help_text="The paragraph as written, without its number.")
    programmes = models.ManyToManyField(
        Programme,
        blank=True,
        related_name="paragraphs",
        verbose_name="programmes mentioned",
        help_text="Each programme the paragraph mentions by name or describes.",
    )
    priorities = models.ManyToManyField(
        Priority,
        blank=True,
        related_name="paragraphs",
        verbose_name="priorities mentioned",
        help_text="Each priority the paragraph mentions or reports on.",
    )
    figures = models.ManyToManyField(
        Reading,
        blank=True,
        related_name="source_paragraphs",
        verbose_name="figures reported",
        help_text="Each indicator reading this paragraph reports, e.g. 42 peer challenges "
        "delivered: the reading's source then links here.",
    )
    updates = models.ManyToManyField(
        ProgressUpdate,
        blank=True,
        related_name="source_paragraphs",
        verbose_name="progress reported",
        help_text="Each progress update drawn from this paragraph: its source then links here.",
    )
    order = models.PositiveSmallIntegerField(
        "order", default=0, help_text="Where it comes in the report: lower numbers first."
    )

    history = HistoricalRecords(m2m_fields=[programmes, figures, updates])

    class Meta:
        ordering = ["agenda_item", "order"]
        verbose_name = "paragraph"
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "number"],
                name="paragraph_number_unique",
                violation_error_message="This item already has a paragraph with this number.",
            )
        ]

    def __str__(self):
        return f"{self.number} {self.text[:60]}"

    @property
    def citation(self) -> str:
        """'Item 4e, paragraph 7'; a paper with no number by its title. Reads the item:
        select it with the paragraph."""
        item = self.agenda_item
        paper = f"Item {item.number}" if item.number else item.title
        return f"{paper}, paragraph {self.number}"

    def get_absolute_url(self):
        # From the item's key alone: no query for the item.
        item_url = reverse("meetings:item", kwargs={"pk": self.agenda_item_id})
        return f"{item_url}#paragraph-{self.pk}"


class NameAsWritten(VersionedModel):
    """A programme as a paper names it, where the paper's words differ from its name."""

    paragraph = models.ForeignKey(
        Paragraph,
        on_delete=models.CASCADE,
        related_name="names_as_written",
        verbose_name="paragraph",
        help_text="The paragraph that names the programme this way.",
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="names_as_written",
        verbose_name="programme",
        help_text="The programme it means, under the name the portal gives it.",
    )
    name = models.CharField(
        "as written",
        max_length=300,
        help_text="The paper's own words, spelling and all, e.g. Adult Society Care "
        "Efficiency Programme.",
    )
    note = models.TextField("note", blank=True, help_text="Why the names differ, if known.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["paragraph", "programme"]
        verbose_name = "programme name as written"
        verbose_name_plural = "programme names as written"
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "programme"],
                name="name_as_written_once_per_paragraph",
                violation_error_message="This paragraph already has a name for this programme.",
            )
        ]

    def __str__(self):
        return f"'{self.name}' ({self.programme})"
