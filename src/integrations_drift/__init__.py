"""integrations-drift: keeps a repository's INTEGRATIONS.md true."""

__version__ = "0.1.0"

# Where the tool is described; SARIF viewers link to it (``tool.driver.informationUri``).
PROJECT_URL = "https://pypi.org/project/integrations-drift/"
