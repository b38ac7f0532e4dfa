"""integrations-drift: keeps a repository's INTEGRATIONS.md true."""

from importlib.metadata import PackageNotFoundError, version

try:
    # Defined once, in pyproject.toml; the installed package's metadata carries it.
    __version__ = version("integrations-drift")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"

# Where the tool is described; SARIF viewers link to it (``tool.driver.informationUri``).
PROJECT_URL = "https://pypi.org/project/integrations-drift/"
