show
no_such_name
