check
tests/cli/data/limits.rules
--emit-smt
tests/cli/data
