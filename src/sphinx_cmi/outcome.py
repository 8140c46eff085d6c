"""``learning-outcome``: what a learner can do after a course teaches it.

Courses name the outcomes they teach (``:outcomes:``), so each outcome card
lists the courses it is "Taught in"; an outcome names the qualities it
develops, and a course without ``:develops:`` develops those of its outcomes.
"""

from __future__ import annotations

from sphinx_cmi.base import _
from sphinx_cmi.cards import CardDirective
from sphinx_cmi.kinds import Kind, Words, relation
from sphinx_cmi.nodes import cmi_card
from sphinx_cmi.quality import QUALITY


class learning_outcome(cmi_card):  # noqa: N801
    """A learning outcome; attributes ``name``, ``develops``."""


# Quality cards list the outcomes that develop them as "Developed through".
BACKLINKS = ("developed-through", _("Developed through"))
DEVELOPS = relation("develops", _("Develops"), QUALITY.name, BACKLINKS, aligns=True)

OUTCOME = Kind(
    name="outcome",
    directive="learning-outcome",
    directive_class=CardDirective,
    node_class=learning_outcome,
    words=Words(_("outcome"), _("Outcome"), _("Outcome %s"), _("No outcomes yet.")),
    facts=(DEVELOPS,),
    alignment=True,
)
