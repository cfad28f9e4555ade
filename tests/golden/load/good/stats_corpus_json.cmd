stats
--format
json
