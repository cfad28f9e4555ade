diff
--lang
en
--all
tests/cli/data/conflict
tests/cli/data/conflict-v2
