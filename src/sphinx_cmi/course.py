"""``course-callout``: a qualification, its facts and a link to it."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_cmi.base import Options, _, positive_int, separator, split_list
from sphinx_cmi.cards import CardDirective
from sphinx_cmi.domain import curriculum
from sphinx_cmi.graph import QUALITY, Entry
from sphinx_cmi.links import is_safe_url
from sphinx_cmi.nodes import cmi_card, course_callout

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

LEVELS = range(1, 9)
LINK_CLASS = "cmi-course-link"


class CourseCalloutDirective(CardDirective):
    """A call-out box for one course: title, facts, body, call to action."""

    subtype = "course"
    kind = "course"
    node_class = course_callout
    css_class = "cmi-course-callout"
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = Options(
        CardDirective.option_spec,
        provider=directives.unchanged,
        level=directives.unchanged,
        duration=directives.unchanged,
        url=directives.unchanged,
        doc=directives.unchanged,
        develops=directives.unchanged,
        **{"link-text": directives.unchanged},
    )

    def fill(self, card: cmi_card, body: list[nodes.Node]) -> None:
        card["provider"] = self.text_option("provider")
        card["duration"] = self.text_option("duration")
        card["link_text"] = self.text_option("link-text")
        card["translatable_attributes"] += ["provider", "duration", "link_text"]
        card["level"] = level = self.level()
        card["develops"] = self.develops()
        if not self.in_graph(card):
            # A call-out in the graph shows its qualities without a stored
            # dependency (see CmiDomain.pages_to_rewrite).
            for name in card["develops"]:
                curriculum(self.env).note_reference(self.env.docname, QUALITY, name)
        facts = self.facts(level, card["develops"])
        if facts is not None:
            card += facts
        card += body
        link = self.call_to_action()
        if link is not None:
            card += link

    def entry(self, card: cmi_card) -> Entry:
        return (
            super()
            .entry(card)
            ._replace(
                provider=card["provider"],
                level=card["level"],
                duration=card["duration"],
                develops=tuple(card["develops"]),
            )
        )

    def develops(self) -> list[str]:
        """Quality names from ``:develops:``; this page then shows their titles."""
        raw = self.text_option("develops")
        if not raw:
            return []
        items = split_list(raw)
        if not all(items):
            self.warn(
                f"empty quality name in :develops: {raw!r}",
                self.option_line("develops"),
            )
        # The author's spelling, for a warning about a name that is unknown.
        self.spellings = {nodes.fully_normalize_name(i): i for i in items if i}
        return list(dict.fromkeys(self.spellings))

    def quality_links(self, names: list[str]) -> nodes.paragraph:
        paragraph = nodes.paragraph()
        line = self.option_line("develops")
        for index, name in enumerate(names):
            if index:
                paragraph += nodes.Text(", ")
            xref = addnodes.pending_xref(
                "", nodes.inline(name, name), refdomain="cmi", reftype=QUALITY,
                reftarget=name, refexplicit=False, refwarn=True,
                refdoc=self.env.docname,
            )  # fmt: skip
            xref.source, xref.line = str(self.env.doc2path(self.env.docname)), line
            spelling = getattr(self, "spellings", {}).get(name, name)
            if spelling != name:
                xref["cmi_spelling"] = spelling
            paragraph += xref
        return paragraph

    def level(self) -> int | None:
        raw = self.text_option("level")
        if not raw:
            return None
        level = positive_int(raw)
        if level in LEVELS:
            return level
        self.warn(
            f":level: must be a whole number from 1 to 8, got {raw!r}",
            self.option_line("level"),
        )
        return None

    def facts(
        self, level: int | None, develops: list[str]
    ) -> nodes.definition_list | None:
        """Provider, level and duration as a definition list (absent ones omitted).

        An invalid level was warned about and is still shown as written.
        """
        facts = nodes.definition_list(classes=["cmi-course-facts"])
        for option, label in (
            ("provider", _("Provider")),
            ("level", _("Level")),
            ("duration", _("Duration")),
        ):
            value = self.text_option(option)
            if option == "level" and level is not None:
                value = str(level)
            if value:
                item = nodes.definition_list_item()
                item += self.plain(label, nodes.term, translatable=False)
                value_node = self.plain(value, nodes.paragraph)
                if option == "level":
                    value_node["translatable"] = False  # a number
                item += nodes.definition("", value_node)
                item["classes"].append(f"cmi-fact-{option}")
                facts += item
        if develops:
            label = _("Develops")
            item = nodes.definition_list_item(classes=["cmi-fact-develops"])
            item += self.plain(label, nodes.term, translatable=False)
            item += nodes.definition("", self.quality_links(develops))
            facts += item
        return facts if facts.children else None

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
        elif url and is_safe_url(url):
            paragraph += nodes.reference(
                text, text, refuri=url, classes=["cmi-call-to-action"]
            )
        elif url:
            self.warn(
                f":url: {url!r} refused: only http, https, mailto and "
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
            for paragraph in card.findall(nodes.paragraph):
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
            if "cmi-call-to-action" not in ref["classes"] or not url:
                continue
            shown = nodes.reference(url, url, refuri=url, classes=["cmi-printed-url"])
            parent = ref.parent
            at = parent.index(ref) + 1
            parent[at:at] = [nodes.Text(" ("), shown, nodes.Text(")")]


def setup(app: Sphinx) -> None:
    app.add_directive("course-callout", CourseCalloutDirective)
    app.add_transform(TranslatedLinkText)
    app.add_post_transform(CourseLinkContextHtml)
    app.add_post_transform(CourseLinkUrlPrinted)
