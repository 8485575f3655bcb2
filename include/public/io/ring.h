/*
 * include/public/io/ring.h - the shared request/response ring that every Xen
 * split driver (blkfront/blkback, netfront/netback, ...) is built on.
 *
 * Layout-identical to Xen's xen/include/public/io/ring.h (Xen 4.17) for the
 * classic rings made by DEFINE_RING_TYPES; the macro names and their meaning
 * are Xen's, so driver code written against Xen's header works with this one.
 * The text and the implementation are Hestia's own. The "flex" rings of newer
 * Xen (DEFINE_XEN_FLEX_RING, used by pvcalls and 9pfs) are not carried here.
 *
 * THE PICTURE
 *
 * Two domains share one page (the frontend grants it, the backend maps it):
 *
 *     offset 0   req_prod   written by the frontend, read by the backend
 *            4   req_event  written by the backend,  read by the frontend
 *            8   rsp_prod   written by the backend,  read by the frontend
 *           12   rsp_event  written by the frontend, read by the backend
 *           16   48 bytes of padding (4 of them a per-protocol private area)
 *           64   ring[0] ring[1] ... ring[RING_SIZE - 1]
 *
 * Each slot of ring[] is a union of one request and one response, so one
 * array carries both directions. The frontend (the guest with the device
 * driver, e.g. blkfront) writes requests into slots and advances req_prod;
 * the backend (the domain that owns the real device, e.g. blkback in dom0)
 * reads them, does the work, writes a response into the same kind of slot
 * and advances rsp_prod. A response may overwrite the slot of any request
 * the backend has already consumed; the `id` field carried through every
 * protocol's request and response is how the frontend matches them, since
 * the backend may answer out of order.
 *
 * Indices are free-running 32-bit counters (RING_IDX): they only ever go up
 * and wrap at 2^32, and a slot is found by masking, idx & (RING_SIZE - 1).
 * That is why the number of slots is a power of two (2^32 is a multiple of
 * it, so the masking stays continuous across the wrap) and why all
 * comparisons are written as unsigned differences, (a - b), never a < b.
 * With free-running indices, "full" and "empty" are told apart without a
 * wasted slot: empty is prod == cons, full is prod - cons == RING_SIZE.
 *
 * Besides the shared page, each end keeps private copies in its own memory:
 *
 *     front ring:  req_prod_pvt  requests written but perhaps not yet pushed
 *                  rsp_cons      responses consumed so far
 *     back ring:   rsp_prod_pvt  responses written but perhaps not yet pushed
 *                  req_cons      requests consumed so far
 *
 * A producer fills several slots, then publishes them all at once with a
 * single store to the shared producer index (RING_PUSH_*). A consumer never
 * writes its consumer index to the shared page at all: the only thing the
 * other end needs to know is how far it may produce, and for requests that
 * is bounded by the responses it has received (a slot is free again once
 * its response has been consumed), for responses by the requests it has
 * consumed. A consumer must not trust the shared producer index further
 * than RING_SIZE ahead of its own position: see RING_REQUEST_CONS_OVERFLOW,
 * which a backend uses so that a hostile frontend cannot make it loop.
 *
 * NOTIFICATIONS AND EVENT INDICES
 *
 * After publishing, a producer may have to kick the other end through an
 * event channel (a hypercall, and an interrupt on the other side). A busy
 * consumer is going to look at the ring again anyway, so most kicks would
 * be wasted. The *_event fields say when a kick is wanted: the consumer
 * writes "wake me when the producer index passes this value" (usually its
 * consumer index + 1, i.e. "when there is something I have not seen").
 * When the producer moves its index from old to new it notifies iff the
 * event index lies in (old, new], which in wrap-safe arithmetic is
 *
 *     (RING_IDX)(new - event) < (RING_IDX)(new - old)
 *
 * If the event index is behind old, the consumer asked earlier and has
 * already been kicked (or is still busy); if it is beyond new, it wants to
 * hear only after more work arrives. A consumer that keeps processing
 * leaves its event index stale and so gets no kicks at all; it re-arms it
 * only when it runs dry and is about to sleep. The initial value 1
 * (SHARED_RING_INIT) means "kick on the very first item".
 *
 * THE FINAL-CHECK RACE
 *
 * A consumer going idle must not do "no work? set event = cons + 1; sleep":
 * the producer may push between the check and the store of the event
 * index, read the old event index, decide that no kick is needed, and both
 * ends sleep with work on the ring. RING_FINAL_CHECK_FOR_* therefore store
 * the event index first, then issue a full barrier, then look at the
 * producer index once more. Either the producer's push is visible at that
 * second look (the consumer carries on), or the producer's read of the
 * event index comes after the store (it sees the new value and kicks). The
 * producer side needs the matching full barrier between storing its index
 * and loading the event index, which RING_PUSH_*_AND_CHECK_NOTIFY has.
 * These are store->load orderings, the one kind x86 does not give for
 * free, hence a full fence (mfence or a locked instruction) and not merely
 * a compiler barrier.
 *
 * BARRIERS
 *
 * xen_wmb() comes between filling slots and storing the producer index (the
 * other end must not see the index before the slot contents); xen_rmb()
 * between loading the producer index and reading slots; xen_mb() as above.
 * They are defined here with GCC's __atomic_thread_fence, which is correct
 * both in Hestia and on a host (unit tests); a user may define its own
 * before including this file, as with Xen's header.
 *
 * TYPICAL USE (a frontend; the backend is the mirror image)
 *
 *     DEFINE_RING_TYPES(blkif, struct blkif_request, struct blkif_response);
 *     struct blkif_sring *s = page;                 (the page to grant)
 *     struct blkif_front_ring fr;
 *     SHARED_RING_INIT(s);
 *     FRONT_RING_INIT(&fr, s, 4096);
 *
 *     if (!RING_FULL(&fr)) {
 *         struct blkif_request *req = RING_GET_REQUEST(&fr, fr.req_prod_pvt);
 *         ...fill *req...;
 *         fr.req_prod_pvt++;
 *         RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&fr, notify);
 *         if (notify) ...send on the event channel...;
 *     }
 *
 *     again:
 *     rp = fr.sring->rsp_prod; xen_rmb();
 *     for (; fr.rsp_cons != rp; fr.rsp_cons++)
 *         ...handle *RING_GET_RESPONSE(&fr, fr.rsp_cons)...;
 *     RING_FINAL_CHECK_FOR_RESPONSES(&fr, more);
 *     if (more) goto again;
 */
#ifndef HESTIA_PUBLIC_IO_RING_H
#define HESTIA_PUBLIC_IO_RING_H

#include "../xen.h"

#ifndef __ASSEMBLY__

typedef uint32_t RING_IDX;

/* Memory barriers (see BARRIERS above). */
#ifndef xen_mb
#define xen_mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif
#ifndef xen_rmb
#define xen_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#endif
#ifndef xen_wmb
#define xen_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#endif

/*
 * Round a 32-bit value down to a power of two (0 stays 0), as an integer
 * constant expression: copy the highest set bit into every lower position,
 * then keep only the top one. For example 36 = 100100b smears to 111111b,
 * and 111111b - 011111b = 100000b = 32.
 */
#define __RING_SMEAR1(x)  ((RING_IDX)(x) | ((RING_IDX)(x) >> 1))
#define __RING_SMEAR2(x)  (__RING_SMEAR1(x) | (__RING_SMEAR1(x) >> 2))
#define __RING_SMEAR4(x)  (__RING_SMEAR2(x) | (__RING_SMEAR2(x) >> 4))
#define __RING_SMEAR8(x)  (__RING_SMEAR4(x) | (__RING_SMEAR4(x) >> 8))
#define __RING_SMEAR16(x) (__RING_SMEAR8(x) | (__RING_SMEAR8(x) >> 16))
#define __RD32(x)         (__RING_SMEAR16(x) - (__RING_SMEAR16(x) >> 1))

/*
 * Slots in a shared ring of `size` bytes: as many entries as fit after the
 * 64-byte header, rounded down to a power of two. __CONST_RING_SIZE takes the
 * ring's name and is a compile-time constant (e.g. 32 for blkif in one 4 KiB
 * page); __RING_SIZE takes a pointer to the shared ring (it is not
 * dereferenced).
 */
#define __CONST_RING_SIZE(name, size)                                       \
    __RD32(((size) - __builtin_offsetof(struct name##_sring, ring)) /       \
           sizeof(((struct name##_sring *)0)->ring[0]))
#define __RING_SIZE(s, size)                                                \
    __RD32(((size) - (unsigned long)((char *)(s)->ring - (char *)(s))) /    \
           sizeof((s)->ring[0]))

/*
 * DEFINE_RING_TYPES(name, req_t, rsp_t) declares
 *   union  name##_sring_entry  one slot: { req_t req; rsp_t rsp; }
 *   struct name##_sring        the shared page (header + ring[])
 *   struct name##_front_ring   the frontend's private state
 *   struct name##_back_ring    the backend's private state
 * and the typedefs name##_sring_t, name##_front_ring_t, name##_back_ring_t.
 * It also checks that the slots start at offset 64 (Xen's layout).
 */
#define DEFINE_RING_TYPES(name, req_t, rsp_t)                               \
                                                                            \
union name##_sring_entry {                                                  \
    req_t req;                                                              \
    rsp_t rsp;                                                              \
};                                                                          \
                                                                            \
struct name##_sring {                                                       \
    RING_IDX req_prod, req_event;                                           \
    RING_IDX rsp_prod, rsp_event;                                           \
    union {                                                                 \
        uint8_t pvt_pad[4];     /* free for the protocol's own use */       \
    } pvt;                                                                  \
    uint8_t __pad[44];                                                      \
    union name##_sring_entry ring[];    /* RING_SIZE slots */               \
};                                                                          \
                                                                            \
struct name##_front_ring {                                                  \
    RING_IDX req_prod_pvt;                                                  \
    RING_IDX rsp_cons;                                                      \
    unsigned int nr_ents;                                                   \
    struct name##_sring *sring;                                             \
};                                                                          \
                                                                            \
struct name##_back_ring {                                                   \
    RING_IDX rsp_prod_pvt;                                                  \
    RING_IDX req_cons;                                                      \
    unsigned int nr_ents;                                                   \
    struct name##_sring *sring;                                             \
};                                                                          \
                                                                            \
typedef struct name##_sring name##_sring_t;                                 \
typedef struct name##_front_ring name##_front_ring_t;                       \
typedef struct name##_back_ring name##_back_ring_t;                         \
                                                                            \
XEN_ABI_OFFSET(struct name##_sring, req_event, 4);                          \
XEN_ABI_OFFSET(struct name##_sring, rsp_prod, 8);                           \
XEN_ABI_OFFSET(struct name##_sring, rsp_event, 12);                         \
XEN_ABI_OFFSET(struct name##_sring, pvt, 16);                               \
XEN_ABI_OFFSET(struct name##_sring, __pad, 20);                             \
XEN_ABI_OFFSET(struct name##_sring, ring, 64)

/*
 * Initialisation. SHARED_RING_INIT is done once, by the frontend, on the
 * page before it is granted; each end then sets up its private state over
 * it. The *_ATTACH forms resume at index i (e.g. after migration).
 */
#define SHARED_RING_INIT(s) do {                                            \
    (s)->req_prod  = (s)->rsp_prod  = 0;                                    \
    (s)->req_event = (s)->rsp_event = 1;                                    \
    __builtin_memset((s)->pvt.pvt_pad, 0, sizeof((s)->pvt.pvt_pad));        \
    __builtin_memset((s)->__pad, 0, sizeof((s)->__pad));                    \
} while (0)

#define FRONT_RING_ATTACH(r, s, i, size) do {                               \
    (r)->req_prod_pvt = (i);                                                \
    (r)->rsp_cons = (i);                                                    \
    (r)->nr_ents = __RING_SIZE(s, size);                                    \
    (r)->sring = (s);                                                       \
} while (0)
#define FRONT_RING_INIT(r, s, size) FRONT_RING_ATTACH(r, s, 0, size)

#define BACK_RING_ATTACH(r, s, i, size) do {                                \
    (r)->rsp_prod_pvt = (i);                                                \
    (r)->req_cons = (i);                                                    \
    (r)->nr_ents = __RING_SIZE(s, size);                                    \
    (r)->sring = (s);                                                       \
} while (0)
#define BACK_RING_INIT(r, s, size) BACK_RING_ATTACH(r, s, 0, size)

/* Number of slots. */
#define RING_SIZE(r) ((r)->nr_ents)

/* Frontend: slots it may still fill (not holding an unconsumed request or
 * response); RING_FULL when there are none. */
#define RING_FREE_REQUESTS(r)                                               \
    (RING_SIZE(r) - (RING_IDX)((r)->req_prod_pvt - (r)->rsp_cons))
#define RING_FULL(r) (RING_FREE_REQUESTS(r) == 0)

/* Frontend: responses published by the backend and not yet consumed. */
#define RING_HAS_UNCONSUMED_RESPONSES(r)                                    \
    ((RING_IDX)((r)->sring->rsp_prod - (r)->rsp_cons))

/*
 * Backend: requests published and not yet consumed, but never more than the
 * backend has room to answer (a frontend that pushes req_prod too far must
 * not make the backend overwrite responses it has not been given room for).
 */
#define RING_HAS_UNCONSUMED_REQUESTS(r) __extension__ ({                    \
    RING_IDX __rng_req = (r)->sring->req_prod - (r)->req_cons;              \
    RING_IDX __rng_rsp = RING_SIZE(r) -                                     \
                         (RING_IDX)((r)->req_cons - (r)->rsp_prod_pvt);     \
    __rng_req < __rng_rsp ? __rng_req : __rng_rsp;                          \
})

/* The slot for index idx, as a request or as a response. */
#define RING_GET_REQUEST(r, idx)                                            \
    (&((r)->sring->ring[(idx) & (RING_SIZE(r) - 1)].req))
#define RING_GET_RESPONSE(r, idx)                                           \
    (&((r)->sring->ring[(idx) & (RING_SIZE(r) - 1)].rsp))

/*
 * Backend: copy a request out of the shared page before looking at it. The
 * frontend can change the slot at any time; reading each field once, from
 * a private copy, keeps it from changing a value between the check and the
 * use. The volatile read makes the compiler really do the copy.
 */
#define RING_COPY_REQUEST(r, idx, req)                                      \
    (*(req) = *(volatile __typeof__(*(req)) *)RING_GET_REQUEST(r, idx))

/*
 * Sanity checks on indices the other end controls. Backend: consuming
 * request `cons` would mean reading a slot it has not yet answered the
 * previous occupant of (CONS), or the frontend's req_prod claims more
 * requests than there are free slots (PROD). Frontend: the backend's
 * rsp_prod claims more responses than requests outstanding.
 */
#define RING_REQUEST_CONS_OVERFLOW(r, cons)                                 \
    ((RING_IDX)((cons) - (r)->rsp_prod_pvt) >= RING_SIZE(r))
#define RING_REQUEST_PROD_OVERFLOW(r, prod)                                 \
    ((RING_IDX)((prod) - (r)->rsp_prod_pvt) > RING_SIZE(r))
#define RING_RESPONSE_PROD_OVERFLOW(r, prod)                                \
    ((RING_IDX)((prod) - (r)->rsp_cons) > RING_SIZE(r))

/* Publish the private producer index (slot contents first). */
#define RING_PUSH_REQUESTS(r) do {                                          \
    xen_wmb();                                                              \
    (r)->sring->req_prod = (r)->req_prod_pvt;                               \
} while (0)
#define RING_PUSH_RESPONSES(r) do {                                         \
    xen_wmb();                                                              \
    (r)->sring->rsp_prod = (r)->rsp_prod_pvt;                               \
} while (0)

/*
 * Publish, and set `notify` (an int lvalue) to whether the other end asked
 * to be kicked for an index in (old, new]. See NOTIFICATIONS above.
 */
#define RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(r, notify) do {                 \
    RING_IDX __rng_old = (r)->sring->req_prod;                              \
    RING_IDX __rng_new = (r)->req_prod_pvt;                                 \
    xen_wmb();                                                              \
    (r)->sring->req_prod = __rng_new;                                       \
    xen_mb();                                                               \
    (notify) = (RING_IDX)(__rng_new - (r)->sring->req_event) <              \
               (RING_IDX)(__rng_new - __rng_old);                           \
} while (0)

#define RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(r, notify) do {                \
    RING_IDX __rng_old = (r)->sring->rsp_prod;                              \
    RING_IDX __rng_new = (r)->rsp_prod_pvt;                                 \
    xen_wmb();                                                              \
    (r)->sring->rsp_prod = __rng_new;                                       \
    xen_mb();                                                               \
    (notify) = (RING_IDX)(__rng_new - (r)->sring->rsp_event) <              \
               (RING_IDX)(__rng_new - __rng_old);                           \
} while (0)

/*
 * Consumer about to go idle: set `work_to_do` (an int lvalue) to whether
 * anything is left. If nothing is, re-arm the event index for the next
 * item and look once more (see THE FINAL-CHECK RACE above).
 */
#define RING_FINAL_CHECK_FOR_REQUESTS(r, work_to_do) do {                   \
    (work_to_do) = RING_HAS_UNCONSUMED_REQUESTS(r);                         \
    if (work_to_do)                                                         \
        break;                                                              \
    (r)->sring->req_event = (r)->req_cons + 1;                              \
    xen_mb();                                                               \
    (work_to_do) = RING_HAS_UNCONSUMED_REQUESTS(r);                         \
} while (0)

#define RING_FINAL_CHECK_FOR_RESPONSES(r, work_to_do) do {                  \
    (work_to_do) = RING_HAS_UNCONSUMED_RESPONSES(r);                        \
    if (work_to_do)                                                         \
        break;                                                              \
    (r)->sring->rsp_event = (r)->rsp_cons + 1;                              \
    xen_mb();                                                               \
    (work_to_do) = RING_HAS_UNCONSUMED_RESPONSES(r);                        \
} while (0)

#endif /* !__ASSEMBLY__ */

#endif /* HESTIA_PUBLIC_IO_RING_H */
