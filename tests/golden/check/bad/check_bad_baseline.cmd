check
tests/cli/data/conflict
--baseline
tests/cli/data/teams.rules
