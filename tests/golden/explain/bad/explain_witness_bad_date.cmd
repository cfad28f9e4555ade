explain
--entity
{"entity":"firm","date":"2024-02-30","attributes":{}}
