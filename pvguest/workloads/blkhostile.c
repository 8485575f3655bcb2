/*
 * pvguest/workloads/blkhostile.c - a hostile block frontend: requests the backend
 * must refuse, then a corrupt ring. dom0's backend must answer each bad request
 * with an error status (never touching memory it should not), disconnect a broken
 * ring, and go on serving everyone else.
 *
 * Output: "blkhostile: CHECK: ok (status S)" or "... FAILED (status S, expected E)",
 * then "blkhostile: N check(s) failed".
 */
#include <pvguest/blkfront.h>
#include <pvguest/time.h>
#include <pvguest/workload.h>

#include <public/errno.h>

static unsigned int failures;

static void expect(const char *what, const struct blkif_request *req, long want)
{
    long got = blkfront_raw(req, NSEC_PER_SEC);
    if (got == want) {
        printk("blkhostile: %s: ok (status %ld)\n", what, got);
    } else {
        printk("blkhostile: %s: FAILED (status %ld, expected %ld)\n", what, got, want);
        failures++;
    }
}

/* A one-segment request of a whole data page at sector. */
static struct blkif_request one_page(uint8_t op, uint64_t sector)
{
    struct blkif_request r = { .operation = op, .nr_segments = 1, .sector_number = sector };
    r.seg[0] = (struct blkif_request_segment){ .gref = BLKFRONT_DATA_REF, .first_sect = 0,
                                               .last_sect = 7 };
    return r;
}

void workload_blkhostile(void)
{
    struct blkfront_info info;
    long rc = blkfront_init(&info);
    if (rc) {
        printk("blkhostile: no disk: %ld (%s)\n", rc, errno_name(rc));
        return;
    }
    struct blkif_request r = one_page(BLKIF_OP_WRITE, 0);
    expect("good-write", &r, BLKIF_RSP_OKAY);
    r = one_page(BLKIF_OP_DISCARD, 0);
    expect("unsupported-op", &r, BLKIF_RSP_EOPNOTSUPP);
    r = one_page(BLKIF_OP_READ, 0);
    r.nr_segments = 0;
    expect("zero-segments", &r, BLKIF_RSP_ERROR);
    r.nr_segments = BLKIF_MAX_SEGMENTS_PER_REQUEST + 1;
    expect("too-many-segments", &r, BLKIF_RSP_ERROR);
    r = one_page(BLKIF_OP_READ, info.sectors - 4);
    expect("past-the-end", &r, BLKIF_RSP_ERROR);
    r = one_page(BLKIF_OP_READ, ~0ULL - 3);
    expect("sector-overflow", &r, BLKIF_RSP_ERROR);
    r = one_page(BLKIF_OP_READ, 0);
    r.seg[0].last_sect = 8;
    expect("sector-past-page", &r, BLKIF_RSP_ERROR);
    r.seg[0].first_sect = 5;
    r.seg[0].last_sect = 2;
    expect("first-after-last", &r, BLKIF_RSP_ERROR);
    r = one_page(BLKIF_OP_READ, 0);
    r.seg[0].gref = 400;                /* never granted */
    expect("ungranted-gref", &r, BLKIF_RSP_ERROR);
    r = one_page(BLKIF_OP_READ, 0);
    expect("good-read-after", &r, BLKIF_RSP_OKAY);

    blkfront_corrupt_producer(1000);    /* the backend must give up on this ring */
    r = one_page(BLKIF_OP_READ, 0);
    expect("after-corrupt-producer", &r, -XEN_ETIMEDOUT);
    printk("blkhostile: %u check(s) failed\n", failures);
}
