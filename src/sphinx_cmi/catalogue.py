"""Generated listings of the curriculum graph, resolved once all pages are read.

``quality-index``, ``course-catalog`` and ``curriculum-matrix`` leave
placeholder nodes (like Sphinx's ``todolist``) that a post-transform replaces
with ordinary lists and tables of cross-references; every quality card gets
its "Developed by" backlinks the same way.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_cmi.base import CmiDirective, Options, _, logger, separator, split_list
from sphinx_cmi.comparison import comparison_table_node
from sphinx_cmi.course import LEVELS
from sphinx_cmi.domain import curriculum
from sphinx_cmi.graph import ANY, COURSE, QUALITY, Entry
from sphinx_cmi.nodes import developed_by

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx


class quality_index(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder: every quality as a small card (``sort``)."""


class course_catalog(nodes.table):  # noqa: N801
    """Placeholder: a table of courses (``levels``, ``develops``, ``sort``).

    A table from the start, so a captioned catalogue is numbered with the
    page's other tables and ``:name:`` works with ``{numref}``.
    """


class curriculum_matrix(nodes.table):  # noqa: N801
    """Placeholder: courses x qualities (``levels``)."""


PLACEHOLDERS = (quality_index, course_catalog, curriculum_matrix, developed_by)


class CatalogueDirective(CmiDirective):
    """Shared options and the dependency every catalogue has on the graph."""

    subtype = "catalog"
    optional_arguments = 1
    final_argument_whitespace = True
    placeholder: ClassVar[type[nodes.Element]]
    sorts: ClassVar[tuple[str, ...]] = ()
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = Options(
        CmiDirective.option_spec,
        level=directives.unchanged,
        develops=directives.unchanged,
        sort=directives.unchanged,
    )

    def render(self) -> list[nodes.Node]:
        node = self.placeholder(classes=self.options.get("class", []))
        self.set_source_info(node)
        caption = self.title()
        node["caption"] = caption
        if caption:
            # A node of the page, so the caption is translated with it.
            heading = nodes.title if isinstance(node, nodes.table) else nodes.rubric
            node += heading(caption, caption)
            self.set_source_info(node[0])
        if self.options.get("name"):
            self.register_name(node, self.name_for(""))
        node["sort"] = self.sort()
        node["levels"] = self.levels()
        node["develops"] = [
            nodes.fully_normalize_name(name)
            for name in split_list(self.text_option("develops"))
            if name
        ]
        node["develops_line"] = self.option_line("develops")
        domain = curriculum(self.env)
        for kind in (QUALITY, COURSE):
            domain.note_dependency(self.env.docname, (kind, ANY))
        return [node]

    def sort(self) -> str:
        raw = self.text_option("sort")
        if raw and raw not in self.sorts:
            choices = " or ".join(self.sorts) or "nothing"
            self.warn(
                f":sort: must be {choices}, got {raw!r}; reading order is used",
                self.option_line("sort"),
            )
            return ""
        return raw

    def levels(self) -> tuple[int, int] | None:
        raw = self.text_option("level")
        if not raw:
            return None
        match = re.fullmatch(r"([0-9])(?:\s*-\s*([0-9]))?", raw)
        if match:
            low = int(match[1])
            high = int(match[2] or match[1])
            if low in LEVELS and high in LEVELS and low <= high:
                return (low, high)
        self.warn(
            f":level: must be a level from 1 to 8 or a range like 3-5, got {raw!r}; "
            "the filter is ignored",
            self.option_line("level"),
        )
        return None


class QualityIndexDirective(CatalogueDirective):
    placeholder = quality_index
    sorts = ("title",)
    option_spec = Options(
        {"class": directives.class_option, "sort": directives.unchanged}
    )


class CourseCatalogDirective(CatalogueDirective):
    placeholder = course_catalog
    sorts = ("title", "level")


class CurriculumMatrixDirective(CatalogueDirective):
    placeholder = curriculum_matrix
    sorts = ("title", "level")


class CurriculumResolver(SphinxPostTransform):
    """Replace placeholders by lists and tables of (pending) cross-references.

    Runs before Sphinx resolves references (priority 10), so every link it
    makes goes through the ``cmi`` domain like an authored role.
    """

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        self.domain = curriculum(self.env)
        builders: dict[type[nodes.Element], Callable[[nodes.Element], list[nodes.Node]]]
        builders = {
            developed_by: self.backlinks,
            quality_index: self.quality_index,
            course_catalog: self.course_catalog,
            curriculum_matrix: self.matrix,
        }
        for placeholder, build in builders.items():
            for node in list(self.document.findall(placeholder)):
                self.replace(node, build(node))

    @staticmethod
    def replace(node: nodes.Element, content: list[nodes.Node]) -> None:
        if content:
            node.replace_self(content)
        else:
            node.parent.remove(node)

    def xref(self, entry: Entry) -> addnodes.pending_xref:
        text = nodes.inline(entry.title, entry.title)
        return addnodes.pending_xref(
            "", text, refdomain="cmi", reftype=entry.kind, reftarget=entry.name,
            refexplicit=True, refdoc=self.env.docname, refwarn=True,
        )  # fmt: skip

    def comma_separated(self, entries: list[Entry]) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        for index, entry in enumerate(entries):
            if index:
                result.append(nodes.Text(", "))
            result.append(self.xref(entry))
        return result

    def backlinks(self, node: nodes.Element) -> list[nodes.Node]:
        courses = self.domain.courses_developing(node["quality"])
        if not courses:
            return []
        label = _("Developed by")
        paragraph = nodes.paragraph(classes=["cmi-developed-by"])
        paragraph += nodes.strong(label, label)
        paragraph += nodes.Text(separator())
        paragraph += self.comma_separated(courses)
        return [paragraph]

    def sorted_entries(self, node: nodes.Element, kind: str) -> list[Entry]:
        entries = self.domain.all(kind)
        if node["sort"] == "title":
            entries.sort(key=lambda e: e.title.casefold())
        elif node["sort"] == "level":
            entries.sort(key=lambda e: (e.level is None, e.level or 0))
        return entries

    def quality_index(self, node: nodes.Element) -> list[nodes.Node]:
        listing = nodes.bullet_list(classes=["cmi-quality-index", *node["classes"]])
        for entry in self.sorted_entries(node, QUALITY):
            item = nodes.list_item(classes=["cmi-quality-index-item"], icon=entry.icon)
            item += nodes.paragraph(
                "", "", self.xref(entry), classes=["cmi-quality-index-title"]
            )
            if entry.summary:
                item += nodes.paragraph(entry.summary, entry.summary)
            listing += item
        heading = [c for c in node.children if isinstance(c, nodes.rubric)]
        if not listing.children:
            return [*heading, self.nothing(node, _("No qualities yet."))]
        return [*heading, listing]

    def courses(self, node: nodes.Element) -> list[Entry]:
        courses = self.sorted_entries(node, COURSE)
        if node["levels"]:
            low, high = node["levels"]
            courses = [
                c for c in courses if c.level is not None and low <= c.level <= high
            ]
        wanted: set[str] = set(node.get("develops", []))
        for name in sorted(wanted):
            if self.domain.find(QUALITY, name) is None:
                logger.warning(
                    "unknown quality %r in the :develops: filter",
                    name,
                    location=(self.env.docname, node["develops_line"]),
                    type="cmi",
                    subtype="ref",
                )
        wanted = {self.domain.canonical(QUALITY, name) for name in wanted}
        if wanted:
            courses = [c for c in courses if wanted & set(self.domain.developed(c))]
        return courses

    def qualities_of(self, course: Entry) -> list[Entry]:
        found = (self.domain.find(QUALITY, name) for name in course.develops)
        return [quality for quality in found if quality is not None]

    def course_catalog(self, node: nodes.Element) -> list[nodes.Node]:
        courses = self.courses(node)
        if not courses:
            return [self.nothing(node, _("No courses match."))]
        header = [_("Course"), _("Provider"), _("Level"), _("Duration"), _("Develops")]
        rows: list[list[list[nodes.Node]]] = [
            [
                self.link_cell(course),
                self.text_cell(course.provider),
                self.text_cell(str(course.level) if course.level else ""),
                self.text_cell(course.duration),
                [
                    nodes.paragraph(
                        "", "", *self.comma_separated(self.qualities_of(course))
                    )
                ],
            ]
            for course in courses
        ]
        return [
            self.table(
                node,
                [self.text_cell(label) for label in header],
                rows,
                "cmi-course-catalog",
            )
        ]

    def matrix(self, node: nodes.Element) -> list[nodes.Node]:
        courses = self.courses(node)
        qualities = self.domain.all(QUALITY)
        if not courses or not qualities:
            return [self.nothing(node, _("No courses match."))]
        header = [self.text_cell(_("Course")), *map(self.link_cell, qualities)]
        rows = []
        for course in courses:
            developed = set(self.domain.developed(course))
            marks = (self.mark() if q.name in developed else [] for q in qualities)
            rows.append([self.link_cell(course), *marks])
        return [self.table(node, header, rows, "cmi-curriculum-matrix")]

    def table(
        self,
        node: nodes.Element,
        header: list[list[nodes.Node]],
        rows: list[list[list[nodes.Node]]],
        css_class: str,
    ) -> nodes.table:
        caption = next((c for c in node.children if isinstance(c, nodes.title)), None)
        table = comparison_table_node(
            header, rows, caption=caption, classes=[css_class, *node["classes"]]
        )
        # The number Sphinx gave the placeholder is looked up by these ids.
        table["ids"], table["names"] = node["ids"], node["names"]
        return table

    def link_cell(self, entry: Entry) -> list[nodes.Node]:
        return [nodes.paragraph("", "", self.xref(entry))]

    @staticmethod
    def text_cell(text: str) -> list[nodes.Node]:
        return [nodes.paragraph(text, text)] if text else []

    @staticmethod
    def mark() -> list[nodes.Node]:
        """A "develops" mark; its words serve screen readers and text output."""
        word = _("Yes")
        return [nodes.paragraph("", "", nodes.inline(word, word, classes=["cmi-mark"]))]

    @staticmethod
    def nothing(node: nodes.Element, message: str) -> nodes.paragraph:
        """An empty listing: its caption, if any, and why nothing is listed."""
        headings = (
            c for c in node.children if isinstance(c, nodes.title | nodes.rubric)
        )
        caption = next((heading.astext() for heading in headings), "")
        text = f"{caption}{separator()}{message}" if caption else message
        return nodes.paragraph(
            text, text, classes=["cmi-empty-listing"], ids=list(node["ids"])
        )


class MatrixMarksHtml(SphinxPostTransform):
    """Show a tick for each mark; the word stays for screen readers."""

    default_priority = 200
    formats = ("html",)
    TICK = '<span class="cmi-tick" aria-hidden="true">\u2713</span>'

    def run(self, **kwargs: Any) -> None:
        for mark in list(self.document.findall(nodes.inline)):
            if "cmi-mark" in mark["classes"]:
                mark["classes"].append("cmi-visually-hidden")
                mark.parent.insert(
                    mark.parent.index(mark), nodes.raw("", self.TICK, format="html")
                )


def _skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    skip = {fmt: (_skip, None) for fmt in ("html", "latex", "text", "man", "texinfo")}
    for placeholder in PLACEHOLDERS:
        if issubclass(placeholder, nodes.table):
            app.add_enumerable_node(placeholder, "table", **skip)  # type: ignore[arg-type]
        else:
            app.add_node(placeholder, **skip)  # type: ignore[arg-type]
    app.add_directive("quality-index", QualityIndexDirective)
    app.add_directive("course-catalog", CourseCatalogDirective)
    app.add_directive("curriculum-matrix", CurriculumMatrixDirective)
    app.add_post_transform(CurriculumResolver)
    app.add_post_transform(MatrixMarksHtml)
