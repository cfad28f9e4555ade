check
tests/cli/data/header
