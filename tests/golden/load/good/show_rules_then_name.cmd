show
--rules
tests/cli/data/limits.rules
big
