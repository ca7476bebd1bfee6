#!/bin/sh
# Install the tools this project needs, only those missing.
# Arguments: [--quiet] package:probe ...   where probe is a command name, a path,
# or "-" (ask dpkg whether the package itself is installed).
# A package is missing when its probe is neither on PATH nor an existing path.
quiet=0
[ "$1" = "--quiet" ] && { quiet=1; shift; }
missing=""
for spec in "$@"; do
    pkg=${spec%%:*}; probe=${spec#*:}
    case "$probe" in
        -) dpkg -s "$pkg" >/dev/null 2>&1 && continue ;;
        /*) [ -e "$probe" ] && continue ;;
        *) command -v "$probe" >/dev/null 2>&1 && continue ;;
    esac
    missing="$missing $pkg"
done
if [ -z "$missing" ]; then
    [ $quiet = 1 ] || echo "setup: every tool is present; nothing to do."
    exit 0
fi
echo "setup: installing missing packages:$missing"
if [ "$(id -u)" = 0 ]; then sudo=""
elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; echo "setup: using sudo for apt-get"
else echo "setup: need root or sudo to run apt-get install$missing" >&2; exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: no apt-get here; install these by hand:$missing" >&2; exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq || { echo "setup: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
    { echo "setup: apt-get install$missing failed" >&2; exit 1; }
echo "setup: installed$missing"
