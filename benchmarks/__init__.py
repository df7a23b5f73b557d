"""chainrule's benchmark suite: the engine side by side with micrograd and PyTorch.

Run from the repository root (``pip install ".[bench]"`` first, or ``micrograd==0.1.0``;
PyTorch is optional and reported as absent when it is not installed)::

    python -m benchmarks            # full run, about two minutes
    python -m benchmarks --quick    # fewer repetitions and a 100,000-op chain

Every engine starts from the same weights, and the suite checks that their losses agree
to 1e-9 before it reports a time. Repetitions are interleaved across engines and only
ratios measured in one run are meaningful: the absolute numbers depend on the machine and
its load. Results are printed as a table and written as JSON into ``--out`` (default
``out/benchmarks/`` in the current directory; ``--out benchmarks/results`` adds a run to
the ones the README cites).

Not part of the test run (pytest's ``testpaths`` are ``tests``, ``autograd`` and ``nn``).
"""
