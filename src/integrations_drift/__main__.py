from integrations_drift.cli import main

raise SystemExit(main())
