/*
 * tests/unit/test_sim.c - host tests for the scheduler simulator (sim/, sim/sim.h).
 *
 * The simulator is linked into the unit tests as one object that exports only the
 * sim_* API (sim/sim.mk): inside it are its own copies of the framework and of every
 * module in sched/, so nothing here touches the copy of sched/core.c that the other
 * tests drive with the fakes of pv_host.c.
 *
 * What is checked, with the tolerances stated in each test:
 *   - the CSV: the header, byte for byte; one row per vcpu in scenario order;
 *   - round-robin gives equal shares (within 1%), on one and on two pCPUs, and its
 *     quantum can be set with a boot option (cmdline) through the real parser;
 *   - the workloads' semantics, exactly: a periodic task alone (no misses), a
 *     periodic task behind a hog (one miss every 20 ms, backlog carried over), an io
 *     loop, and the sleepwake distributions (means within a few %);
 *   - switching modules mid-run: rr -> rr is a no-op (same bytes), and rr -> M -> rr
 *     for every other module built in keeps every vcpu running and accounted;
 *   - accounting: each vcpu's runtime equals the framework's runstate running time,
 *     its four runstates add up to the elapsed time, and with hogs under a
 *     work-conserving module the runtimes add up to pcpus * elapsed;
 *   - determinism: the same scenario and seed give the same CSV and trace bytes; a
 *     different seed changes the sleepwake results;
 *   - scenario errors: one line, "file:line: problem";
 *   - the trace file: xentrace windows, the info record first, TSC monotonic per pCPU,
 *     one switch record per counted switch;
 *   - one simulator at a time.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <public/trace.h>
#include "../../sim/sim.h"

#define MS(x) ((int64_t)(x) * 1000000)
#define SEC(x) ((int64_t)(x) * 1000000000)

/* Like ck_assert_msg, without a (slow) checkpoint per call: for checks in loops. */
#define REQUIRE(cond, ...) do { if (!(cond)) ck_abort_msg(__VA_ARGS__); } while (0)

static struct sim *S;               /* the simulator under test (teardown destroys it) */

static void teardown(void)
{
    sim_destroy(S);
    S = NULL;
}

static struct sim *make(const char *sched, unsigned int pcpus, uint64_t seed)
{
    S = sim_create(sched, pcpus, seed);
    ck_assert_ptr_nonnull(S);
    return S;
}

static void add(const char *line)
{
    char err[256];
    int rc = sim_add_vcpu_line(S, line, err, sizeof(err));
    ck_assert_msg(rc == 0, "%s: %s", line, err);
}

static void run_ms(int64_t ms)
{
    ck_assert_int_eq(sim_run_until(S, sim_now(S) + MS(ms)), 0);
}

static const struct sim_vcpu_stats *st(unsigned int i)
{
    const struct sim_vcpu_stats *s = sim_stats(S, i);
    ck_assert_ptr_nonnull(s);
    return s;
}

/* The CSV as a string (caller frees). */
static char *csv_of(struct sim *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    sim_print_csv(s, f);
    fclose(f);
    return buf;
}

/* Run a whole scenario text the way hvsim does; returns the CSV (caller frees). */
static char *run_scenario(const char *text, const char *trace_path)
{
    struct sim_config cfg;
    char err[256];

    sim_config_default(&cfg);
    ck_assert_msg(sim_scenario_config(text, "t.txt", &cfg, err, sizeof(err)) == 0, "%s", err);
    S = sim_create_config(&cfg, err, sizeof(err));
    ck_assert_msg(S != NULL, "%s", err);
    if (trace_path)
        ck_assert_msg(sim_trace_open(S, trace_path, err, sizeof(err)) == 0, "%s", err);
    ck_assert_msg(sim_load_scenario(S, text, "t.txt", err, sizeof(err)) == 0, "%s", err);
    ck_assert_msg(sim_run_config(S, &cfg, err, sizeof(err)) == 0, "%s", err);
    if (trace_path)
        ck_assert_msg(sim_trace_close(S, err, sizeof(err)) == 0, "%s", err);
    char *csv = csv_of(S);
    teardown();
    return csv;
}

/* Every vcpu: runtime == runstate running, the runstates add up to the time alive. */
static int64_t check_accounting(int64_t created_at)
{
    int64_t total = 0;
    for (unsigned int i = 0; i < sim_nr_vcpus(S); i++) {
        const struct sim_vcpu_stats *s = st(i);
        int64_t sum = 0;
        for (int k = 0; k < 4; k++) {
            REQUIRE(s->runstate_ns[k] >= 0, "%s: runstate %d negative", s->name, k);
            sum += s->runstate_ns[k];
        }
        REQUIRE(s->runtime_ns == s->runstate_ns[0], "%s: runtime %lld ns but runstate "
                "running %lld ns", s->name, (long long)s->runtime_ns,
                (long long)s->runstate_ns[0]);
        REQUIRE(sum == sim_now(S) - created_at, "%s: runstates add up to %lld, alive %lld",
                s->name, (long long)sum, (long long)(sim_now(S) - created_at));
        total += s->runtime_ns;
    }
    REQUIRE(total <= (int64_t)sim_pcpus(S) * sim_now(S), "more CPU time than pCPUs");
    return total;
}

/* --- the CSV ----------------------------------------------------------------------- */

START_TEST(test_csv_header_and_rows)
{
    make("rr", 1, 1);
    add("vcpu name=first workload=hog");
    add("name=second workload=io service_us=100 think_us=900");    /* "vcpu" optional */
    add("vcpu name=third workload=periodic period_us=10000 wcet_us=1000");
    run_ms(100);
    char *csv = csv_of(S);
    const char *header = "vcpu,share,runtime_us,jobs,deadline_misses,wake_p50_us,"
                         "wake_p99_us,wake_max_us,switches\n";
    ck_assert_int_eq(strncmp(csv, header, strlen(header)), 0);
    ck_assert_str_eq(SIM_CSV_HEADER "\n", header);

    const char *names[] = { "first,", "second,", "third," };
    char *line = csv + strlen(header);
    for (unsigned int i = 0; i < 3; i++) {
        ck_assert_msg(strncmp(line, names[i], strlen(names[i])) == 0, "row %u: %s", i, line);
        char *nl = strchr(line, '\n');
        ck_assert_ptr_nonnull(nl);
        unsigned int commas = 0;
        for (char *p = line; p < nl; p++)
            commas += *p == ',';
        ck_assert_uint_eq(commas, 8);
        line = nl + 1;
    }
    ck_assert_str_eq(line, "");
    free(csv);
}
END_TEST

/* --- round-robin shares -------------------------------------------------------------- */

START_TEST(test_rr_equal_shares_one_pcpu)
{
    make("rr", 1, 1);
    for (int i = 0; i < 4; i++) {
        char line[64];
        snprintf(line, sizeof(line), "vcpu name=hog%d workload=hog", i);
        add(line);
    }
    run_ms(10000);
    for (unsigned int i = 0; i < 4; i++)
        ck_assert_msg(st(i)->share > 0.25 - 0.0025 && st(i)->share < 0.25 + 0.0025,
                      "%s: share %.4f, want 0.25 +- 1%%", st(i)->name, st(i)->share);
    ck_assert_int_eq(check_accounting(0), SEC(10));
}
END_TEST

START_TEST(test_rr_equal_shares_two_pcpus)
{
    make("rr", 2, 1);
    for (int i = 0; i < 6; i++) {       /* placed round robin: three per pCPU */
        char line[64];
        snprintf(line, sizeof(line), "vcpu name=hog%d workload=hog", i);
        add(line);
    }
    run_ms(10000);
    for (unsigned int i = 0; i < 6; i++) {
        ck_assert_uint_eq(st(i)->pcpu, i % 2);
        ck_assert_msg(st(i)->share > 1.0 / 3 * 0.99 && st(i)->share < 1.0 / 3 * 1.01,
                      "%s: share %.4f, want 0.3333 +- 1%%", st(i)->name, st(i)->share);
    }
    ck_assert_int_eq(check_accounting(0), 2 * SEC(10));
}
END_TEST

/* The quantum is a boot option of sched/rr.c, set through kernel/params.c. */
START_TEST(test_rr_quantum_boot_option)
{
    struct sim_config cfg;
    char err[256];

    sim_config_default(&cfg);
    snprintf(cfg.sched, sizeof(cfg.sched), "rr");
    snprintf(cfg.cmdline, sizeof(cfg.cmdline), "sched_rr_quantum_us=5000");
    S = sim_create_config(&cfg, err, sizeof(err));
    ck_assert_msg(S != NULL, "%s", err);
    add("vcpu name=a workload=hog");
    add("vcpu name=b workload=hog");
    run_ms(100);
    ck_assert_uint_eq(st(0)->switches, 10);     /* 20 slices of 5 ms */
    ck_assert_uint_eq(st(1)->switches, 10);
    teardown();

    make("rr", 1, 1);                           /* back to the built-in 10 ms */
    add("vcpu name=a workload=hog");
    add("vcpu name=b workload=hog");
    run_ms(100);
    ck_assert_uint_eq(st(0)->switches, 5);
    teardown();

    snprintf(cfg.cmdline, sizeof(cfg.cmdline), "bogus_option=1");
    ck_assert_ptr_null(sim_create_config(&cfg, err, sizeof(err)));
    ck_assert_str_eq(err, "cmdline: unknown option 'bogus_option'");
    snprintf(cfg.cmdline, sizeof(cfg.cmdline), "sched=rr");
    ck_assert_ptr_null(sim_create_config(&cfg, err, sizeof(err)));
    ck_assert_str_eq(err, "cmdline: option 'sched' is the simulator's (use `sched = NAME` or --sched)");
}
END_TEST

/* --- workloads ------------------------------------------------------------------------ */

START_TEST(test_periodic_alone)
{
    make("rr", 1, 1);
    add("vcpu name=p workload=periodic period_us=100000 wcet_us=30000");
    run_ms(1000);
    const struct sim_vcpu_stats *p = st(0);
    ck_assert_uint_eq(p->jobs, 10);             /* released at 0, 100, ..., 900 ms */
    ck_assert_uint_eq(p->deadline_misses, 0);
    ck_assert_int_eq(p->runtime_ns, MS(300));
    ck_assert_uint_eq(p->switches, 10);
    ck_assert_int_eq(p->wake_max_ns, 0);        /* an idle pCPU runs it at once */
    ck_assert_int_eq(check_accounting(0), MS(300));
}
END_TEST

/*
 * A hog and a periodic task (10 ms period, 5 ms jobs) on one pCPU under rr (10 ms
 * quantum). The hog runs 0-10; job 0 misses its deadline (10 ms) and job 1 is released
 * behind it; the task runs 10-20 and finishes both (job 1 just in time, at 20); it
 * blocks, is released again at 20 but waits for the hog's quantum, 20-30... So every
 * 20 ms: two jobs done, one miss, one wake that waits 10 ms. A run covers [0, end):
 * what happens at exactly 1000 ms (job 99 done, the hog switched in) is not counted.
 */
START_TEST(test_periodic_backlog_carries_over)
{
    make("rr", 1, 1);
    add("vcpu name=h workload=hog");
    add("vcpu name=p workload=periodic period_us=10000 wcet_us=5000");
    run_ms(16);
    ck_assert_uint_eq(st(1)->jobs, 1);          /* job 0 done at 15 ms, late */
    ck_assert_uint_eq(st(1)->deadline_misses, 1);
    run_ms(1000 - 16);
    const struct sim_vcpu_stats *p = st(1);
    ck_assert_uint_eq(p->jobs, 99);
    ck_assert_uint_eq(p->deadline_misses, 50);
    ck_assert_uint_eq(p->switches, 50);         /* in at 10, 30, ..., 990 */
    ck_assert_uint_eq(st(0)->switches, 50);     /* in at 0, 20, ..., 980 */
    ck_assert_uint_eq(p->wakes, 50);            /* at 0, 20, ..., 980 */
    ck_assert_int_eq(p->wake_p50_ns, MS(10));
    ck_assert_int_eq(p->wake_max_ns, MS(10));
    ck_assert_int_eq(p->runtime_ns, MS(500));
    ck_assert_int_eq(check_accounting(0), SEC(1));
    run_ms(1);                                  /* what was due at 1000 happens now */
    ck_assert_uint_eq(st(1)->jobs, 100);
}
END_TEST

START_TEST(test_io_loop)
{
    make("rr", 1, 1);
    add("vcpu name=io workload=io service_us=1000 think_us=4000");
    run_ms(1000);
    ck_assert_uint_eq(st(0)->jobs, 200);        /* one request every 5 ms */
    ck_assert_int_eq(st(0)->runtime_ns, MS(200));
    ck_assert_int_eq(st(0)->runstate_ns[2], MS(800));      /* blocked on I/O */
    ck_assert_int_eq(st(0)->wake_p99_ns, 0);
}
END_TEST

/* Exponential sleeps (mean 10 ms), uniform bursts (mean 1 ms), alone on a pCPU. */
START_TEST(test_sleepwake_distributions)
{
    make("rr", 1, 3);
    add("vcpu name=s workload=sleepwake sleep_us=10000 burst_us=1000");
    run_ms(100000);
    const struct sim_vcpu_stats *s = st(0);
    double bursts = (double)s->jobs, mean_burst_us = s->runtime_ns / 1000.0 / bursts;
    double mean_sleep_us = s->runstate_ns[2] / 1000.0 / bursts;
    ck_assert_msg(bursts > 100000 / 11.0 * 0.97 && bursts < 100000 / 11.0 * 1.03,
                  "%.0f bursts in 100 s, want ~9091 +- 3%%", bursts);
    ck_assert_msg(mean_burst_us > 980 && mean_burst_us < 1020, "mean burst %.1f us",
                  mean_burst_us);
    ck_assert_msg(mean_sleep_us > 9700 && mean_sleep_us < 10300, "mean sleep %.1f us",
                  mean_sleep_us);
}
END_TEST

/* A vcpu added mid-run starts then; its share is over the whole run. */
START_TEST(test_add_vcpu_mid_run)
{
    make("rr", 1, 1);
    add("vcpu name=a workload=hog");
    run_ms(500);
    add("vcpu name=b workload=hog");
    run_ms(500);
    ck_assert_int_eq(st(0)->runtime_ns, MS(750));
    ck_assert_int_eq(st(1)->runtime_ns, MS(250));
    ck_assert_int_eq(st(1)->runstate_ns[0] + st(1)->runstate_ns[1], MS(500));
    ck_assert(st(1)->share > 0.2499 && st(1)->share < 0.2501);
}
END_TEST

/* --- switching modules ------------------------------------------------------------------- */

static const char *hog_lines[] = {
    "vcpu name=h0 workload=hog", "vcpu name=h1 workload=hog", "vcpu name=h2 workload=hog",
    "vcpu name=h3 workload=hog", "vcpu name=h4 workload=hog",
};

START_TEST(test_switch_rr_to_rr_is_a_noop)
{
    make("rr", 2, 1);
    for (unsigned int i = 0; i < 5; i++)
        add(hog_lines[i]);
    run_ms(2000);
    char *plain = csv_of(S);
    teardown();

    make("rr", 2, 1);
    for (unsigned int i = 0; i < 5; i++)
        add(hog_lines[i]);
    run_ms(1000);
    ck_assert_int_eq(sim_switch(S, "rr"), 0);
    run_ms(1000);
    char *switched = csv_of(S);
    ck_assert_str_eq(switched, plain);
    ck_assert_int_lt(sim_switch(S, "no-such-module"), 0);
    free(plain);
    free(switched);
}
END_TEST

/* Runtimes before a phase, to see that every vcpu ran during it. */
static void snapshot(int64_t *rt)
{
    for (unsigned int i = 0; i < sim_nr_vcpus(S); i++)
        rt[i] = st(i)->runtime_ns;
}

static void check_phase(const int64_t *before, const char *phase, bool work_conserving)
{
    for (unsigned int i = 0; i < sim_nr_vcpus(S); i++)
        REQUIRE(st(i)->runtime_ns > before[i], "%s: %s did not run", phase, st(i)->name);
    int64_t total = check_accounting(0);
    if (work_conserving)
        REQUIRE(total == (int64_t)sim_pcpus(S) * sim_now(S), "%s: runtimes add up to %lld, "
                "want pcpus * now = %lld", phase, (long long)total,
                (long long)(sim_pcpus(S) * sim_now(S)));
}

/*
 * rr -> M -> rr for every other module M built in (credit, edf, rt when present).
 * Hogs on 2 pCPUs: every vcpu keeps running in every phase; accounting holds
 * throughout; under rr and credit (work-conserving with no caps) the runtimes add up
 * to pcpus * elapsed exactly.
 */
START_TEST(test_switch_roundtrip)
{
    int64_t before[5];
    unsigned int others = 0;

    for (unsigned int m = 0; m < sim_nr_modules(); m++) {
        const char *name = sim_module_name(m);
        if (strcmp(name, "rr") == 0)
            continue;
        others++;
        make("rr", 2, 1);
        for (unsigned int i = 0; i < 5; i++)
            add(hog_lines[i]);
        run_ms(1000);
        check_phase((int64_t[5]){ 0 }, "rr", true);
        snapshot(before);
        ck_assert_int_eq(sim_switch(S, name), 0);
        ck_assert_str_eq(sim_sched(S), name);
        run_ms(1000);
        bool work_conserving = strcmp(name, "credit") == 0;
        check_phase(before, name, work_conserving);
        snapshot(before);
        ck_assert_int_eq(sim_switch(S, "rr"), 0);
        ck_assert_str_eq(sim_sched(S), "rr");
        run_ms(1000);
        check_phase(before, "rr again", work_conserving);
        teardown();
    }
    if (others == 0) {                          /* only rr built in: rr -> rr -> rr */
        make("rr", 2, 1);
        for (unsigned int i = 0; i < 5; i++)
            add(hog_lines[i]);
        run_ms(1000);
        snapshot(before);
        ck_assert_int_eq(sim_switch(S, "rr"), 0);
        run_ms(1000);
        check_phase(before, "rr", true);
    }
}
END_TEST

/* `switch = M@1000 rr@2000` in a scenario: the same as calling sim_switch then. */
START_TEST(test_scenario_switch_line)
{
    const char *other = "rr";
    char text[512], err[256];
    struct sim_config cfg;

    for (unsigned int m = 0; m < sim_nr_modules(); m++)
        if (strcmp(sim_module_name(m), "rr") != 0)
            other = sim_module_name(m);
    snprintf(text, sizeof(text), "sched = rr\npcpus = 2\nduration_ms = 3000\n"
             "switch = %s@1000 rr@2000\n%s\n%s\n%s\n", other, hog_lines[0], hog_lines[1],
             hog_lines[2]);
    sim_config_default(&cfg);
    ck_assert_msg(sim_scenario_config(text, "s.txt", &cfg, err, sizeof(err)) == 0, "%s", err);
    ck_assert_uint_eq(cfg.nr_switches, 2);
    ck_assert_int_eq(cfg.switches[1].at_ns, MS(2000));
    S = sim_create_config(&cfg, err, sizeof(err));
    ck_assert_ptr_nonnull(S);
    ck_assert_int_eq(sim_load_scenario(S, text, "s.txt", err, sizeof(err)), 0);
    ck_assert_msg(sim_run_config(S, &cfg, err, sizeof(err)) == 0, "%s", err);
    ck_assert_str_eq(sim_sched(S), "rr");
    ck_assert_int_eq(sim_now(S), MS(3000));
    check_accounting(0);
    for (unsigned int i = 0; i < 3; i++)
        ck_assert_int_gt(st(i)->runtime_ns, MS(1000));
    teardown();

    /* Checked before anything runs. */
    make("rr", 1, 1);
    cfg.nr_switches = 1;
    snprintf(cfg.switches[0].sched, sizeof(cfg.switches[0].sched), "nope");
    ck_assert_int_lt(sim_run_config(S, &cfg, err, sizeof(err)), 0);
    ck_assert_str_eq(err, "switch: unknown scheduler 'nope'");
    snprintf(cfg.switches[0].sched, sizeof(cfg.switches[0].sched), "rr");
    cfg.switches[0].at_ns = cfg.duration_ns;
    ck_assert_int_lt(sim_run_config(S, &cfg, err, sizeof(err)), 0);
    ck_assert_str_eq(err, "switch: rr@3000 is not before the end of the run (3000 ms)");
    ck_assert_int_eq(sim_now(S), 0);
}
END_TEST

/* --- determinism ------------------------------------------------------------------------- */

static const char mixed[] =
    "# a bit of everything\n"
    "sched = rr\n"
    "pcpus = 2\n"
    "duration_ms = 3000\n"
    "seed = 5\n"
    "vcpu name=hog workload=hog\n"
    "vcpu name=rt workload=periodic period_us=20000 wcet_us=3000\n"
    "vcpu name=web workload=io service_us=300 think_us=1700\n"
    "vcpu name=sw1 workload=sleepwake\n"
    "vcpu name=sw2 workload=sleepwake sleep_us=3000 burst_us=700 pcpu=0\n";

static char *file_contents(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    char *buf = malloc(*len + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, *len, f), *len);
    fclose(f);
    return buf;
}

START_TEST(test_determinism)
{
    char t1[] = "/tmp/hvsim-test-XXXXXX", t2[] = "/tmp/hvsim-test-XXXXXX";
    int fd1 = mkstemp(t1), fd2 = mkstemp(t2);
    ck_assert(fd1 >= 0 && fd2 >= 0);
    close(fd1);
    close(fd2);

    char *a = run_scenario(mixed, t1), *b = run_scenario(mixed, t2);
    ck_assert_str_eq(a, b);
    size_t la, lb;
    char *ta = file_contents(t1, &la), *tb = file_contents(t2, &lb);
    ck_assert_uint_eq(la, lb);
    ck_assert(memcmp(ta, tb, la) == 0);

    char other[sizeof(mixed) + 8];              /* seed 6 instead of 5 */
    snprintf(other, sizeof(other), "%s", mixed);
    *strstr(other, "seed = 5") = '\0';
    snprintf(other + strlen(other), sizeof(other) - strlen(other), "seed = 6%s",
             strstr(mixed, "seed = 5") + strlen("seed = 5"));
    char *c = run_scenario(other, NULL);
    ck_assert_str_ne(a, c);
    ck_assert_ptr_nonnull(strstr(c, "\nhog,"));     /* same vcpus, other numbers */
    unlink(t1);
    unlink(t2);
    free(a);
    free(b);
    free(c);
    free(ta);
    free(tb);
}
END_TEST

/* --- scenario errors ----------------------------------------------------------------------- */

struct bad {
    const char *text, *msg;
};

static const struct bad bad_syntax[] = {
    { "sched = rr\n\n# comment\nvcpu name=a workload=hog\n\n\nvcpu name=b workload=hogg\n",
      "scen.txt:7: unknown workload 'hogg' (workloads: hog periodic io sleepwake)" },
    { "pcpus = 0\n", "scen.txt:1: pcpus=0 is not in 1..64" },
    { "pcpus = 2\npcpus = 3\n", "scen.txt:2: duplicate setting 'pcpus' (first on line 1)" },
    { "duration_ms = soon\n", "scen.txt:1: bad value 'soon' for duration_ms (a whole number)" },
    { "seed = -1\n", "scen.txt:1: bad seed '-1' (0..2^64-1)" },
    { "speed = 3\n", "scen.txt:1: unknown setting 'speed' (settings: sched pcpus duration_ms "
                     "seed cmdline switch; vcpu lines start with 'vcpu')" },
    { "switch = rr@500 credit@400\n", "scen.txt:1: switch times must increase (credit@400)" },
    { "switch = rr\n", "scen.txt:1: expected NAME@MS in switch, got 'rr'" },
    { "  hello   # world\n", "scen.txt:1: expected 'key = value' or a vcpu line, got 'hello'" },
    { "vcpu workload=hog\n", "scen.txt:1: vcpu line without name=" },
    { "vcpu name=a\n", "scen.txt:1: vcpu 'a' has no workload= (workloads: hog periodic io "
                       "sleepwake)" },
    { "vcpu name=a workload=periodic period_us=100\n",
      "scen.txt:1: workload periodic needs wcet_us=" },
    { "vcpu name=a workload=periodic period_us=100 wcet_us=200\n",
      "scen.txt:1: wcet_us=200 is longer than period_us=100" },
    { "vcpu name=a workload=periodic period_us=0 wcet_us=0\n",
      "scen.txt:1: period_us=0 is not in 1..1000000000" },
    { "vcpu name=a workload=hog period_us=100\n",
      "scen.txt:1: period_us does not apply to workload hog" },
    { "vcpu name=a workload=io service_us=x think_us=1\n",
      "scen.txt:1: bad value 'x' for service_us (a whole number)" },
    { "vcpu name=a workload=io service_us=10 think_us=1 colour=red\n",
      "scen.txt:1: unknown key 'colour' (vcpu keys: name workload pcpu sched_<param>; "
      "io: service_us think_us)" },
    { "vcpu name=a workload=hog name=b\n", "scen.txt:1: duplicate key 'name'" },
    { "vcpu name=a workload=hog junk\n", "scen.txt:1: expected key=value, got 'junk'" },
    { "vcpu name=a,b workload=hog\n", "scen.txt:1: bad vcpu name 'a,b' (up to 31 letters, "
                                      "digits, '_', '.', '-')" },
    { "vcpu name=a workload=hog pcpu=64\n", "scen.txt:1: pcpu=64 is not in 0..63" },
    { "vcpu name=a workload=hog sched_weight=x\n",
      "scen.txt:1: bad value 'x' for sched_weight (a whole number)" },
};

START_TEST(test_scenario_syntax_errors)
{
    for (unsigned int i = 0; i < sizeof(bad_syntax) / sizeof(bad_syntax[0]); i++) {
        struct sim_config cfg;
        char err[256] = "";
        sim_config_default(&cfg);
        int rc = sim_scenario_config(bad_syntax[i].text, "scen.txt", &cfg, err, sizeof(err));
        REQUIRE(rc < 0, "case %u accepted: %s", i, bad_syntax[i].text);
        REQUIRE(strcmp(err, bad_syntax[i].msg) == 0, "case %u:\n got  %s\n want %s", i, err,
                bad_syntax[i].msg);
    }
}
END_TEST

/* Errors that depend on the run: pCPUs, names already taken, the module's parameters. */
static void expect_load_error(const char *text, const char *want_prefix)
{
    char err[256] = "";
    ck_assert_int_lt(sim_load_scenario(S, text, "scen.txt", err, sizeof(err)), 0);
    ck_assert_msg(strncmp(err, want_prefix, strlen(want_prefix)) == 0,
                  "\n got  %s\n want %s...", err, want_prefix);
    ck_assert_ptr_null(strchr(err, '\n'));
}

START_TEST(test_scenario_load_errors)
{
    make("rr", 2, 1);
    expect_load_error("vcpu name=a workload=hog pcpu=2\n",
                      "scen.txt:1: pcpu=2, but the run has 2 pCPUs (0..1)");
    expect_load_error("vcpu name=a workload=hog\nvcpu name=a workload=hog\n",
                      "scen.txt:2: duplicate vcpu name 'a'");
    expect_load_error("vcpu name=b workload=hog sched_weight=256\n",
                      "scen.txt:1: unknown parameter 'sched_weight': scheduler 'rr' has no "
                      "per-vcpu parameters");
    ck_assert_uint_eq(sim_nr_vcpus(S), 1);      /* only the first 'a' */
    teardown();

    /* Every module names its parameters when given an unknown one. */
    for (unsigned int m = 0; m < sim_nr_modules(); m++) {
        char want[128];
        make(sim_module_name(m), 1, 1);
        snprintf(want, sizeof(want), "scen.txt:1: unknown parameter 'sched_zzz'");
        expect_load_error("vcpu name=a workload=hog sched_zzz=1\n", want);
        teardown();
    }

    if (sim_module_exists("credit")) {          /* the table's min/max are enforced */
        long w = 0;
        make("credit", 1, 1);
        add("vcpu name=a workload=hog sched_weight=512");
        ck_assert_int_eq(sim_get_param(S, 0, "sched_weight", &w), 0);
        ck_assert_int_eq(w, 512);
        expect_load_error("vcpu name=b workload=hog sched_weight=0\n",
                          "scen.txt:1: sched_weight=0 is not in ");
        expect_load_error("vcpu name=b workload=hog sched_wieght=1\n",
                          "scen.txt:1: unknown parameter 'sched_wieght' for scheduler "
                          "'credit' (its parameters: sched_weight");
    }
}
END_TEST

START_TEST(test_add_vcpu_line_errors)
{
    char err[256];
    make("rr", 1, 1);
    ck_assert_int_lt(sim_add_vcpu_line(S, "vcpu name=x workload=nap", err, sizeof(err)), 0);
    ck_assert_str_eq(err, "unknown workload 'nap' (workloads: hog periodic io sleepwake)");
    ck_assert_int_lt(sim_add_vcpu_line(S, "vcpu name=x workload=hog pcpu=1", err,
                                       sizeof(err)), 0);
    ck_assert_str_eq(err, "pcpu=1, but the run has 1 pCPU (0..0)");
    ck_assert_uint_eq(sim_nr_vcpus(S), 0);
}
END_TEST

START_TEST(test_one_simulator_at_a_time)
{
    make("rr", 1, 1);
    ck_assert_ptr_null(sim_create("rr", 1, 1));         /* S still exists */
    teardown();
    ck_assert_ptr_null(sim_create("no-such-module", 1, 1));
    ck_assert_ptr_null(sim_create("rr", 0, 1));
    ck_assert_ptr_null(sim_create("rr", SIM_MAX_PCPUS + 1, 1));
    make(NULL, 1, 1);                                   /* the default module */
    ck_assert_str_eq(sim_sched(S), sim_default_module());
}
END_TEST

/* --- the trace file ----------------------------------------------------------------------- */

static uint32_t word(const char *buf, size_t off)
{
    uint32_t w;
    memcpy(&w, buf + off, 4);
    return w;
}

START_TEST(test_trace_file)
{
    char path[] = "/tmp/hvsim-trace-XXXXXX";
    int fd = mkstemp(path);
    char err[256];
    ck_assert(fd >= 0);
    close(fd);

    make("rr", 2, 1);
    ck_assert_msg(sim_trace_open(S, path, err, sizeof(err)) == 0, "%s", err);
    add("vcpu name=a workload=hog");
    add("vcpu name=b workload=io service_us=500 think_us=1500");
    add("vcpu name=c workload=periodic period_us=10000 wcet_us=2000 pcpu=0");
    ck_assert_int_lt(sim_trace_open(S, path, err, sizeof(err)), 0);
    run_ms(200);
    uint64_t switches = 0;
    for (unsigned int i = 0; i < 3; i++)
        switches += st(i)->switches;
    ck_assert_msg(sim_trace_close(S, err, sizeof(err)) == 0, "%s", err);

    size_t len;
    char *t = file_contents(path, &len);
    ck_assert_uint_ge(len, 12 + 4 * 7);
    /* A CPU-change record for pCPU 0 first, then the info record. */
    ck_assert_uint_eq(word(t, 0), TRC_HDR(TRC_TRACE_CPU_CHANGE, 2, 0));
    ck_assert_uint_eq(word(t, 4), 0);
    ck_assert_uint_eq(word(t, 12), TRC_HDR(TRC_HESTIA_TRACE_INFO, 4, 1));
    ck_assert_uint_eq(word(t, 24), (uint32_t)SIM_TSC_HZ);
    ck_assert_uint_eq(word(t, 28), 0);
    ck_assert_uint_eq(word(t, 32), 2);
    ck_assert_uint_eq(word(t, 36), TRC_HESTIA_INFO_SIMULATED);

    uint64_t last_tsc[2] = { 0, 0 }, guest_switches = 0, records = 0;
    size_t off = 0;
    while (off < len) {                         /* window by window, as xenalyze reads */
        uint32_t h = word(t, off);
        REQUIRE(h == TRC_HDR(TRC_TRACE_CPU_CHANGE, 2, 0), "no CPU change at %zu", off);
        uint32_t cpu = word(t, off + 4), size = word(t, off + 8);
        REQUIRE(cpu < 2 && size > 0 && size % 4 == 0 && off + 12 + size <= len,
                "bad window at %zu: cpu %u size %u", off, cpu, size);
        size_t end = off + 12 + size;
        for (off += 12; off < end; records++) {
            h = word(t, off);
            REQUIRE(TRC_HDR_CYCLES(h), "record without TSC at %zu", off);
            uint64_t tsc = word(t, off + 4) | (uint64_t)word(t, off + 8) << 32;
            REQUIRE(tsc >= last_tsc[cpu] && tsc <= (uint64_t)MS(200),
                    "pCPU %u: TSC %llu after %llu", cpu, (unsigned long long)tsc,
                    (unsigned long long)last_tsc[cpu]);
            last_tsc[cpu] = tsc;
            if (TRC_HDR_EVENT(h) == TRC_SCHED_SWITCH && word(t, off + 20) != 0x7fff)
                guest_switches++;               /* next domain is not DOMID_IDLE */
            off += 12 + 4 * TRC_HDR_EXTRA(h);
        }
        REQUIRE(off == end, "record runs past its window");
    }
    ck_assert_uint_gt(records, 100);
    ck_assert_uint_eq(guest_switches, switches);
    free(t);
    unlink(path);
}
END_TEST

/* --- the module list ----------------------------------------------------------------------- */

START_TEST(test_module_list)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert(sim_nr_modules() >= 1);
    ck_assert(sim_module_exists("rr"));
    ck_assert(!sim_module_exists("nope"));
    sim_print_modules(f);
    fclose(f);
    for (unsigned int m = 0; m < sim_nr_modules(); m++) {
        char head[64];
        snprintf(head, sizeof(head), "\n%s - ", sim_module_name(m));
        ck_assert_msg(strstr(buf, head) || strncmp(buf, head + 1, strlen(head + 1)) == 0,
                      "--list does not show %s", sim_module_name(m));
    }
    ck_assert_ptr_nonnull(strstr(buf, "sched_rr_quantum_us=10000"));
    free(buf);
}
END_TEST

Suite *sim_suite(void)
{
    Suite *s = suite_create("sim");
    TCase *tc = tcase_create("sim");

    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_csv_header_and_rows);
    tcase_add_test(tc, test_rr_equal_shares_one_pcpu);
    tcase_add_test(tc, test_rr_equal_shares_two_pcpus);
    tcase_add_test(tc, test_rr_quantum_boot_option);
    tcase_add_test(tc, test_periodic_alone);
    tcase_add_test(tc, test_periodic_backlog_carries_over);
    tcase_add_test(tc, test_io_loop);
    tcase_add_test(tc, test_sleepwake_distributions);
    tcase_add_test(tc, test_add_vcpu_mid_run);
    tcase_add_test(tc, test_switch_rr_to_rr_is_a_noop);
    tcase_add_test(tc, test_switch_roundtrip);
    tcase_add_test(tc, test_scenario_switch_line);
    tcase_add_test(tc, test_determinism);
    tcase_add_test(tc, test_scenario_syntax_errors);
    tcase_add_test(tc, test_scenario_load_errors);
    tcase_add_test(tc, test_add_vcpu_line_errors);
    tcase_add_test(tc, test_one_simulator_at_a_time);
    tcase_add_test(tc, test_trace_file);
    tcase_add_test(tc, test_module_list);
    suite_add_tcase(s, tc);
    return s;
}
