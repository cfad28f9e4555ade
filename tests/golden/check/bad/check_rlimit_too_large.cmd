check
tests/cli/data/limits.rules
--rlimit
4294967296
