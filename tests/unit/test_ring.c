/*
 * test_ring.c - the shared-ring headers (include/public/io/ring.h, blkif.h,
 * console.h): layouts against Xen's numbers, and the ring protocol run by a
 * front and a back end over one shared page in host memory.
 *
 * Layout: the expected sizes and offsets are Xen 4.17's for x86-64, written
 * out by hand. Behaviour: requests go through in order and come back as
 * responses; the ring is full at exactly RING_SIZE outstanding requests;
 * everything still works when the free-running indices wrap at 2^32; and the
 * event-index rule notifies exactly when the consumer asked for it, with
 * RING_FINAL_CHECK_FOR_* re-arming it (and catching work that arrived
 * without a notification).
 */
#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * ring.h lets its user supply the full barrier. Ours is the real fence plus a
 * hook: a test can arm a function to run once, at the next full barrier, to
 * play the other end at exactly that point of a macro (see
 * test_final_check_race).
 */
static void (*mb_hook)(void);
static inline void ring_test_mb(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    void (*hook)(void) = mb_hook;
    mb_hook = NULL;
    if (hook)
        hook();
}
#define xen_mb() ring_test_mb()

#include <public/io/ring.h>
#include <public/io/blkif.h>
#include <public/io/console.h>

/* Extra ring types, to check the rounding of the slot count. */
struct small_req { uint64_t v; };
struct tiny_req { uint8_t v; };
struct mid_req { uint8_t b[200]; };
DEFINE_RING_TYPES(small, struct small_req, struct small_req);
DEFINE_RING_TYPES(tiny, struct tiny_req, struct tiny_req);
DEFINE_RING_TYPES(mid, struct mid_req, struct tiny_req);

/* One shared page and the two private ends over it. */
static union {
    struct blkif_sring s;
    uint8_t bytes[4096];
} page __attribute__((aligned(4096)));
static struct blkif_sring *sr;
static struct blkif_front_ring front;
static struct blkif_back_ring back;

static void setup(void)
{
    mb_hook = NULL;
    memset(&page, 0xAA, sizeof(page));
    sr = &page.s;
    SHARED_RING_INIT(sr);
    FRONT_RING_INIT(&front, sr, 4096);
    BACK_RING_INIT(&back, sr, 4096);
}

static void teardown(void)
{
    mb_hook = NULL;
}

/* Indices of both ends and of the page set to `start`, as if that many
 * requests had already gone round; the consumers' event indices armed for
 * the next item, as after SHARED_RING_INIT. */
static void start_at(RING_IDX start)
{
    sr->req_prod = sr->rsp_prod = start;
    sr->req_event = sr->rsp_event = start + 1;
    FRONT_RING_ATTACH(&front, sr, start, 4096);
    BACK_RING_ATTACH(&back, sr, start, 4096);
}

/* Frontend: queue one read request tagged id; does not push. */
static void front_queue(uint64_t id)
{
    ck_assert(!RING_FULL(&front));
    struct blkif_request *req = RING_GET_REQUEST(&front, front.req_prod_pvt);
    memset(req, 0, sizeof(*req));
    req->operation = BLKIF_OP_READ;
    req->nr_segments = 1;
    req->handle = 0x51;
    req->id = id;
    req->sector_number = id * 8;
    req->seg[0].gref = (grant_ref_t)(id + 1000);
    req->seg[0].first_sect = 0;
    req->seg[0].last_sect = 7;
    front.req_prod_pvt++;
}

/* Frontend: queue and push one request; returns the notify decision. */
static int front_send(uint64_t id)
{
    int notify = -1;
    front_queue(id);
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
    ck_assert(notify == 0 || notify == 1);
    return notify;
}

/* Backend: consume every visible request, checking that ids run from
 * *next_id upwards, and answer each; push the responses. Returns the count
 * consumed; *notify gets the push's notify decision (unchanged if none). */
static unsigned int back_serve(uint64_t *next_id, int *notify)
{
    unsigned int n = 0;
    RING_IDX rp = sr->req_prod;
    xen_rmb();
    ck_assert(!RING_REQUEST_PROD_OVERFLOW(&back, rp));
    while (back.req_cons != rp) {
        ck_assert(!RING_REQUEST_CONS_OVERFLOW(&back, back.req_cons));
        struct blkif_request req;
        RING_COPY_REQUEST(&back, back.req_cons, &req);
        back.req_cons++;
        ck_assert_uint_eq(req.id, *next_id);
        ck_assert_uint_eq(req.operation, BLKIF_OP_READ);
        ck_assert_uint_eq(req.nr_segments, 1);
        ck_assert_uint_eq(req.handle, 0x51);
        ck_assert_uint_eq(req.sector_number, req.id * 8);
        ck_assert_uint_eq(req.seg[0].gref, (grant_ref_t)(req.id + 1000));
        ck_assert_uint_eq(req.seg[0].last_sect, 7);
        (*next_id)++;

        struct blkif_response *rsp = RING_GET_RESPONSE(&back, back.rsp_prod_pvt);
        rsp->id = req.id;
        rsp->operation = req.operation;
        rsp->status = (req.id % 3 == 0) ? BLKIF_RSP_ERROR : BLKIF_RSP_OKAY;
        back.rsp_prod_pvt++;
        n++;
    }
    if (n)
        RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&back, *notify);
    return n;
}

/* Frontend: consume every visible response, ids from *next_id upwards. */
static unsigned int front_collect(uint64_t *next_id)
{
    unsigned int n = 0;
    RING_IDX rp = sr->rsp_prod;
    xen_rmb();
    ck_assert(!RING_RESPONSE_PROD_OVERFLOW(&front, rp));
    for (; front.rsp_cons != rp; front.rsp_cons++, n++) {
        struct blkif_response *rsp = RING_GET_RESPONSE(&front, front.rsp_cons);
        ck_assert_uint_eq(rsp->id, *next_id);
        ck_assert_uint_eq(rsp->operation, BLKIF_OP_READ);
        ck_assert_int_eq(rsp->status,
                         (rsp->id % 3 == 0) ? BLKIF_RSP_ERROR : BLKIF_RSP_OKAY);
        (*next_id)++;
    }
    return n;
}

START_TEST(test_blkif_layout)
{
    ck_assert_uint_eq(sizeof(struct blkif_request_segment), 8);
    ck_assert_uint_eq(offsetof(struct blkif_request_segment, gref), 0);
    ck_assert_uint_eq(offsetof(struct blkif_request_segment, first_sect), 4);
    ck_assert_uint_eq(offsetof(struct blkif_request_segment, last_sect), 5);

    ck_assert_uint_eq(sizeof(struct blkif_request), 112);
    ck_assert_uint_eq(offsetof(struct blkif_request, operation), 0);
    ck_assert_uint_eq(offsetof(struct blkif_request, nr_segments), 1);
    ck_assert_uint_eq(offsetof(struct blkif_request, handle), 2);
    ck_assert_uint_eq(offsetof(struct blkif_request, id), 8);
    ck_assert_uint_eq(offsetof(struct blkif_request, sector_number), 16);
    ck_assert_uint_eq(offsetof(struct blkif_request, seg), 24);
    ck_assert_uint_eq(offsetof(struct blkif_request, seg[10]), 104);
    ck_assert_uint_eq(sizeof(((struct blkif_request *)0)->handle), 2);
    ck_assert_uint_eq(sizeof(((struct blkif_request *)0)->sector_number), 8);

    ck_assert_uint_eq(sizeof(struct blkif_response), 16);
    ck_assert_uint_eq(offsetof(struct blkif_response, id), 0);
    ck_assert_uint_eq(offsetof(struct blkif_response, operation), 8);
    ck_assert_uint_eq(offsetof(struct blkif_response, status), 10);

    ck_assert_int_eq(BLKIF_OP_READ, 0);
    ck_assert_int_eq(BLKIF_OP_WRITE, 1);
    ck_assert_int_eq(BLKIF_OP_WRITE_BARRIER, 2);
    ck_assert_int_eq(BLKIF_OP_FLUSH_DISKCACHE, 3);
    ck_assert_int_eq(BLKIF_OP_DISCARD, 5);
    ck_assert_int_eq(BLKIF_OP_INDIRECT, 6);
    ck_assert_int_eq(BLKIF_MAX_SEGMENTS_PER_REQUEST, 11);
    ck_assert_int_eq(BLKIF_RSP_OKAY, 0);
    ck_assert_int_eq(BLKIF_RSP_ERROR, -1);
    ck_assert_int_eq(BLKIF_RSP_EOPNOTSUPP, -2);
    ck_assert_uint_eq(BLKIF_SECTOR_SIZE, 512);
    /* status is signed: -1 reads back as -1. */
    struct blkif_response r = { .status = BLKIF_RSP_ERROR };
    ck_assert_int_eq(r.status, -1);
}
END_TEST

START_TEST(test_sring_layout)
{
    ck_assert_uint_eq(offsetof(struct blkif_sring, req_prod), 0);
    ck_assert_uint_eq(offsetof(struct blkif_sring, req_event), 4);
    ck_assert_uint_eq(offsetof(struct blkif_sring, rsp_prod), 8);
    ck_assert_uint_eq(offsetof(struct blkif_sring, rsp_event), 12);
    ck_assert_uint_eq(offsetof(struct blkif_sring, ring), 64);
    ck_assert_uint_eq(sizeof(RING_IDX), 4);
    ck_assert_uint_eq(sizeof(union blkif_sring_entry), 112);
    ck_assert_uint_eq(offsetof(struct small_sring, ring), 64);
    ck_assert_uint_eq(offsetof(struct tiny_sring, ring), 64);

    /* (4096 - 64) / 112 = 36 -> 32 */
    ck_assert_uint_eq(__CONST_RING_SIZE(blkif, 4096), 32);
    ck_assert_uint_eq(BLKIF_RING_SIZE, 32);
    ck_assert_uint_eq(RING_SIZE(&front), 32);
    ck_assert_uint_eq(RING_SIZE(&back), 32);
    /* 4032 / 8 = 504 -> 256; 4032 / 1 -> 2048; 4032 / 200 = 20 -> 16;
     * two pages of blkif: 8128 / 112 = 72 -> 64; exact powers stay. */
    ck_assert_uint_eq(__CONST_RING_SIZE(small, 4096), 256);
    ck_assert_uint_eq(__CONST_RING_SIZE(tiny, 4096), 2048);
    ck_assert_uint_eq(__CONST_RING_SIZE(mid, 4096), 16);
    ck_assert_uint_eq(__CONST_RING_SIZE(blkif, 8192), 64);
    ck_assert_uint_eq(__CONST_RING_SIZE(tiny, 64 + 1024), 1024);
    ck_assert_uint_eq(__CONST_RING_SIZE(tiny, 64 + 1023), 512);
    ck_assert_uint_eq(__CONST_RING_SIZE(small, 64 + 8), 1);
    ck_assert_uint_eq(__RD32(0xffffffffu), 0x80000000u);
    ck_assert_uint_eq(__RD32(0), 0);
    struct small_front_ring sf;
    FRONT_RING_INIT(&sf, (struct small_sring *)&page, 4096);
    ck_assert_uint_eq(RING_SIZE(&sf), 256);

    /* The slots: masking and placement. */
    ck_assert_ptr_eq(RING_GET_REQUEST(&front, 0), &sr->ring[0].req);
    ck_assert_ptr_eq(RING_GET_REQUEST(&front, 33), &sr->ring[1].req);
    ck_assert_ptr_eq(RING_GET_RESPONSE(&back, 0xffffffffu), &sr->ring[31].rsp);
    ck_assert_ptr_eq((void *)RING_GET_REQUEST(&front, 31),
                     (void *)(page.bytes + 64 + 31 * 112));
    ck_assert((uint8_t *)RING_GET_REQUEST(&front, 31) + 112 <= page.bytes + 4096);
}
END_TEST

START_TEST(test_shared_ring_init)
{
    /* setup() filled the page with 0xAA before SHARED_RING_INIT. */
    ck_assert_uint_eq(sr->req_prod, 0);
    ck_assert_uint_eq(sr->rsp_prod, 0);
    ck_assert_uint_eq(sr->req_event, 1);
    ck_assert_uint_eq(sr->rsp_event, 1);
    for (unsigned int i = 16; i < 64; i++)
        ck_assert_msg(page.bytes[i] == 0, "header byte %u is %#x", i, page.bytes[i]);
    ck_assert_uint_eq(page.bytes[64], 0xAA);   /* slots are left alone */
    ck_assert_uint_eq(front.req_prod_pvt, 0);
    ck_assert_uint_eq(front.rsp_cons, 0);
    ck_assert_uint_eq(back.req_cons, 0);
    ck_assert_uint_eq(back.rsp_prod_pvt, 0);
    ck_assert_ptr_eq(front.sring, sr);
    ck_assert_ptr_eq(back.sring, sr);
    ck_assert_uint_eq(RING_FREE_REQUESTS(&front), 32);
    ck_assert_uint_eq(RING_HAS_UNCONSUMED_REQUESTS(&back), 0);
    ck_assert_uint_eq(RING_HAS_UNCONSUMED_RESPONSES(&front), 0);
}
END_TEST

START_TEST(test_requests_in_order)
{
    uint64_t sent = 100, served = 100, collected = 100;
    int notify = -1;

    for (int i = 0; i < 5; i++)
        front_queue(sent++);
    /* Nothing is visible before the push. */
    ck_assert_uint_eq(RING_HAS_UNCONSUMED_REQUESTS(&back), 0);
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
    ck_assert_int_eq(notify, 1);
    ck_assert_uint_eq(sr->req_prod, 5);
    ck_assert_uint_eq(RING_HAS_UNCONSUMED_REQUESTS(&back), 5);
    ck_assert_uint_eq(RING_FREE_REQUESTS(&front), 27);

    ck_assert_uint_eq(back_serve(&served, &notify), 5);
    ck_assert_int_eq(notify, 1);
    ck_assert_uint_eq(served, 105);
    ck_assert_uint_eq(sr->rsp_prod, 5);
    ck_assert_uint_eq(RING_HAS_UNCONSUMED_REQUESTS(&back), 0);
    ck_assert_uint_eq(RING_HAS_UNCONSUMED_RESPONSES(&front), 5);
    /* The slots of consumed-but-unanswered requests still count as used. */
    ck_assert_uint_eq(RING_FREE_REQUESTS(&front), 27);

    ck_assert_uint_eq(front_collect(&collected), 5);
    ck_assert_uint_eq(collected, 105);
    ck_assert_uint_eq(RING_HAS_UNCONSUMED_RESPONSES(&front), 0);
    ck_assert_uint_eq(RING_FREE_REQUESTS(&front), 32);

    /* A second batch reuses the slots. */
    for (int i = 0; i < 7; i++)
        front_send(sent++);
    ck_assert_uint_eq(back_serve(&served, &notify), 7);
    ck_assert_uint_eq(front_collect(&collected), 7);
    ck_assert_uint_eq(collected, 112);
    ck_assert_uint_eq(sr->req_prod, 12);
    ck_assert_uint_eq(sr->rsp_prod, 12);
}
END_TEST

static void check_full_at_ring_size(void)
{
    uint64_t sent = 0, served = 0, collected = 0;
    int notify;

    for (unsigned int i = 0; i < 31; i++)
        front_queue(sent++);
    ck_assert(!RING_FULL(&front));
    ck_assert_uint_eq(RING_FREE_REQUESTS(&front), 1);
    front_queue(sent++);
    ck_assert(RING_FULL(&front));
    ck_assert_uint_eq(RING_FREE_REQUESTS(&front), 0);
    RING_PUSH_REQUESTS(&front);
    ck_assert_uint_eq(RING_HAS_UNCONSUMED_REQUESTS(&back), 32);

    /* The backend takes everything: the frontend is still full until it
     * has consumed responses. */
    ck_assert_uint_eq(back_serve(&served, &notify), 32);
    ck_assert(RING_FULL(&front));
    ck_assert_uint_eq(front_collect(&collected), 32);
    ck_assert(!RING_FULL(&front));
    ck_assert_uint_eq(RING_FREE_REQUESTS(&front), 32);

    /* Fill again; one response frees exactly one slot. */
    for (unsigned int i = 0; i < 32; i++)
        front_queue(sent++);
    ck_assert(RING_FULL(&front));
    RING_PUSH_REQUESTS(&front);
    sr->req_prod = front.req_prod_pvt - 31;   /* let the backend see one */
    ck_assert_uint_eq(back_serve(&served, &notify), 1);
    sr->req_prod = front.req_prod_pvt;
    ck_assert(RING_FULL(&front));
    ck_assert_uint_eq(front_collect(&collected), 1);
    ck_assert(!RING_FULL(&front));
    front_queue(sent++);
    ck_assert(RING_FULL(&front));
    RING_PUSH_REQUESTS(&front);
    ck_assert_uint_eq(back_serve(&served, &notify), 32);
    ck_assert_uint_eq(front_collect(&collected), 32);
    ck_assert_uint_eq(collected, sent);
}

START_TEST(test_full_at_ring_size)
{
    check_full_at_ring_size();
}
END_TEST

START_TEST(test_full_across_wrap)
{
    /* The 32 outstanding requests straddle the wrap of the indices. */
    start_at(0xfffffff0u);
    check_full_at_ring_size();
    ck_assert_uint_eq(front.req_prod_pvt, 0xfffffff0u + 65);
}
END_TEST

START_TEST(test_backend_bounded_by_responses)
{
    /* A frontend pushing req_prod too far cannot make the backend see more
     * requests than it has slots to answer. */
    sr->req_prod = 1000;
    ck_assert_uint_eq(RING_HAS_UNCONSUMED_REQUESTS(&back), 32);
    ck_assert(RING_REQUEST_PROD_OVERFLOW(&back, sr->req_prod));
    ck_assert(!RING_REQUEST_PROD_OVERFLOW(&back, 32));
    ck_assert(RING_REQUEST_PROD_OVERFLOW(&back, 33));
    back.req_cons = 32;
    ck_assert_uint_eq(RING_HAS_UNCONSUMED_REQUESTS(&back), 0);
    ck_assert(RING_REQUEST_CONS_OVERFLOW(&back, back.req_cons));
    back.rsp_prod_pvt = 1;
    ck_assert_uint_eq(RING_HAS_UNCONSUMED_REQUESTS(&back), 1);
    ck_assert(!RING_REQUEST_CONS_OVERFLOW(&back, back.req_cons));
    ck_assert(RING_RESPONSE_PROD_OVERFLOW(&front, 33));
    ck_assert(!RING_RESPONSE_PROD_OVERFLOW(&front, 32));
}
END_TEST

START_TEST(test_wraparound)
{
    uint64_t sent = 0, served = 0, collected = 0;
    int notify;

    start_at(0xffffff00u);
    /* 12 rounds of 30: 360 requests, crossing 2^32 after 256. */
    for (int round = 0; round < 12; round++) {
        for (int i = 0; i < 30; i++)
            front_queue(sent++);
        RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
        ck_assert_uint_eq(RING_HAS_UNCONSUMED_REQUESTS(&back), 30);
        ck_assert_uint_eq(back_serve(&served, &notify), 30);
        ck_assert_uint_eq(RING_HAS_UNCONSUMED_RESPONSES(&front), 30);
        ck_assert_uint_eq(front_collect(&collected), 30);
        ck_assert_uint_eq(RING_FREE_REQUESTS(&front), 32);
    }
    ck_assert_uint_eq(collected, 360);
    ck_assert_uint_eq(sr->req_prod, (RING_IDX)(0xffffff00u + 360));
    ck_assert_uint_eq(sr->req_prod, 104);
    ck_assert_uint_eq(sr->rsp_prod, 104);
    ck_assert_uint_eq(front.rsp_cons, 104);
    ck_assert_uint_eq(back.req_cons, 104);
}
END_TEST

START_TEST(test_notify_requests)
{
    int notify, work;

    /* req_event = 1 after init: the first push notifies. */
    ck_assert_uint_eq(sr->req_event, 1);
    ck_assert_int_eq(front_send(1), 1);
    /* The backend has not re-armed: no notification for the second. */
    ck_assert_int_eq(front_send(2), 0);
    ck_assert_int_eq(front_send(3), 0);

    /* The backend consumes; with work left, the final check does not
     * re-arm. */
    back.req_cons++;
    RING_FINAL_CHECK_FOR_REQUESTS(&back, work);
    ck_assert_int_eq(work, 2);
    ck_assert_uint_eq(sr->req_event, 1);
    back.req_cons += 2;
    back.rsp_prod_pvt += 3;
    /* Ring empty: re-arm for the next request (req_cons + 1 = 4). */
    RING_FINAL_CHECK_FOR_REQUESTS(&back, work);
    ck_assert_int_eq(work, 0);
    ck_assert_uint_eq(sr->req_event, 4);
    ck_assert_int_eq(front_send(4), 1);
    ck_assert_int_eq(front_send(5), 0);

    /* A batch of three notifies iff the event index lies in (old, new]. */
    back.req_cons = 5;
    back.rsp_prod_pvt = 5;
    sr->req_event = 7;                      /* old = 5, new = 8: inside */
    for (int i = 0; i < 3; i++)
        front_queue(6 + i);
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
    ck_assert_int_eq(notify, 1);
    sr->req_event = 12;                     /* old = 8, new = 11: beyond */
    for (int i = 0; i < 3; i++)
        front_queue(9 + i);
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
    ck_assert_int_eq(notify, 0);
    sr->req_event = 8;                      /* old = 11, new = 12: behind */
    front_queue(12);
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
    ck_assert_int_eq(notify, 0);
    sr->req_event = 13;                     /* old = 12, new = 13: exactly new */
    front_queue(13);
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
    ck_assert_int_eq(notify, 1);
    /* Pushing nothing never notifies. */
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
    ck_assert_int_eq(notify, 0);
}
END_TEST

/* Run by the barrier hook: the frontend pushes request 3. */
static int hook_notify = -1;
static void hook_front_sends_3(void)
{
    hook_notify = front_send(3);
}

START_TEST(test_final_check_race)
{
    int work;

    /* The backend has drained the ring but its req_event is stale (1). */
    ck_assert_int_eq(front_send(1), 1);
    back.req_cons = 1;
    back.rsp_prod_pvt = 1;

    /* (a) The frontend pushes before the backend's final check: it reads
     * the stale event index and does not notify, and the final check's
     * first look finds the request (without re-arming). */
    ck_assert_int_eq(front_send(2), 0);
    RING_FINAL_CHECK_FOR_REQUESTS(&back, work);
    ck_assert_int_eq(work, 1);
    ck_assert_uint_eq(sr->req_event, 1);
    back.req_cons = 2;
    back.rsp_prod_pvt = 2;

    /* (b) The frontend pushes inside the final check, after the re-arm
     * (at the full barrier): it sees req_event = 3 and notifies, and the
     * check's second look finds the request as well. */
    ck_assert_ptr_null(mb_hook);
    mb_hook = hook_front_sends_3;
    RING_FINAL_CHECK_FOR_REQUESTS(&back, work);
    ck_assert_ptr_null(mb_hook);            /* the hook did run */
    ck_assert_int_eq(hook_notify, 1);
    ck_assert_int_eq(work, 1);
    ck_assert_uint_eq(sr->req_event, 3);
    ck_assert_uint_eq(sr->req_prod, 3);

    /* Drained: the check re-arms for request 4, whose push notifies. */
    back.req_cons = 3;
    back.rsp_prod_pvt = 3;
    RING_FINAL_CHECK_FOR_REQUESTS(&back, work);
    ck_assert_int_eq(work, 0);
    ck_assert_uint_eq(sr->req_event, 4);
    ck_assert_int_eq(front_send(4), 1);
}
END_TEST

START_TEST(test_notify_responses)
{
    uint64_t sent = 0, served = 0, collected = 0;
    int notify = -1, work;

    for (int i = 0; i < 4; i++)
        front_send(sent++);
    /* rsp_event = 1: the first response push notifies. */
    ck_assert_uint_eq(sr->rsp_event, 1);
    back.req_cons++;
    RING_GET_RESPONSE(&back, back.rsp_prod_pvt)->id = 0;
    back.rsp_prod_pvt++;
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&back, notify);
    ck_assert_int_eq(notify, 1);
    /* The frontend has not re-armed: the next one does not. */
    back.req_cons++;
    RING_GET_RESPONSE(&back, back.rsp_prod_pvt)->id = 1;
    back.rsp_prod_pvt++;
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&back, notify);
    ck_assert_int_eq(notify, 0);

    /* Frontend: with responses pending the final check does not re-arm. */
    RING_FINAL_CHECK_FOR_RESPONSES(&front, work);
    ck_assert_int_eq(work, 2);
    ck_assert_uint_eq(sr->rsp_event, 1);
    front.rsp_cons = 2;
    RING_FINAL_CHECK_FOR_RESPONSES(&front, work);
    ck_assert_int_eq(work, 0);
    ck_assert_uint_eq(sr->rsp_event, 3);

    /* Now the next response push notifies, the one after does not. */
    served = 2;
    sr->req_prod = 3;                       /* the backend sees request 2 only */
    ck_assert_uint_eq(back_serve(&served, &notify), 1);
    ck_assert_int_eq(notify, 1);
    sr->req_prod = 4;
    notify = -1;
    ck_assert_uint_eq(back_serve(&served, &notify), 1);
    ck_assert_int_eq(notify, 0);

    /* The race on this side: responses arrived unannounced; the final
     * check finds them. */
    RING_FINAL_CHECK_FOR_RESPONSES(&front, work);
    ck_assert_int_eq(work, 2);
    collected = 2;
    ck_assert_uint_eq(front_collect(&collected), 2);
    ck_assert_uint_eq(collected, sent);
    RING_FINAL_CHECK_FOR_RESPONSES(&front, work);
    ck_assert_int_eq(work, 0);
    ck_assert_uint_eq(sr->rsp_event, 5);
}
END_TEST

START_TEST(test_copy_request)
{
    struct blkif_request copy;
    front_send(77);
    RING_COPY_REQUEST(&back, 0, &copy);
    /* Later changes to the shared slot do not reach the copy. */
    RING_GET_REQUEST(&front, 0)->id = 78;
    ck_assert_uint_eq(copy.id, 77);
    ck_assert_uint_eq(copy.seg[0].gref, 1077);
    ck_assert_uint_eq(RING_GET_REQUEST(&back, 0)->id, 78);
}
END_TEST

START_TEST(test_console_layout)
{
    static struct xencons_interface intf;

    ck_assert_uint_eq(sizeof(struct xencons_interface), 3088);
    ck_assert_uint_eq(offsetof(struct xencons_interface, in), 0);
    ck_assert_uint_eq(offsetof(struct xencons_interface, out), 1024);
    ck_assert_uint_eq(offsetof(struct xencons_interface, in_cons), 3072);
    ck_assert_uint_eq(offsetof(struct xencons_interface, in_prod), 3076);
    ck_assert_uint_eq(offsetof(struct xencons_interface, out_cons), 3080);
    ck_assert_uint_eq(offsetof(struct xencons_interface, out_prod), 3084);
    ck_assert_uint_eq(sizeof(XENCONS_RING_IDX), 4);

    ck_assert_uint_eq(MASK_XENCONS_IDX(1025u, intf.in), 1);
    ck_assert_uint_eq(MASK_XENCONS_IDX(1025u, intf.out), 1025);
    ck_assert_uint_eq(MASK_XENCONS_IDX(2049u, intf.out), 1);
    ck_assert_uint_eq(MASK_XENCONS_IDX(0xffffffffu, intf.out), 2047);

    /* The guest writes across the wrap of both the array and the index. */
    const char msg[] = "hello, console";
    intf.out_cons = intf.out_prod = 0xfffffffau;
    for (size_t i = 0; i < sizeof(msg) - 1; i++)
        intf.out[MASK_XENCONS_IDX(intf.out_prod++, intf.out)] = msg[i];
    ck_assert_uint_eq(intf.out_prod - intf.out_cons, sizeof(msg) - 1);
    ck_assert_uint_eq(intf.out_prod, 8);
    ck_assert_int_eq(intf.out[2042], 'h');
    ck_assert_int_eq(intf.out[2047], ',');
    ck_assert_int_eq(intf.out[0], ' ');
    char got[sizeof(msg)] = { 0 };
    for (size_t i = 0; intf.out_cons != intf.out_prod; i++)
        got[i] = intf.out[MASK_XENCONS_IDX(intf.out_cons++, intf.out)];
    ck_assert_str_eq(got, msg);
}
END_TEST

Suite *ring_suite(void)
{
    Suite *s = suite_create("ring");
    TCase *tc = tcase_create("ring");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_blkif_layout);
    tcase_add_test(tc, test_sring_layout);
    tcase_add_test(tc, test_shared_ring_init);
    tcase_add_test(tc, test_requests_in_order);
    tcase_add_test(tc, test_full_at_ring_size);
    tcase_add_test(tc, test_full_across_wrap);
    tcase_add_test(tc, test_backend_bounded_by_responses);
    tcase_add_test(tc, test_wraparound);
    tcase_add_test(tc, test_notify_requests);
    tcase_add_test(tc, test_final_check_race);
    tcase_add_test(tc, test_notify_responses);
    tcase_add_test(tc, test_copy_request);
    tcase_add_test(tc, test_console_layout);
    suite_add_tcase(s, tc);
    return s;
}
