show
pm25_annual
通政发〔2024〕14号
established_standard
tzf_2024_08.m09
