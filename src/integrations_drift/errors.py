"""Errors that end a run with exit status 2 and one line on stderr."""


class UsageError(Exception):
    """Bad input from the user: a flag, a config file, a missing document."""
