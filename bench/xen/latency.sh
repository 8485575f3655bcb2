# bench/xen/latency.sh - the latency scenario on Xen 4.17's credit scheduler: a
# periodic pvguest (10 ms period, 1 ms of its own CPU time, 200 jobs) among two hogs.
. /job/common.sh
guest hog1 "workload=hog seconds=100000"
guest hog2 "workload=hog seconds=100000"
guest lat "workload=periodic period_us=10000 wcet_us=1000 cpu=1 count=200"
wait_gone lat
console lat
xl destroy hog1; xl destroy hog2
