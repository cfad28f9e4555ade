schedule
tests/cli/data/schedule-bad.toml
--quiet
