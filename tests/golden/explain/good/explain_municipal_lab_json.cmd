explain
--date
2024-08-15
--format
json
--entity
{"entity":"firm","values":{"platform_level":"municipal","platform_type":"key_lab","platform_first_recognition":true,"platform_recognizer":"science_tech"}}
