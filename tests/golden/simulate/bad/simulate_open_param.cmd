simulate
tests/cli/data/scenarios/open_param.toml
--quiet
-o
build/should-not-exist.txt
