# bench/xen/fairness.sh - the fairness scenario on Xen 4.17's credit scheduler: three
# pvguest hogs with weights 128/256/512 on one pCPU; CPU time over 10 s (xl list).
. /job/common.sh
guest hog1 "workload=hog seconds=100000"
guest hog2 "workload=hog seconds=100000"
guest hog3 "workload=hog seconds=100000"
xl sched-credit -d hog1 -w 128; xl sched-credit -d hog2 -w 256; xl sched-credit -d hog3 -w 512
sleep 1
t0=$(cat /proc/uptime | cut -d' ' -f1)
a1=$(cputime hog1) a2=$(cputime hog2) a3=$(cputime hog3)
sleep 10
t1=$(cat /proc/uptime | cut -d' ' -f1)
b1=$(cputime hog1) b2=$(cputime hog2) b3=$(cputime hog3)
echo "xen-fairness: interval $t0 $t1 hog1 $a1 $b1 hog2 $a2 $b2 hog3 $a3 $b3"
xl destroy hog1; xl destroy hog2; xl destroy hog3
