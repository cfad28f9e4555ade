check
tests/cli/data/coherence
--lang
en
