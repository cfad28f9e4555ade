check
tests/cli/data/limits.rules
tests/cli/data/limits.rules
