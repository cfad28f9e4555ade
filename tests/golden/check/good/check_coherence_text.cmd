check
tests/cli/data/coherence
