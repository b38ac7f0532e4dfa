"""INTEGRATIONS.md: the model, its parser and (later) its editor."""
