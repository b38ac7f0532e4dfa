"""Environment variables read by program source and set by configuration files
(:func:`integrations_drift.scan.env.scanner.scan_env` runs them all)."""
