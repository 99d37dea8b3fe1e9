#!/usr/bin/env bash
# Linux's own TCP under the integrity suite's loss, next to Hashdance's (docs/performance.md, "Loss recovery
# against Linux"). Needs root (network namespaces, nftables). Two namespaces joined by a veth pair, random loss at
# the ingress of BOTH ends, no added delay (the experiment's wire has none), offloads off (so a drop is one frame,
# not a 64 KiB GSO burst), CUBIC per socket;
# each run is one bidirectional transfer of SIZE bytes each way, both ends half-closing after their data, as
# TransferExperiment does. Then the same sizes, loss rates and run count through Hashdance in virtual time.
#
# usage: bench/loss-vs-linux.sh [linux|hashdance|both]
#   LOSSES="0.20 0.25 0.30"  SIZES="262144 1048576"  RUNS=10  CAP_SECONDS=60  OUT=bench/loss-vs-linux/results
# Output: $OUT/linux.tsv and $OUT/hashdance.tsv (loss size run seconds ok retrans), $OUT/linux-counters.tsv and
# $OUT/hashdance-counters.tsv (loss size counter total: the recovery counters summed over a cell's runs and both
# ends; Linux's from each namespace's /proc/net/netstat and /proc/net/snmp), and a summary on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
WHAT=${1:-both}
LOSSES=${LOSSES:-"0.20 0.25 0.30"}
SIZES=${SIZES:-"262144 1048576"}
RUNS=${RUNS:-10}
CAP_SECONDS=${CAP_SECONDS:-60}
OUT=${OUT:-bench/loss-vs-linux/results}
NS_A=hdloss-a
NS_B=hdloss-b
ADDR_A=198.51.100.1
ADDR_B=198.51.100.2
PORT=5000
mkdir -p "$OUT"

cleanup() {
  ip netns del "$NS_A" 2>/dev/null || true
  ip netns del "$NS_B" 2>/dev/null || true
}

linux() {
  trap cleanup EXIT INT TERM
  cleanup
  ip netns add "$NS_A"
  ip netns add "$NS_B"
  ip link add hdloss-va netns "$NS_A" type veth peer name hdloss-vb netns "$NS_B"
  for ns in "$NS_A" "$NS_B"; do ip -n "$ns" link set lo up; done
  ip -n "$NS_A" addr add "$ADDR_A/24" dev hdloss-va
  ip -n "$NS_B" addr add "$ADDR_B/24" dev hdloss-vb
  ip netns exec "$NS_A" ethtool -K hdloss-va tso off gso off gro off >/dev/null 2>&1 || true
  ip netns exec "$NS_B" ethtool -K hdloss-vb tso off gso off gro off >/dev/null 2>&1 || true
  ip -n "$NS_A" link set hdloss-va up
  ip -n "$NS_B" link set hdloss-vb up
  echo "linux $(uname -r): tcp_frto=$(ip netns exec "$NS_A" sysctl -n net.ipv4.tcp_frto) tcp_recovery=$(ip netns exec "$NS_A" sysctl -n net.ipv4.tcp_recovery) cc=cubic (per socket)"
  printf 'loss\tsize\trun\tseconds\tok\tretrans\n' > "$OUT/linux.tsv"
  printf 'loss\tsize\tcounter\ttotal\n' > "$OUT/linux-counters.tsv"
  for loss in $LOSSES; do
    # This kernel has no sch_netem: frames are dropped at each veth's ingress (a netdev-family nftables hook, so the
    # sender's stack sees a wire loss, not a local send failure), TCP only (ARP always passes, as the experiment's
    # static neighbours do). numgen draws per frame, like the fault injector.
    local per10k
    per10k=$(python3 -c "print(round($loss*10000))")
    for dev in "$NS_A hdloss-va" "$NS_B hdloss-vb"; do
      set -- $dev
      ip netns exec "$1" nft -f - <<NFT
table netdev hdloss
delete table netdev hdloss
table netdev hdloss {
  chain ingress { type filter hook ingress device $2 priority 0; ip protocol tcp numgen random mod 10000 < $per10k drop; }
}
NFT
    done
    for size in $SIZES; do
      # The runs of one cell go concurrently, each on its own port: at these loss rates a transfer spends nearly all
      # its time waiting for retransmission timers, so they do not compete for the CPU, and the cell takes one cap.
      local dir pids=()
      dir=$(mktemp -d)
      for ns in "$NS_A" "$NS_B"; do ip netns exec "$ns" python3 bench/loss-vs-linux/netstat.py > "$dir/before.$ns"; done
      for run in $(seq 1 "$RUNS"); do
        ip netns exec "$NS_B" timeout "$((CAP_SECONDS + 5))" python3 bench/loss-vs-linux/transfer.py server "$ADDR_B" "$((PORT + run))" "$size" "$CAP_SECONDS" >"$dir/server.$run" 2>/dev/null &
        pids+=($!)
      done
      # Each listener is up once ss shows it (poll the socket table, no sleeps).
      for _ in $(seq 1 500); do
        [ "$(ip netns exec "$NS_B" ss -ltnH | wc -l)" -ge "$RUNS" ] && break
      done
      for run in $(seq 1 "$RUNS"); do
        ip netns exec "$NS_A" timeout "$((CAP_SECONDS + 5))" python3 bench/loss-vs-linux/transfer.py client "$ADDR_B" "$((PORT + run))" "$size" "$CAP_SECONDS" >"$dir/client.$run" 2>/dev/null &
        pids+=($!)
      done
      wait "${pids[@]}" || true
      for ns in "$NS_A" "$NS_B"; do ip netns exec "$ns" python3 bench/loss-vs-linux/netstat.py > "$dir/after.$ns"; done
      python3 - "$dir" "$loss" "$size" "$NS_A" "$NS_B" >> "$OUT/linux-counters.tsv" <<'PY'
import sys
d, loss, size, spaces = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
def read(p): return {k: int(v) for k, v in (l.split() for l in open(p))}
total = {}
for ns in spaces:
    before, after = read(f"{d}/before.{ns}"), read(f"{d}/after.{ns}")
    for k, v in after.items():
        total[k] = total.get(k, 0) + v - before.get(k, 0)
for k in sorted(total):
    if total[k]: print(f"{loss}\t{size}\t{k}\t{total[k]}")
PY
      for run in $(seq 1 "$RUNS"); do
        python3 - "$dir/client.$run" "$dir/server.$run" "$loss" "$size" "$run" "$CAP_SECONDS" >> "$OUT/linux.tsv" <<'PY'
import json, sys
def load(p):
    try: return json.loads(open(p).read().strip().splitlines()[-1])
    except Exception: return None
c, s = load(sys.argv[1]), load(sys.argv[2])
loss, size, run, cap = sys.argv[3], int(sys.argv[4]), sys.argv[5], float(sys.argv[6])
ok = bool(c and s and c["received"] == size and s["received"] == size and not c["error"] and not s["error"])
secs = max(c["end"], s["end"]) - c["start"] if ok else cap
retr = (c["retrans"] if c else 0) + (s["retrans"] if s else 0)
print(f"{loss}\t{size}\t{run}\t{secs:.3f}\t{int(ok)}\t{retr}")
PY
      done
      tail -n "$RUNS" "$OUT/linux.tsv" | awk '{printf "%s ", $4} END {print ""}'
      rm -rf "$dir"
    done
  done
  cleanup
  trap - EXIT INT TERM
}

hashdance() {
  HASHDANCE_LOSS_SWEEP_OUT="$PWD/$OUT/hashdance.tsv" HASHDANCE_LOSS_SWEEP_LOSSES="$LOSSES" HASHDANCE_LOSS_SWEEP_SIZES="$SIZES" \
  HASHDANCE_LOSS_SWEEP_RUNS="$RUNS" HASHDANCE_LOSS_SWEEP_CAP_SECONDS="$CAP_SECONDS" \
    dotnet test tests/Hashdance.Actors.Tests -c Release --filter "FullyQualifiedName~LossSweepTests" --logger "console;verbosity=minimal" >/dev/null
}

summary() {
  python3 - "$OUT" <<'PY'
import csv, os, statistics, sys
out = sys.argv[1]
def rows(name):
    p = os.path.join(out, name)
    if not os.path.exists(p): return {}
    d = {}
    for r in csv.DictReader(open(p), delimiter="\t"):
        d.setdefault((float(r["loss"]), int(r["size"])), []).append((float(r["seconds"]), r["ok"] == "1"))
    return d
lin, hd = rows("linux.tsv"), rows("hashdance.tsv")
def describe(v):
    if not v: return "-"
    s = sorted(x for x, _ in v)
    q = lambda f: s[min(len(s) - 1, int(f * len(s)))]
    done = sum(ok for _, ok in v)
    return f"median {statistics.median(s):7.2f} s  p10 {q(0.1):6.2f}  p90 {q(0.9):7.2f}  max {s[-1]:7.2f}  done {done}/{len(v)}"
print(f"{'loss':>5} {'size':>8}  {'Linux':<62}  Hashdance")
for key in sorted(set(lin) | set(hd)):
    print(f"{key[0]:5.2f} {key[1]:8d}  {describe(lin.get(key)):<62}  {describe(hd.get(key))}")
def counters(name):
    p = os.path.join(out, name)
    if not os.path.exists(p): return {}
    d = {}
    for r in csv.DictReader(open(p), delimiter="\t"):
        d.setdefault((float(r["loss"]), int(r["size"])), {})[r["counter"]] = int(r["total"])
    return d
lc, hc = counters("linux-counters.tsv"), counters("hashdance-counters.tsv")
shown = ["TcpRetransSegs", "TcpExtTCPTimeouts", "TcpExtTCPLossProbes", "TcpExtTCPSackRecovery", "TcpExtTCPFastRetrans",
         "TcpExtTCPLostRetransmit", "TcpExtTCPSpuriousRTOs", "TcpExtTCPLossUndo", "TcpExtTCPFullUndo", "TcpExtTCPPartialUndo",
         "TcpExtTCPDSACKUndo", "TcpExtTCPDSACKRecv", "TcpExtTCPSACKReorder", "TcpExtTCPTSReorder"]
for key in sorted(set(lc) & set(hc)):
    print(f"\ncounters, loss {key[0]:.2f}, {key[1]} bytes each way, summed over the runs and both ends: Linux / Hashdance")
    for name in shown:
        print(f"  {name:<28} {lc[key].get(name, 0):>8} {hc[key].get(name, 0):>8}")
PY
}

case "$WHAT" in
  linux) linux ;;
  hashdance) hashdance ;;
  both) linux; hashdance ;;
  summary) ;;
  *) echo "usage: $0 [linux|hashdance|both|summary]" >&2; exit 1 ;;
esac
summary
