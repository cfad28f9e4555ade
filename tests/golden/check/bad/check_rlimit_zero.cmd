check
tests/cli/data/limits.rules
--rlimit
0
