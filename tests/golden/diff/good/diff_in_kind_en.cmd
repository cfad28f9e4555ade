diff
--lang
en
tests/cli/data/inkind
tests/cli/data/inkind-v2
