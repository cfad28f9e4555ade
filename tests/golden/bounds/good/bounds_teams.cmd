bounds
tests/cli/data/teams.rules
