/*
 * pvguest/workloads/io.c - random block I/O through the virtual disk (blkfront.c),
 * verified by checksums, with the latency of every request.
 *
 * Parameters:
 *   size=BYTES  bytes per request (a multiple of 512, at most 45056; default 4096)
 *   ops=N       random requests (default 2048)
 *   rate=N      requests per second, evenly spaced (default 0: back to back)
 *   seed=N      for the random offsets and data (default 1)
 *
 * The disk is cut into slots of `size` bytes. Each request picks a random slot:
 * a slot written before is read back half of the time, otherwise it is written
 * with fresh pseudo-random data, and the FNV-1a checksum of what was written is
 * kept per slot. At the end every written slot is read once more. A read whose
 * checksum differs from the slot's is a checksum error.
 *
 * Output (latency in ns of guest system time - instructions under QEMU -icount):
 *   io: N requests (W writes, R reads), K KiB moved, S slots read back, E checksum errors
 *   io: request latency ns: n N min A p50 B p99 C max D
 */
#include <pvguest/blkfront.h>
#include <pvguest/time.h>
#include <pvguest/workload.h>

#define MAX_SLOTS    16384
#define MAX_SAMPLES  16384
#define MAX_SIZE     (11 * 4096)

static uint8_t buf[MAX_SIZE] __attribute__((aligned(4096)));
static uint64_t slot_sum[MAX_SLOTS];          /* 0: never written */
static uint64_t lat[MAX_SAMPLES];
static unsigned long nr_lat, errors, reads, writes;
static uint64_t rng;

static uint64_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static uint64_t fnv1a(const uint8_t *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ULL;
    return h | 1;                       /* never 0, which means "not written" */
}

/* One timed request; false (after saying why) if the disk failed it. */
static bool request(bool write, uint64_t sector, size_t size)
{
    uint64_t t0 = NOW();
    long rc = blkfront_rw(write, sector, buf, size);
    uint64_t t1 = NOW();
    if (rc) {
        printk("io: %s at sector %lu failed: %ld (%s)\n", write ? "write" : "read",
               (unsigned long)sector, rc, errno_name(rc));
        return false;
    }
    if (nr_lat < MAX_SAMPLES)
        lat[nr_lat++] = t1 - t0;
    return true;
}

static bool do_slot(unsigned long slot, size_t size, bool write)
{
    uint64_t sector = (uint64_t)slot * (size / 512);
    if (write) {
        for (size_t i = 0; i < size; i += 8) {
            uint64_t r = next_random();
            memcpy(&buf[i], &r, 8);
        }
        slot_sum[slot] = fnv1a(buf, size);
        writes++;
        return request(true, sector, size);
    }
    reads++;
    if (!request(false, sector, size))
        return false;
    if (fnv1a(buf, size) != slot_sum[slot]) {
        if (errors++ < 5)
            printk("io: checksum error in slot %lu (sector %lu)\n", slot,
                   (unsigned long)sector);
    }
    return true;
}

static void report(size_t size, unsigned long verified)
{
    printk("io: %lu requests (%lu writes, %lu reads), %lu KiB moved, %lu slots read "
           "back, %lu checksum errors\n", reads + writes, writes, reads,
           (unsigned long)((reads + writes) * size / 1024), verified, errors);
    if (!nr_lat)
        return;
    sort_u64(lat, nr_lat);
    printk("io: request latency ns: n %lu min %lu p50 %lu p99 %lu max %lu\n", nr_lat,
           (unsigned long)lat[0], (unsigned long)lat[nr_lat / 2],
           (unsigned long)lat[(nr_lat * 99) / 100], (unsigned long)lat[nr_lat - 1]);
}

void workload_io(void)
{
    struct blkfront_info info;
    size_t size = cmdline_get_ulong("size", 4096);
    unsigned long ops = cmdline_get_ulong("ops", 2048);
    unsigned long rate = cmdline_get_ulong("rate", 0);
    rng = cmdline_get_ulong("seed", 1) * 0x9e3779b97f4a7c15ULL | 1;

    if (!size || size % 512 || size > MAX_SIZE) {
        printk("io: size=%lu: must be a multiple of 512, at most %u\n", (unsigned long)size,
               MAX_SIZE);
        return;
    }
    long rc = blkfront_init(&info);
    if (rc) {
        printk("io: no disk: %ld (%s)\n", rc, errno_name(rc));
        return;
    }
    unsigned long slots = (unsigned long)MIN(info.sectors / (size / 512), (uint64_t)MAX_SLOTS);
    printk("io: disk %s: %lu sectors (%lu KiB)%s; %lu slots of %lu bytes, %lu requests\n",
           info.vdev, (unsigned long)info.sectors, (unsigned long)(info.sectors / 2),
           info.readonly ? ", read-only" : "", slots, (unsigned long)size, ops);
    if (!slots)
        return;

    uint64_t next = NOW();
    for (unsigned long i = 0; i < ops; i++) {
        unsigned long slot = (unsigned long)(next_random() % slots);
        bool write = !slot_sum[slot] || (next_random() & 1);
        if (!do_slot(slot, size, write && !info.readonly))
            break;
        if (rate) {
            next += NSEC_PER_SEC / rate;
            sleep_until(next);
        }
    }
    unsigned long verified = 0;
    for (unsigned long s = 0; s < slots; s++)
        if (slot_sum[s] && do_slot(s, size, false))
            verified++;
    report(size, verified);
}
