check
--emit-smt
/proc/lexsim-cannot-create
tests/cli/data/conflict
