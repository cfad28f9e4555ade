stats
tests/cli/edge/bom.rules
