"""``course-callout``: a qualification, its facts and a link to it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_cmi.base import _, separator
from sphinx_cmi.cards import CardDirective, first_paragraph
from sphinx_cmi.kinds import Fact, Kind, Words, relation
from sphinx_cmi.links import is_safe_url, offsite_without_scheme
from sphinx_cmi.nodes import CALL_TO_ACTION, cmi_card
from sphinx_cmi.outcome import OUTCOME
from sphinx_cmi.quality import QUALITY
from sphinx_cmi.values import shown

if TYPE_CHECKING:
    from sphinx.application import Sphinx

LINK_CLASS = "cmi-course-link"


class course_callout(cmi_card):  # noqa: N801
    """A course; attributes ``name``, ``provider``, ``level``, ``duration``, ..."""


class CourseCalloutDirective(CardDirective):
    """A call-out box for one course: title, facts, body, call to action."""

    def fill(self, card: cmi_card) -> None:
        card["link_text"] = self.text_option("link-text")

    def parts(self, card: cmi_card) -> list[nodes.Node]:
        link = self.call_to_action()
        return [link] if link is not None else []

    def call_to_action(self) -> nodes.paragraph | None:
        url, doc = self.text_option("url"), self.text_option("doc")
        authored_text = self.text_option("link-text")
        text = authored_text or _("View course")
        # Not a message: translated as a whole, it would lose its link.  The
        # authored text is a message of the card (see TranslatedLinkText).
        paragraph = nodes.paragraph(classes=[LINK_CLASS], translatable=False)
        self.set_source_info(paragraph)
        if url and doc:
            self.warn(
                "give either :url: or :doc:, not both; :doc: is used",
                self.option_line("url"),
            )
        if doc:
            xref = addnodes.pending_xref(
                "",
                self.plain(text),
                refdomain="std",
                reftype="doc",
                reftarget=doc,
                refexplicit=True,
                refwarn=True,
                refdoc=self.env.docname,
            )
            self.set_source_info(xref)
            paragraph += xref
        elif url and (offsite := offsite_without_scheme(url)):
            self.warn(
                f":url: {shown(url)} names another site without a scheme; it is "
                f"linked as {offsite!r}: write the https:// yourself",
                self.option_line("url"),
            )
            paragraph += nodes.reference(
                text, text, refuri=offsite, classes=[CALL_TO_ACTION]
            )
        elif url and is_safe_url(url):
            paragraph += nodes.reference(
                text, text, refuri=url, classes=[CALL_TO_ACTION]
            )
        elif url:
            self.warn(
                f":url: {shown(url)} refused: only http, https, mailto and "
                "relative links are allowed; no link is emitted",
                self.option_line("url"),
            )
            if not authored_text:
                return None
            paragraph += self.plain(text)
        elif authored_text:
            self.warn(
                ":link-text: has no :url: or :doc: to link to",
                self.option_line("link-text"),
            )
            paragraph += self.plain(text)
        else:
            return None
        return paragraph


class TranslatedLinkText(SphinxTransform):
    """Show the translated ``:link-text:`` in the call to action."""

    default_priority = 21  # just after Sphinx's Locale transform

    def apply(self, **kwargs: object) -> None:
        for card in self.document.findall(course_callout):
            text = card.get("link_text")
            if not text:
                continue
            for paragraph in card.children:
                if (
                    isinstance(paragraph, nodes.paragraph)
                    and LINK_CLASS in paragraph["classes"]
                ):
                    for old in list(paragraph.findall(nodes.Text)):
                        if old != text:
                            old.parent.replace(old, nodes.Text(text))


class CourseLinkContextHtml(SphinxPostTransform):
    """Name the course inside its call-to-action link for screen readers.

    "View course" alone is ambiguous in a list of links; a visually hidden
    title makes each link's purpose clear out of context.
    """

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs: object) -> None:
        for card in self.document.findall(course_callout):
            title = card.get("title", "")
            for paragraph in card.children:  # not those of a call-out inside it
                if not isinstance(paragraph, nodes.paragraph):
                    continue
                if LINK_CLASS not in paragraph["classes"] or not title:
                    continue
                for ref in paragraph.findall(nodes.reference):
                    hidden = f"{separator()}{title}"
                    ref += nodes.inline(hidden, hidden, classes=["cmi-visually-hidden"])


class CourseLinkUrlPrinted(SphinxPostTransform):
    """Print the address after a call-to-action link where it cannot be clicked.

    PDF, plain text, man and Info readers would otherwise see only
    "View course"; the URL follows in parentheses (as a link in PDF).
    """

    default_priority = 200
    formats = ("latex", "text", "man", "texinfo")

    def run(self, **kwargs: object) -> None:
        for ref in list(self.document.findall(nodes.reference)):
            url = ref.get("refuri", "")
            if CALL_TO_ACTION not in ref["classes"] or not url:
                continue
            shown = nodes.reference(url, url, refuri=url, classes=["cmi-printed-url"])
            parent = ref.parent
            at = parent.index(ref) + 1
            parent[at:at] = [nodes.Text(" ("), shown, nodes.Text(")")]


def collect(card: cmi_card) -> dict[str, str]:
    """A course's summary: the first paragraph of its (translated) body.

    Its description in structured data, link previews and the export; the
    call to action is not part of it.
    """
    return {"summary": first_paragraph(card, exclude=(LINK_CLASS,))}


COURSE = Kind(
    name="course",
    directive="course-callout",
    listing="course-catalog",
    data_key="courses",
    directive_class=CourseCalloutDirective,
    node_class=course_callout,
    words=Words(_("course"), _("Course"), _("Course %s"), _("No courses match.")),
    facts=(
        Fact("provider", _("Provider"), schema="provider"),
        Fact("level", _("Level"), "level", schema="educationalLevel"),
        Fact("duration", _("Duration"), schema="timeRequired"),
        relation(
            "develops",
            _("Develops"),
            QUALITY.name,
            ("developed-by", _("Developed by")),
            schema="teaches",
            via=("outcomes", "develops"),  # none given: those of its outcomes
            aligns=True,
        ),
        relation(
            "outcomes",
            _("Outcomes"),
            OUTCOME.name,
            ("taught-in", _("Taught in")),
            aligns=True,
            sparse=True,
            schema="teaches",
        ),
        relation(
            "prerequisites",
            _("Prerequisites"),
            "course",
            ("unlocks", _("Unlocks")),
            sequence=True,
            sparse=True,
            schema="coursePrerequisites",
        ),
    ),
    options=("url", "doc", "link-text"),
    texts=("link_text",),
    collect=collect,
    schema="Course",
)


def setup(app: Sphinx) -> None:
    app.add_transform(TranslatedLinkText)
    app.add_post_transform(CourseLinkContextHtml)
    app.add_post_transform(CourseLinkUrlPrinted)
