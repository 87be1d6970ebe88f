#!/usr/bin/env python3
"""Scrapes the engine's metrics endpoint as Prometheus would and parses the
page with the Prometheus client's own parser (Debian's
python3-prometheus-client): metrics_scrape.py URL. Prints one JSON object,
{"name{label=value,...}": value}, labels sorted; exits 1 with the reason
when the page does not parse."""
import json
import sys
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

page = urllib.request.urlopen(sys.argv[1], timeout=10)
content_type = page.headers.get("Content-Type", "")
text = page.read().decode("utf-8")
if not content_type.startswith("text/plain"):
    sys.exit(f"Content-Type is {content_type!r}, not text/plain")
samples = {}
types = {}
try:
    for family in text_string_to_metric_families(text):
        types[family.name] = family.type
        for sample in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
            samples[f"{sample.name}{{{labels}}}"] = sample.value
except Exception as error:  # the parser's own complaint is the finding
    sys.exit(f"the page does not parse: {error}\n{text}")
print(json.dumps({"samples": samples, "types": types}))
