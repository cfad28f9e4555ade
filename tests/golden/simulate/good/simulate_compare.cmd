simulate
tests/cli/data/scenarios/platforms.toml
--quiet
--compare
tests/cli/data/scenarios/platforms_cap.toml
--format
csv
