#!/usr/bin/env python3
"""Runs Debian's pyspf check2() against a DNS server on 127.0.0.1:PORT for each "ip domain" line on stdin.

Prints one line per query: "ip domain result". Used by bench/mail-vs-peers.ts only.
"""
import sys

import dns.resolver
import spf

port = int(sys.argv[1])
resolver = dns.resolver.Resolver(configure=False)
resolver.nameservers = ["127.0.0.1"]
resolver.port = port
resolver.timeout = 2
resolver.lifetime = 5
dns.resolver.default_resolver = resolver

for line in sys.stdin:
    parts = line.split()
    if len(parts) != 2:
        continue
    ip, domain = parts
    result, _explanation = spf.check2(i=ip, s=f"postmaster@{domain}", h=domain)
    print(ip, domain, result, flush=True)
