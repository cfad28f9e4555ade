workdays
add
2024-09-27
10
