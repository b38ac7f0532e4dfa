import os


def env_bool(name: str, default: bool = False) -> bool:
    """True when the variable is set to 1/true/yes."""
    value = os.getenv(name)
    if value is None:
        return default
    return value.lower() in ("1", "true", "yes")
