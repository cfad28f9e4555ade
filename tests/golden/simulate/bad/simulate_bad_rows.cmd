simulate
tests/cli/data/scenarios/bad_rows.toml
--quiet
