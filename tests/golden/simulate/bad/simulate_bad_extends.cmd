simulate
tests/cli/data/scenarios/bad_extends.toml
--quiet
-o
build/should-not-exist.txt
