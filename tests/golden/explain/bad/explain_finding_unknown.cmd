explain-finding
LX999
