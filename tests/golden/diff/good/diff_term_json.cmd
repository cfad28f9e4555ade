diff
--format
json
tests/cli/data/term
tests/cli/data/term-v2
