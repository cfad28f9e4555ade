check
--lang
en
tests/cli/data/header
