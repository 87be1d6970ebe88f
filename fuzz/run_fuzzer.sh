#!/usr/bin/env bash
# Runs one libFuzzer target for a while: run_fuzzer.sh BINARY CORPUS WORK ARTIFACTS SECONDS
# The repository's corpus is read only; what the run finds goes to WORK.
set -euo pipefail
binary=$1 corpus=$2 work=$3 artifacts=$4 seconds=$5
mkdir -p "$work" "$artifacts"
# -timeout: one input taking over 10 s is a hang; -rss_limit_mb: a leak or a
# blow-up; -max_len: up to the size the engine takes in a message (256 KiB on
# the commands socket, with room): libFuzzer's default of 4096 bytes cannot
# hold the 30 KB nesting bomb that once ended the engine.
exec "$binary" "$work" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=300000 -print_final_stats=1 -artifact_prefix="$artifacts/$(basename "$binary")-"
