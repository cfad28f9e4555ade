schedule
scenarios/schedule-land-entry.toml
--trials
2000
--quiet
