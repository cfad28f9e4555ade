check
--lang
en
