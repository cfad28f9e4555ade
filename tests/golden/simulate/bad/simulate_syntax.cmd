simulate
tests/cli/data/scenarios/syntax.toml
--quiet
