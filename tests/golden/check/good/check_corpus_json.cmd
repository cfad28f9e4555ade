check
--format
json
