simulate
tests/cli/data/scenarios/platforms.toml
--quiet
