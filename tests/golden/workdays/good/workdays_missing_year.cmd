workdays
add
2025-12-25
10
