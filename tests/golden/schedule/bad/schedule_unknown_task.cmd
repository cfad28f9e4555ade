schedule
tests/cli/data/schedule-unknown-task.toml
--quiet
