"""The GitHub side: REST client, sticky comment, review suggestions, report issue, the Action entrypoint."""
