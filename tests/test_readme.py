"""README.md's ```python blocks are doctests: the tour must print what it claims.

The blocks run in order in one namespace, as a reader typing them into one session would.
"""

import doctest
import re
from pathlib import Path

from autograd import PRIMITIVES

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


def test_readme_examples_run_as_shown() -> None:
    assert BLOCKS, "README.md has no ```python examples"
    registered = dict(PRIMITIVES)  # the README registers primitives of its own
    try:
        _run_blocks()
    finally:
        PRIMITIVES.clear()
        PRIMITIVES.update(registered)


def _run_blocks() -> None:
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    namespace: dict[str, object] = {}
    for index, block in enumerate(BLOCKS):
        test = parser.get_doctest(block, namespace, f"README.md block {index}", str(README), 0)
        result = runner.run(test, clear_globs=False)
        namespace = test.globs  # DocTest copies its globals; carry them to the next block
        assert result.failed == 0, f"README.md block {index}: {result.failed} example(s) failed"
