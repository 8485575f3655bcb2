/*
 * spinlock.h - spin locks (ticket locks) for data shared between pCPUs.
 *
 * Portable: built on the compiler's atomic builtins. spin_lock_irqsave() also
 * disables interrupts on this pCPU, for data an interrupt handler touches too.
 */
#ifndef HESTIA_SPINLOCK_H
#define HESTIA_SPINLOCK_H

#include <hestia/arch.h>
#include <hestia/types.h>

typedef struct {
    uint16_t next;   /* ticket handed to the next arrival */
    uint16_t owner;  /* ticket now holding the lock */
} spinlock_t;

#define SPIN_LOCK_UNLOCKED { 0, 0 }
#define DEFINE_SPINLOCK(l) spinlock_t l = SPIN_LOCK_UNLOCKED

static inline void spin_lock_init(spinlock_t *l)
{
    l->next = l->owner = 0;
}

static inline void spin_lock(spinlock_t *l)
{
    uint16_t me = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);
    while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
        __builtin_ia32_pause();
}

/* Take the lock only if nobody holds or waits for it. */
static inline bool spin_trylock(spinlock_t *l)
{
    uint16_t owner = __atomic_load_n(&l->owner, __ATOMIC_RELAXED);
    spinlock_t expect = { owner, owner };   /* free: next == owner */
    spinlock_t want = { (uint16_t)(owner + 1), owner };
    return __atomic_compare_exchange(l, &expect, &want, false, __ATOMIC_ACQUIRE,
                                     __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *l)
{
    __atomic_store_n(&l->owner, (uint16_t)(l->owner + 1), __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
    return __atomic_load_n(&l->owner, __ATOMIC_RELAXED) !=
           __atomic_load_n(&l->next, __ATOMIC_RELAXED);
}

#define spin_lock_irqsave(l, flags) \
    do { (flags) = local_irq_save(); spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, flags) \
    do { spin_unlock(l); local_irq_restore(flags); } while (0)

#endif /* HESTIA_SPINLOCK_H */
