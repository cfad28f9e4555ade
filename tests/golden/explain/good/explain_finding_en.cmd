explain-finding
--lang
en
coverage-gap
