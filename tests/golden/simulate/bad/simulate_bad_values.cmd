simulate
tests/cli/data/scenarios/bad_values.toml
--quiet
