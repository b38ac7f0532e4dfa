"""Evidence from a tree: files, env reads and sets, configuration locations."""
