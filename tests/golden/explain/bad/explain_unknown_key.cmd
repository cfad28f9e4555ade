explain
--date
2024-08-15
--entity
{"entity":"firm","platform_level":"municipal"}
