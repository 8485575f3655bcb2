#!/bin/sh
# scripts/need-tools.sh TOOL... - make sure each tool is on PATH; if one is missing,
# run scripts/setup.sh (which installs Hestia's Debian packages) once.
for t in "$@"; do
    if ! command -v "$t" >/dev/null 2>&1; then
        echo "need-tools: '$t' is missing; running scripts/setup.sh" >&2
        "$(dirname "$0")/setup.sh" || exit 1
        break
    fi
done
for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 || { echo "need-tools: '$t' is still missing" >&2; exit 1; }
done
