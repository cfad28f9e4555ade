explain
--date
2024-08-15
--entity
{"entity":"firm","values":{"regional_contribution":"100 万元","cumulative_regional_contribution":"50 万元"}}
--lang
en
