/*
 * config.h - build-time limits of the hypervisor.
 */
#ifndef HESTIA_CONFIG_H
#define HESTIA_CONFIG_H

#define NR_CPUS 64          /* most pCPUs Hestia manages */
#define HESTIA_VERSION_MAJOR 0
#define HESTIA_VERSION_MINOR 1
#define HESTIA_EXTRAVERSION ".1-hestia"

#endif /* HESTIA_CONFIG_H */
