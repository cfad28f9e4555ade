explain
--entity
{"entity":"firm"}
