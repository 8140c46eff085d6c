"""A heading keeps its own link target when a card on its page has its name.

``## Integrity`` followed (or preceded) by ``:::{quality-card} Integrity``
would otherwise hand ``#integrity``, the name ``integrity`` and MyST's
``[...](#integrity)`` to the card. The heading wins; the card's anchor and
label become ``quality-integrity`` (``<kind>-<name>``), and
``{quality}`integrity``` still finds it: the card's curriculum name is
unchanged, and the domain reads the new id when it collects the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

from sphinx_cmi.kinds import kind_of
from sphinx_cmi.nodes import cmi_card

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class HeadingsKeepTheirTargets(SphinxTransform):
    """Give a clashing card another name and id, whichever came first."""

    default_priority = 22  # after translation (20); before the domain reads ids

    def apply(self, **kwargs: object) -> None:
        owners: dict[str, nodes.section] = {}
        for section in self.document.findall(nodes.section):
            for name in (*section["names"], *section.get("dupnames", [])):
                owners.setdefault(name, section)
                owners.setdefault(nodes.make_id(name), section)
            if section.get("slug"):  # MyST's heading anchor
                owners.setdefault(section["slug"], section)
        if not owners:
            return
        for card in list(self.document.findall(cmi_card)):
            for name in list(card["names"]):
                owner = owners.get(name) or owners.get(nodes.make_id(name))
                if owner is not None:
                    self.move_card(card, name, owner)

    def move_card(self, card: cmi_card, name: str, section: nodes.section) -> None:
        document = self.document
        kind = kind_of(card).name
        old_ids = list(card["ids"])
        new_name = nodes.fully_normalize_name(f"{kind}-{name}")
        new_id = nodes.make_id(new_name)
        if new_id not in old_ids:
            suffix = 1
            base = new_id
            while new_id in document.ids:
                suffix += 1
                new_id = f"{base}-{suffix}"
        # The card lets go of the name and of any id the heading wants.
        wanted = {nodes.make_id(n) for n in (*section["names"], name)}
        wanted |= {section.get("slug", "")} - {""}
        card["names"].remove(name)
        released = [i for i in old_ids if i in wanted]
        card["ids"] = [new_id, *(i for i in old_ids if i not in wanted | {new_id})]
        for node_id in released:
            if document.ids.get(node_id) is card:
                del document.ids[node_id]
        document.ids[new_id] = card
        if document.nameids.get(name) in old_ids:
            if name in section.get("dupnames", []):
                section["dupnames"].remove(name)
                section["names"].append(name)
                document.nametypes[name] = False  # its id is set below
            else:
                del document.nameids[name]
                del document.nametypes[name]
        if new_name not in document.nameids:
            card["names"].append(new_name)
            document.nameids[new_name] = new_id
            document.nametypes[new_name] = True
        self.give_heading_its_id(section, wanted)
        if name in section["names"] and name in document.nameids:
            document.nameids[name] = section["ids"][0]

    def give_heading_its_id(self, section: nodes.section, wanted: set[str]) -> None:
        """Put the id the heading would have had first, if it is free now."""
        document = self.document
        preferred = [nodes.make_id(n) for n in section["names"]]
        preferred += [section.get("slug", "")]
        for node_id in preferred:
            if not node_id or node_id not in wanted:
                continue
            if node_id in section["ids"]:
                return
            if node_id not in document.ids:
                old = section["ids"][0] if section["ids"] else None
                section["ids"].insert(0, node_id)
                document.ids[node_id] = section
                slugs = getattr(document, "myst_slugs", {})
                for slug, (line, node_ref, text) in list(slugs.items()):
                    if old is not None and node_ref == old:
                        slugs[slug] = (line, node_id, text)
                return


def setup(app: Sphinx) -> None:
    app.add_transform(HeadingsKeepTheirTargets)
