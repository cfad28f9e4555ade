explain
--date
2024-02-30
--entity
{"entity":"firm"}
