schedule
--trials
500
--format
csv
--quiet
