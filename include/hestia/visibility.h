/*
 * visibility.h - included first in every hypervisor source file (the Makefile's
 * -include). The hypervisor is compiled position-independent so that it can live at
 * 0xffff82d040000000 (see the Makefile); declaring every symbol hidden tells the
 * compiler that nothing is ever looked up through a GOT, so every reference - even
 * taking the address of a function defined in another file - is a plain RIP-relative
 * one that the static link resolves.
 */
#pragma GCC visibility push(hidden)
