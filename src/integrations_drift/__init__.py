"""integrations-drift: keeps a repository's INTEGRATIONS.md true."""

__version__ = "0.1.0"
