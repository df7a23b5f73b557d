"""``python -m benchmarks [--quick] [--out FOLDER]``: run the suite, print the table, write JSON."""

from benchmarks.suite import main

raise SystemExit(main())
