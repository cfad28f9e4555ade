check
--lang
en
tests/cli/data/conflict
