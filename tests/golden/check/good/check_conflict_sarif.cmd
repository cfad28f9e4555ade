check
--format
sarif
tests/cli/data/conflict
