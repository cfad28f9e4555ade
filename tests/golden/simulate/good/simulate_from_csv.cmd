simulate
tests/cli/data/scenarios/from_csv.toml
--quiet
