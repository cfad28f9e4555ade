diff
--lang
en
tests/cli/data/term
tests/cli/data/term-v2
