"""The build step that pyproject.toml cannot express: compile the message catalogues.

``build_py`` writes ``messages.mo`` beside every ``messages.po`` of
``groupdecide/translations`` into the build (so the wheel ships them), and into the source tree
for an editable install: a server started from an installed package speaks German without a
``pybabel compile`` first.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

CATALOGS = Path("groupdecide") / "translations"


def compile_catalogs(target_root: Path) -> None:
    """Compile each ``.po`` below ``groupdecide/translations`` into ``target_root``."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in sorted(CATALOGS.glob("*/LC_MESSAGES/*.po")):
        mo = target_root / po.with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=po.parts[-3])
        with mo.open("wb") as fh:
            write_mo(fh, catalog)


def copy_site_files(target_root: Path) -> None:
    """The templates and static files, beside the code in the wheel: an installed package has
    no checkout around it (``create_app`` prefers these copies when they are there)."""
    for name in ("templates", "static"):
        shutil.copytree(name, target_root / "groupdecide" / name, dirs_exist_ok=True)


class BuildWithCatalogs(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            compile_catalogs(Path("."))
        else:
            compile_catalogs(Path(self.build_lib))
            copy_site_files(Path(self.build_lib))


setup(cmdclass={"build_py": BuildWithCatalogs})
