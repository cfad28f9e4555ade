stats
tests/cli/edge/warnings.rules
