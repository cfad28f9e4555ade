schedule
scenarios/schedule-renewal-review.toml
--trials
2000
--format
json
--quiet
