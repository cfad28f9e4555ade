show
--find
幼儿园
