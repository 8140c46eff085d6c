"""``learning-outcome``: what a learner can do after a course teaches it.

Courses name the outcomes they teach (``:outcomes:``), so each outcome card
lists the courses it is "Taught in"; an outcome names the qualities it
develops, and a course without ``:develops:`` develops those of its outcomes.
"""

from __future__ import annotations

from sphinx_cmi.base import _
from sphinx_cmi.cards import CardDirective
from sphinx_cmi.kinds import Fact, Kind, Words
from sphinx_cmi.nodes import cmi_card
from sphinx_cmi.quality import QUALITY


class learning_outcome(cmi_card):  # noqa: N801
    """A learning outcome; attributes ``name``, ``develops``."""


OUTCOME = Kind(
    name="outcome",
    directive="learning-outcome",
    directive_class=CardDirective,
    node_class=learning_outcome,
    words=Words(_("outcome"), _("Outcome"), _("Outcome %s"), _("No outcomes yet.")),
    facts=(
        Fact(
            "develops",
            _("Develops"),
            "names",
            target=QUALITY.name,
            inverse="developed-through",
            inverse_label=_("Developed through"),
            aligns=True,
        ),
    ),
    alignment=True,
)
