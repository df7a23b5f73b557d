"""``python -m benchmarks [--quick] [--out PATH]``: run the suite, print the table, write JSON."""

from benchmarks.suite import main

raise SystemExit(main())
