# bench/plot/plots.sh - sourced by bench/run.sh with a scenario loaded: draws its
# plots from the CSVs of its runs with the gnuplot scripts beside this file.
#
#   gantt-TAG.png        every run: which vcpu ran on which pCPU (the first
#                        GANTT_MS ms of the trace, default 100)
#   latency-cdf[-V].png  FOCUS_DOM set: its wake-to-run latency, one curve per scheduler
#   io-latency[-V].png   when the guests logged I/O: request latency histogram
#   share[-V].png        SHARE_DOMS set: measured CPU share against configured_share
# (-V: one per variant, when the scenario has several.)

# The runs of variant v: "tag name" pairs.
_runs_of() {
    local v=$1 s
    for s in $SCHEDULERS; do
        echo "$(tag_of "$s" "$v") $s"
    done
}

_gantt() {
    local dir=$1 tag=$2
    gnuplot -e "in='$dir/$tag-runs.csv'; out='$dir/gantt-$tag.png'; \
        ttl='$NAME, $tag: who ran where (first ${GANTT_MS:-100} ms; colour = domain)'; \
        ncpu=$CPUS; tmax=${GANTT_MS:-100}" bench/plot/gantt.gp
}

# FILE.csv column col (latency) of rows matching awk condition -> sorted .dat with CDF.
_cdf_dat() {
    local csv=$1 cond=$2 col=$3 dat=$4
    awk -F, "NR > 1 && ($cond) { print \$$col }" "$csv" | sort -g |
        awk '{ v[NR] = $1 } END { for (i = 1; i <= NR; i++) print v[i], i / NR }' > "$dat"
    [ -s "$dat" ]
}

_cdfs() {
    local dir=$1 v=$2 suffix=$3 files= names= tag s
    while read -r tag s; do
        _cdf_dat "$dir/$tag-wake.csv" "\$1 == $FOCUS_DOM" 3 "$dir/$tag-wake-d$FOCUS_DOM.dat" &&
            { files="$files $dir/$tag-wake-d$FOCUS_DOM.dat"; names="$names $s"; }
    done < <(_runs_of "$v")
    [ -n "$files" ] || return 0
    gnuplot -e "out='$dir/latency-cdf$suffix.png'; files='$files'; names='$names'; \
        ttl='$NAME$suffix: wake-to-run latency of domain $FOCUS_DOM'; \
        xl='wake-to-run latency (us, log scale)'" bench/plot/cdf.gp
}

_io_hist() {
    local dir=$1 v=$2 suffix=$3 files= names= tag s
    while read -r tag s; do
        awk -F, 'NR > 1 { print $2 }' "$dir/$tag-io.csv" > "$dir/$tag-io.dat"
        [ -s "$dir/$tag-io.dat" ] && { files="$files $dir/$tag-io.dat"; names="$names $s"; }
    done < <(_runs_of "$v")
    [ -n "$files" ] || return 0
    gnuplot -e "out='$dir/io-latency$suffix.png'; files='$files'; names='$names'; \
        ttl='$NAME$suffix: I/O request latency'" bench/plot/hist.gp
}

_share() {
    local dir=$1 v=$2 suffix=$3 files= names= tag s d
    while read -r tag s; do
        : > "$dir/$tag-share.dat"
        for d in $SHARE_DOMS; do
            echo "$(configured_share "$s" "$d") $(awk -F, -v d="$d" 'NR > 1 && $1 == d { print $5 }' "$dir/$tag.csv")" \
                >> "$dir/$tag-share.dat"
        done
        files="$files $dir/$tag-share.dat"; names="$names $s"
    done < <(_runs_of "$v")
    gnuplot -e "out='$dir/share$suffix.png'; files='$files'; names='$names'; \
        ttl='$NAME$suffix: CPU share, measured against configured'" bench/plot/share.gp
}

make_plots() {
    local dir=$1 v suffix tag s
    for v in $VARIANTS; do
        suffix=; [ "$(echo $VARIANTS | wc -w)" -gt 1 ] && suffix=-$v
        while read -r tag s; do _gantt "$dir" "$tag" || return 1; done < <(_runs_of "$v")
        if [ -n "${FOCUS_DOM:-}" ]; then _cdfs "$dir" "$v" "$suffix" || return 1; fi
        _io_hist "$dir" "$v" "$suffix" || return 1
        if [ -n "${SHARE_DOMS:-}" ]; then _share "$dir" "$v" "$suffix" || return 1; fi
    done
}
