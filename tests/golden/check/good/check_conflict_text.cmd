check
tests/cli/data/conflict
