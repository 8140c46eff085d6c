"""Numbers no sane author writes, in conf.py and in data files: each is one
located warning, never a traceback (Python refuses to print or read an int of
more than 4,300 digits; floats overflow; NaN compares false)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from helpers import line_of
from sphinx_cmi.linkcheck import DEFAULTS, settings_of

if TYPE_CHECKING:
    from helpers import BuildProject

HUGE = "9" * 5000


class Code(str):
    """A value written into conf.py as this Python source, not as its repr."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


SETTINGS = {
    "cmi_check_all_links": Code("10**5000"),
    "cmi_short_roles": Code("10**5000"),
    "cmi_structured_data": Code("-(10**5000)"),
    "cmi_css_file": Code("10**5000"),
    "cmi_linkcheck_cache_days": Code("float('nan')"),
    "cmi_linkcheck_timeout": Code("10**400"),
    "cmi_linkcheck_retries": Code("10**5000"),
    "cmi_linkcheck_backoff": Code("float('inf')"),
    "cmi_linkcheck_host_concurrency": Code("10**12"),
    "cmi_linkcheck_max_retry_after": Code("1e308 * 10"),
    "cmi_linkcheck_strict": Code("10**5000"),
    "cmi_linkcheck_refresh": Code("float('nan')"),
}


def test_every_setting_refuses_a_number_it_cannot_use(build: BuildProject) -> None:
    result = build({"page.md": "# Page\n"}, conf=SETTINGS)
    assert "Traceback" not in result.warnings
    assert result.app.statuscode == 0
    conf_py = (result.srcdir / "conf.py").read_text(encoding="utf-8")
    warned = {
        w.message.split()[0]: (w.line, w.type)
        for w in result.reported()
        if w.type == "cmi.config"
    }
    assert warned == {
        name: (line_of(conf_py, f"{name} ="), "cmi.config") for name in SETTINGS
    }, result.warnings
    assert all(len(w.message) < 300 for w in result.reported())
    assert settings_of(result.app.config) == DEFAULTS
    assert result.app.config.cmi_structured_data is True


DATA = {
    "c.yaml": f"courses:\n  - name: a\n    title: A\n    level: {HUGE}\n",
    "c.json": '{"courses": [\n {"name": "a", "title": "A", "level": ' + HUGE + "}]}",
    "c.toml": f'[[courses]]\nname = "a"\ntitle = "A"\nlevel = {HUGE}\n',
    "c.csv": f"name,title,level\na,A,{HUGE}\n",
}


@pytest.mark.parametrize("name", list(DATA))
def test_a_number_too_long_to_read_in_a_data_file(
    build: BuildProject, name: str
) -> None:
    text = DATA[name]
    page = f"# Home\n\n:::{{curriculum-import}} data/{name}\n:kind: course\n:::\n"
    result = build({"index.md": page, f"data/{name}": text})
    assert "Traceback" not in result.warnings
    found = [(w.line, w.type) for w in result.reported_in(f"data/{name}")]
    assert found == [(line_of(text, HUGE[:20]), "cmi.data")], result.warnings
    assert all(len(w.message) < 300 for w in result.reported())
