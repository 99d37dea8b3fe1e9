#!/usr/bin/env bash
# A lab for talking to Linux's own TCP without touching the host's network:
#   one network namespace (default hdlab) with lo up and a TAP device (default hdtap0) that belongs to the kernel
#   side, 198.51.100.1/24 (TEST-NET-2). Hashdance attaches to the TAP from inside the namespace and owns
#   198.51.100.2 behind it. Nothing is added to the root namespace.
#
#   scripts/netns-lab.sh up      create it (idempotent)
#   scripts/netns-lab.sh down    delete it (deleting the namespace deletes the TAP with it)
#   scripts/netns-lab.sh status  show it
#
# Then, for example:
#   sudo ip netns exec hdlab hashdance serve --tap hdtap0 --ip 198.51.100.2/24 --port 80 --app http &
#   sudo ip netns exec hdlab curl http://198.51.100.2/
#
# Environment: HDLAB_NS (namespace), HDLAB_TAP (device), HDLAB_MTU (default 1500).
set -euo pipefail

ns="${HDLAB_NS:-hdlab}"
tap="${HDLAB_TAP:-hdtap0}"
mtu="${HDLAB_MTU:-1500}"

if [ "$(id -u)" -ne 0 ]; then
  echo "netns-lab.sh: needs root (ip netns add)" >&2
  exit 77
fi

case "${1:-}" in
  up)
    if ! ip netns list | grep -qw "^$ns"; then
      ip netns add "$ns"
    fi
    ip -n "$ns" link set lo up
    if ! ip -n "$ns" link show "$tap" >/dev/null 2>&1; then
      ip -n "$ns" tuntap add dev "$tap" mode tap
    fi
    ip -n "$ns" link set "$tap" mtu "$mtu" txqueuelen 10000
    ip -n "$ns" addr replace 198.51.100.1/24 dev "$tap"
    ip -n "$ns" link set "$tap" up
    echo "lab up: namespace $ns, $tap 198.51.100.1/24 (kernel side); Hashdance takes 198.51.100.2"
    ;;
  down)
    if ip netns list | grep -qw "^$ns"; then
      ip netns delete "$ns"
      echo "lab down: namespace $ns deleted"
    else
      echo "lab down: no namespace $ns"
    fi
    ;;
  status)
    ip netns list | grep -w "^$ns" || { echo "no namespace $ns"; exit 1; }
    ip -n "$ns" -br addr
    ip -n "$ns" neigh
    ;;
  *)
    echo "usage: $0 up|down|status" >&2
    exit 2
    ;;
esac
