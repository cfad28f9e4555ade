stats
--workload
