workdays
add
2024-02-30
3
