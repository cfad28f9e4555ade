explain
--lang
en
--date
2024-08-15
--entity
{"entity":"firm","values":{"platform_level":"municipal","platform_type":"key_lab","platform_first_recognition":true,"platform_recognizer":"science_tech"}}
