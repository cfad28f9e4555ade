check
tests/cli/data/conflict
tests/cli/data/draft
--baseline
tests/cli/data/conflict-baseline.json
