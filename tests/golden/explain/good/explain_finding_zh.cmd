explain-finding
LX101
