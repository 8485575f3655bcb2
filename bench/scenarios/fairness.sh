# bench/scenarios/fairness.sh - proportional share: three CPU hogs asking for 1:2:4.
DESCRIPTION="Three CPU hogs on one pCPU configured for shares 1:2:4 - credit weights
128/256/512, EDF and RT reservations of 1.3/2.6/5.2 ms every 10 ms (dom0 0.4 ms);
round-robin has no weights, so it should give 1:1:1. The table gives each hog's share
of the CPU over the traced span (hvtrace), and the ratios to hog1."
CPUS=1
SCHEDULERS="rr credit edf rt"
VARIANTS=default
RUN_MS=2000
QUICK_RUN_MS=300
SHARE_DOMS="1 2 3"

configs() {
    hog_config "$1" hog1; hog_config "$1" hog2; hog_config "$1" hog3
}

script() {
    local sched=$1
    echo "create hog1.cfg"; echo "create hog2.cfg"; echo "create hog3.cfg"
    case $sched in
        credit) echo "sched-set hog1 weight=128"; echo "sched-set hog2 weight=256"
                echo "sched-set hog3 weight=512" ;;
        edf|rt) echo "sched-set 0 budget_us=400 period_us=10000"
                echo "sched-set hog1 budget_us=1300 period_us=10000"
                echo "sched-set hog2 budget_us=2600 period_us=10000"
                echo "sched-set hog3 budget_us=5200 period_us=10000" ;;
    esac
    echo "trace start sched,hestia"
    echo "sleep $RUN_MS"
    echo "trace stop"; echo "trace dump"; echo "shutdown"
}

# What domain d was configured to get under sched (x axis of share.png).
configured_share() {
    case $1 in
        rr) echo "0.3333" ;;
        credit) awk -v d="$2" 'BEGIN { printf "%.4f", 2 ^ (d - 1) / 7 }' ;;
        *) awk -v d="$2" 'BEGIN { printf "%.4f", 0.13 * 2 ^ (d - 1) }' ;;
    esac
}

summary_header() {
    echo "| scheduler | hog1 share | hog2 share | hog3 share | hog2/hog1 | hog3/hog1 | switches/s |"
    echo "|---|---|---|---|---|---|---|"
}

summary_row() {
    local dir=$1 sched=$2 tag=$4
    awk -F, -v s="$sched" -v rep="$dir/$tag.report" '
        NR > 1 { sh[$1] = $5 }
        END {
            while ((getline l < rep) > 0) if (l ~ /context switches:/) { sub(/.*\(/, "", l); sub(/ per.*/, "", l); sps = l }
            printf "| %s | %.4f | %.4f | %.4f | %.2f | %.2f | %s |\n", s, sh[1], sh[2], sh[3],
                   sh[1] ? sh[2] / sh[1] : 0, sh[1] ? sh[3] / sh[1] : 0, sps
        }' "$dir/$tag.csv"
}

# Xen 4.17's credit on the same hogs and weights (make bench-xen; xl list CPU times
# over 10 s, 0.1 s resolution), if measured.
summary_xen() {
    local f=$1/xen-credit.txt
    [ -s "$f" ] || return 0
    awk -v h="$(awk -F, 'NR > 1 { sh[$1] = $5 } END { printf "%.2f", sh[3] / sh[1] }' "$1/credit.csv")" '
        { printf "| Xen 4.17 credit | %.4f | %.4f | %.4f | %.2f | %.2f | |\n", $1, $2, $3, $2 / $1, $3 / $1
          printf "\nhog3/hog1: Xen credit %.2f, Hestia credit %s (Xen / Hestia %.2f). Xen'"'"'s shares are CPU time over 10 s from xl list (0.1 s resolution) with a Linux dom0 beside them.\n", $3 / $1, h, ($3 / $1) / h }' "$f"
}
