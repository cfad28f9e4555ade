simulate
tests/cli/data/scenarios/platforms.toml
--quiet
--format
json
--threads
2
