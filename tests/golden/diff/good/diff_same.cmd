diff
corpus/tongzhou-2024
corpus/tongzhou-2024
