"""``learning-path``: the courses in an order a learner can follow.

The courses (the kind with a :attr:`~sphinx_cmi.kinds.Fact.sequence` fact)
come in an order that respects every prerequisite, grouped by level, each
with links to its prerequisites and to what it unlocks.  The placeholder
becomes standard nested lists once every page is read: a bullet list of level
groups, each holding a numbered list of steps, so every builder writes an
ordered, indented list, and the stylesheet draws it as a diagram in HTML (no
JavaScript; the lists are their own text alternative).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_cmi import values
from sphinx_cmi.base import CmiDirective, NoBodyDirective, _, separator
from sphinx_cmi.domain import curriculum
from sphinx_cmi.graph import every
from sphinx_cmi.nodes import listing, placeholder_visitors, plain_rubric
from sphinx_cmi.options import Options
from sphinx_cmi.order import Order, between, order_of, sequence_of
from sphinx_cmi.problems import Subtype, warn
from sphinx_cmi.references import closest, reference_list

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

    from sphinx_cmi.domain import CmiDomain

CSS = "cmi-learning-path"


class learning_path(nodes.General, listing):  # noqa: N801
    """Placeholder: the courses in prerequisite order (``start``, ``end``,
    ``levels``), replaced by lists of links once every page is read."""


class LearningPathDirective(NoBodyDirective):
    """The prerequisite graph as a route: ``:from:``, ``:to:``, ``:level:``."""

    subtype = Subtype.CATALOG
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = Options(
        CmiDirective.option_spec,
        **{
            "from": directives.unchanged,
            "to": directives.unchanged,
            "level": directives.unchanged,
        },
    )

    def render(self) -> list[nodes.Node]:
        node = learning_path(classes=self.options.get("class", []))
        self.set_source_info(node)
        caption = self.title()
        if caption:
            node += self.plain(caption, plain_rubric)
        if self.options.get("name"):
            target = node.children[0] if caption else node
            assert isinstance(target, nodes.Element)
            self.register_name(target, self.name_for(""))
        found = sequence_of(curriculum(self.env))
        if found is not None:
            kind, fact = found
            node["kind"], node["fact"] = kind.name, fact.name
            levels = [f.name for f in kind.facts_of("level")]
            node["shows"] = [every(kind.name, [*levels, fact.name])]
        node["start"] = values.name(self.text_option("from"))
        node["end"] = values.name(self.text_option("to"))
        node["locations"] = {
            option: self.location(self.option_line(option)) for option in ("from", "to")
        }
        node["levels"] = self.levels_option("level", "every level is shown")
        return self.with_stray_body(node, "path")


class LearningPathResolver(SphinxPostTransform):
    """Replace each learning path by level groups of numbered, linked steps."""

    default_priority = 5  # before references are resolved (10)

    def run(self, **kwargs: Any) -> None:
        self.domain: CmiDomain = curriculum(self.env)
        for node in list(self.document.findall(learning_path)):
            content = self.path(node) if node.get("kind") else []
            heading = [c for c in node.children if isinstance(c, nodes.rubric)]
            node.replace_self([*heading, *content] or [nodes.paragraph()])

    def endpoint(self, node: nodes.Element, order: Order, option: str) -> str | None:
        """The course named by ``:from:``/``:to:`` (None if none, or unknown)."""
        name = node["start" if option == "from" else "end"]
        if not name:
            return None
        record = self.domain.find(order.kind.name, name)
        if record is not None and record.name in order.records:
            return record.name
        warn(
            f"unknown {order.kind.name} {name!r} in :{option}: of the learning path"
            f"{closest(self.domain, order.kind.name, name)}",
            Subtype.REF,
            node["locations"][option],
        )
        return None

    def path(self, node: nodes.Element) -> list[nodes.Node]:
        kind = self.domain.kinds[node["kind"]]
        fact = kind.fact(node["fact"])
        assert fact is not None
        order = order_of(self.domain, kind, fact)
        start = self.endpoint(node, order, "from")
        end = self.endpoint(node, order, "to")
        names = between(order, start, end)
        if names is None:
            warn(
                f"no way through :{fact.name}: leads from {start!r} to {end!r}: "
                f"the learning path shows both; check :from: and :to:",
                Subtype.CATALOG,
                node["locations"]["to"],
            )
            names = [name for name in order.ordered() if name in (start, end)]
        if node["levels"]:
            low, high = node["levels"]
            names = [n for n in names if low <= (order.level(n) or 0) <= high]
        if not names:
            return [self.nothing(str(kind.words.empty))]
        return [self.diagram(node, order, names)]

    def diagram(
        self, node: nodes.Element, order: Order, names: list[str]
    ) -> nodes.bullet_list:
        fact = order.kind.level_fact
        label = str(fact.label) if fact else ""
        cycles = {name: cycle for cycle in order.cycles() for name in cycle}
        groups = nodes.bullet_list(classes=[CSS, *node["classes"]], ids=node["ids"])
        steps = nodes.enumerated_list()
        current: object = ()  # no level yet
        for number, name in enumerate(names):
            level = order.level(name)
            if level != current:
                current = level
                group = nodes.list_item(classes=[f"{CSS}-level"])
                heading = f"{label} {level}" if level is not None else _("No level")
                group += nodes.paragraph(
                    "", "", nodes.strong(heading, heading), classes=[f"{CSS}-heading"]
                )
                steps = nodes.enumerated_list(
                    enumtype="arabic",
                    prefix="",
                    suffix=".",
                    start=number + 1,
                    classes=[f"{CSS}-steps"],
                )
                group += steps
                groups += group
            steps += self.step(order, name, cycles.get(name))
        return groups

    def step(self, order: Order, name: str, cycle: list[str] | None) -> nodes.list_item:
        """One course: its link, its prerequisites, what it unlocks, its cycle."""
        fact = order.fact
        classes = [f"{CSS}-step"] + ([f"{CSS}-in-cycle"] if cycle else [])
        step = nodes.list_item(classes=classes)
        step += nodes.paragraph(
            "", "", *self.links(order, [name]), classes=[f"{CSS}-course"]
        )
        for label, names, css in (
            (fact.label, order.before[name], fact.name),
            (fact.inverse_label, order.after[name], fact.inverse),
            (_("Cycle"), cycle or [], "cycle"),
        ):
            if not names:
                continue
            paragraph = nodes.paragraph(classes=[f"{CSS}-{css}"])
            paragraph += nodes.strong(str(label), str(label))
            paragraph += nodes.Text(separator())
            links = self.links(order, names)
            if css == "cycle":  # in order, back to where it started
                links = [n for n in links if not isinstance(n, nodes.Text)]
                links = [
                    part for link in links for part in (link, nodes.Text(" \u2192 "))
                ][:-1]
            paragraph += links
            step += paragraph
        return step

    def links(self, order: Order, names: list[str]) -> list[nodes.Node]:
        targets = [(name, order.records[name].title) for name in names]
        return reference_list(order.kind.name, targets, self.env.docname)

    @staticmethod
    def nothing(message: str) -> nodes.paragraph:
        """Why nothing is shown (``replace_self`` hands it the path's ids)."""
        return nodes.paragraph(message, message, classes=["cmi-empty-listing"])


def setup(app: Sphinx) -> None:
    app.add_node(learning_path, **placeholder_visitors())  # type: ignore[arg-type]
    app.add_directive("learning-path", LearningPathDirective)
    app.add_post_transform(LearningPathResolver)
