schedule
tests/cli/data/schedule-cycle.toml
--quiet
