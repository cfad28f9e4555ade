check
tests/cli/data/conflict
--rlimit
1
