#!/bin/sh
# deps.sh PACKAGE...: make sure these Debian packages are installed.
# As root, installs the missing ones (apt-get update first: a fresh
# machine has empty package lists).  Otherwise prints the one command to
# run and fails, so `make` stops with a clear next step.
set -eu
missing=""
for p in "$@"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
	echo "pamphlet: installing Debian packages:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >&2
	exit 0
fi
echo "pamphlet: missing Debian packages. Run this, then 'make' again:" >&2
echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
exit 1
