bounds
--lang
en
tests/cli/data/teams.rules
