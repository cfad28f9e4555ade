diff
tests/cli/data/term
tests/cli/data/term-v2
