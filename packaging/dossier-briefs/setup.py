"""The one dynamic field: the core, with its renderers, at exactly this distribution's version."""

from email.parser import HeaderParser
from pathlib import Path

from setuptools import setup
from setuptools_scm import get_version

pkg_info = Path(__file__).parent / "PKG-INFO"
if pkg_info.is_file():  # an sdist: the version setuptools-scm wrote when it was made
    version = HeaderParser().parsestr(pkg_info.read_text())["Version"]
else:  # a checkout: the tag, as the core's pyproject.toml computes it
    version = get_version(root="../..", relative_to=__file__, fallback_version="0.0.0")

setup(install_requires=[f"dossier-briefs-core[render]=={version}"])
