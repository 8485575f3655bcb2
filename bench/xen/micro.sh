# bench/xen/micro.sh - the two-domain microbenchmarks on Xen 4.17 (credit): the
# event-channel round trip (pingpong between two domUs) and yielding to another
# domain and back (ctxsw), as bench/micro.sh runs them on Hestia.
. /job/common.sh
guest pp-server "workload=pingpong role=server peer=2"
guest pp-client "workload=pingpong role=client peer=1 n=10000"
wait_gone pp-client; sleep 1; xl destroy pp-server 2>/dev/null
console pp-client
guest cs1 "workload=ctxsw n=10000"
guest cs2 "workload=ctxsw n=10000"
wait_gone cs1; wait_gone cs2
console cs1
