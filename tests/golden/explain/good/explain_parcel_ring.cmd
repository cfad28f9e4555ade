explain
corpus/tongzhou-2024
--date
2024-08-15
--entity
{"entity":"parcel","values":{"town":"songzhuang_north","in_core":false}}
