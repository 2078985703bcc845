#!/usr/bin/env python3
"""Writes signed Twilio webhook requests for wrk: one per line, "signature<TAB>form body".

    make_requests.py OUT --count 300000 --numbers 1 --token T --url https://sms.example.com/webhooks/twilio

Every request has its own MessageSid (no duplicates); numbers are +1202 NXX xxxx (no N11 exchanges).
Bodies (--bodies): `orders` (default), 8-digit order numbers for Benchmarks/flows (200 found in its table,
50 not; a cycle of 250, so never the same twice in a row for a number), so the bot answers every message in any order;
`menu`, the cycle "hi", "b", "12345678" for the shipped Flows, which drifts into a handoff (after
which the bot is silent) once concurrent texts of a number arrive out of order.
"""
import argparse
import base64
import hashlib
import hmac
import urllib.parse

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("--count", type=int, default=300_000)
parser.add_argument("--numbers", type=int, default=1)
parser.add_argument("--token", required=True)
parser.add_argument("--url", required=True)
parser.add_argument("--bodies", choices=["orders", "menu"], default="orders")
args = parser.parse_args()

if args.bodies == "menu":
    bodies = ["hi", "b", "12345678"]
else:
    with open("Benchmarks/flows/data/orders.csv") as table:
        known = [line.split(",")[0] for line in table.read().splitlines()[1:] if line]
    # 250 texts per cycle: far more than the requests in flight, so out-of-order arrival never
    # puts the same text twice in a row (which escalates, as a customer repeating themselves).
    bodies = known + ["%08d" % (10_000_000 + 7919 * i) for i in range(len(known) // 4)]
# Exchanges 200-999 without the N11 service codes (211, 311, …), which are not subscriber numbers.
exchanges = [exchange for exchange in range(200, 1000) if exchange % 100 != 11]
key = args.token.encode()
with open(args.out, "w") as out:
    for index in range(args.count):
        number = index % args.numbers
        turn = index // args.numbers
        params = {
            "MessageSid": "SM%032x" % index,
            "AccountSid": "AC" + "f" * 32,
            "From": "+1202%03d%04d" % (exchanges[number // 10_000], number % 10_000),
            "To": "+18005550199",
            "Body": bodies[(turn + number) % len(bodies)],
            "NumMedia": "0",
        }
        data = args.url + "".join(name + params[name] for name in sorted(params))
        signature = base64.b64encode(hmac.new(key, data.encode(), hashlib.sha1).digest()).decode()
        out.write(signature + "\t" + urllib.parse.urlencode(params) + "\n")
