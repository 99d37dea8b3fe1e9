#!/usr/bin/env python3
"""Prints this network namespace's TCP counters as nstat names ("TcpExtTCPLossUndo 3"), one a line, from
/proc/net/netstat and /proc/net/snmp (each a header line and a value line per group)."""
for path in ("/proc/net/netstat", "/proc/net/snmp"):
    lines = open(path).read().splitlines()
    for header, values in zip(lines[::2], lines[1::2]):
        group, names = header.split(":", 1)
        if group not in ("TcpExt", "Tcp"):
            continue
        for name, value in zip(names.split(), values.split(":", 1)[1].split()):
            print(f"{group}{name} {value}")
