#!/usr/bin/env bash
# The Debian package end to end, without a running systemd (there is none in
# CI): package_test.sh BUILD_DIR SOURCE_DIR
#
#  1. cpack makes the package from BUILD_DIR (version N); N+1 is the same
#     package with a higher version (dpkg-deb -R, version bumped, -b).
#  2. dpkg-deb: every path owned by root, the modes we ship, the files where
#     the units and the docs expect them, shared-library dependencies declared.
#  3. lintian: no error.                      (skipped, exit 77, without lintian)
#  4. systemd-analyze verify on every unit, in a root that holds the package
#     and the system's own units: no finding.  (skipped without systemd-analyze)
#  5. dpkg --root installs N into a temporary root (maintainer scripts run
#     there with DPKG_ROOT): the data folder initialised, 0700, its
#     configuration the conffile. The engine and the letter worker run from
#     that root with the units' own command lines, as an unprivileged user, and
#     take in a request whose acknowledgement letter is made; the web desk
#     serves its pages from the package.
#  6. N+1 installed over N keeps the edited conffile and the data; the engine
#     starts again on it and the request and its letter are there.
set -euo pipefail
build=$(cd "$1" && pwd)
source=$(cd "$2" && pwd)
work=$(mktemp -d /tmp/madoguchi-package-test.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
[ -z "${KEEP_WORK:-}" ] || trap - EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

for tool in cpack dpkg-deb dpkg; do command -v "$tool" >/dev/null || fail "$tool is missing (scripts/setup installs it)"; done
skipped=()

# --- 1. The package, version N and N+1 -------------------------------------
step "cpack"
(cd "$work" && cpack -G DEB -B "$work/out" --config "$build/CPackConfig.cmake" >"$work/cpack.log" 2>&1) ||
  { cat "$work/cpack.log"; fail "cpack failed"; }
deb_n=$(ls "$work"/out/madoguchi_*_amd64.deb)
version_n=$(dpkg-deb -f "$deb_n" Version)
[[ $(basename "$deb_n") == "madoguchi_${version_n}_amd64.deb" ]] || fail "package file name $(basename "$deb_n")"
version_n1="${version_n}+1"
dpkg-deb -R "$deb_n" "$work/n1"
sed -i "s/^Version: .*/Version: $version_n1/" "$work/n1/DEBIAN/control"
deb_n1="$work/out/madoguchi_${version_n1}_amd64.deb"
dpkg-deb -b --root-owner-group "$work/n1" "$deb_n1" >/dev/null
echo "N = $version_n, N+1 = $version_n1"

# --- 2. What the package holds ----------------------------------------------
step "contents, owners and modes"
dpkg-deb -c "$deb_n" >"$work/contents"
expect() {  # MODE PATH
  grep -qE "^$1 root/root +[0-9]+ [0-9-]+ [0-9:]+ \./$2\$" "$work/contents" || fail "no $2 with mode $1 owned by root"
}
for bin in madoguchi-engine madoguchi madoguchi-letter-worker madoguchi-reminder-worker madoguchi-report-drawer; do expect -rwxr-xr-x "usr/bin/$bin"; done
expect -rwxr-xr-x usr/lib/madoguchi/madoguchi-backup
expect -rw-r----- etc/madoguchi/madoguchi.json
for unit in madoguchi-engine.service madoguchi-letter-worker@.service madoguchi-reminder-worker@.service \
            madoguchi-backup.service madoguchi-backup.timer; do
  expect -rw-r--r-- "lib/systemd/system/$unit"
done
expect -rw-r--r-- usr/share/madoguchi/web/login.html
expect -rw-r--r-- usr/share/madoguchi/templates/letters/acknowledgement.txt
expect -rw-r--r-- usr/share/doc/madoguchi/copyright
expect -rw-r--r-- usr/share/doc/madoguchi/changelog.gz
expect -rw-r--r-- usr/share/doc/madoguchi/operations.md
if grep -vE '^(drwxr-xr-x|-rw-r--r--|-rwxr-xr-x|-rw-r-----) root/root ' "$work/contents"; then
  fail "a path above has an owner or a mode the package must not ship"
fi
dpkg-deb -I "$deb_n" conffiles | grep -qx /etc/madoguchi/madoguchi.json || fail "the configuration is not a conffile"
depends=$(dpkg-deb -f "$deb_n" Depends)
for lib in libzmq5 libsqlite3-0 libsodium23 libcairo2 adduser fonts-noto-cjk; do
  [[ $depends == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done

# --- 3. lintian -----------------------------------------------------------------
if command -v lintian >/dev/null; then
  step "lintian"
  lintian --allow-root --tag-display-limit 0 "$deb_n" >"$work/lintian.log" 2>&1 || true
  cat "$work/lintian.log"
  if grep -q '^E: ' "$work/lintian.log"; then fail "lintian reports errors"; fi
else
  skipped+=("lintian (Debian package lintian) is missing")
fi

# --- 4. systemd-analyze verify ------------------------------------------------
if command -v systemd-analyze >/dev/null && [ -d /lib/systemd/system ]; then
  step "systemd-analyze verify"
  units_root="$work/units-root"
  dpkg-deb -x "$deb_n" "$units_root"
  # The targets the units name (multi-user, timers, network-online) are the system's own.
  cp -an /lib/systemd/system/. "$units_root/lib/systemd/system/" 2>/dev/null || true
  for unit in madoguchi-engine.service madoguchi-letter-worker@letters1.service \
              madoguchi-reminder-worker@reminders1.service madoguchi-backup.service madoguchi-backup.timer; do
    out=$(systemd-analyze verify --root="$units_root" "$unit" 2>&1) || fail "systemd-analyze verify $unit: $out"
    [ -z "$out" ] || fail "systemd-analyze verify $unit: $out"
    echo "$unit: ok"
  done
else
  skipped+=("systemd-analyze (Debian package systemd) is missing")
fi

# --- 5. Install N into a root and run it from there ---------------------------------
root="$work/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers" "$root/var/log"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
install_deb() {
  # The libraries are this machine's, not the root's: --force-depends.
  dpkg --root="$root" --force-script-chrootless --force-depends --log="$root/var/log/dpkg.log" -i "$1" \
    >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i $(basename "$1")"; }
}
step "dpkg --root -i N"
install_deb "$deb_n"
data="$root/var/lib/madoguchi"
conf="$root/etc/madoguchi/madoguchi.json"
[ "$(stat -c %a "$data")" = 700 ] || fail "$data is $(stat -c %a "$data"), not 0700"
[ "$(readlink -f "$data/madoguchi.json")" = "$(readlink -f "$conf")" ] || fail "the data folder's configuration is not the conffile"
for f in madoguchi.db engine.key data.key; do [ -f "$data/$f" ] || fail "postinst made no $f"; done

# As the service's own user would (User=madoguchi): here the unprivileged
# 'nobody', owning the data folder and reading the conffile through its group,
# as the postinst sets them up outside a test root.
run_as=()
if [ "$(id -u)" = 0 ]; then
  run_as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
  chown -R nobody:nogroup "$data"
  chgrp nogroup "$conf"
fi
as_service() { "${run_as[@]}" "$@"; }
# In the background, the program itself (its pid is $!, signals reach it).
as_service_bg() {  # LOG COMMAND...
  local log=$1
  shift
  (exec "${run_as[@]}" "$@") >"$log" 2>&1 &
}

# The society edits its configuration: endpoints inside the test root, any
# free web port, its own name (which the upgrade must keep).
python3 - "$conf" "$work" <<'PY'
import json, sys
path, work = sys.argv[1], sys.argv[2]
c = json.load(open(path))
c["endpoints"] = {"commands": f"ipc://{work}/run/commands.sock", "workers": f"ipc://{work}/run/workers.sock"}
c["web"]["port"] = 0
c["society"]["name"] = "テスト健康保険組合"
json.dump(c, open(path, "w"), ensure_ascii=False, indent=2)
PY
# The sockets' folder is the service user's (as /run/madoguchi would be).
mkdir -p "$work/run"
chmod 711 "$work"
[ ${#run_as[@]} -eq 0 ] || chown nobody:nogroup "$work/run"

# The units' command lines, with the test root in front of their paths.
unit_command() {  # UNIT INSTANCE
  local line
  line=$(grep -m1 '^ExecStart=' "$root/lib/systemd/system/$1")
  line=${line#ExecStart=}
  line=${line//%i/$2}
  line=${line//\/usr\/bin\//$root/usr/bin/}
  echo "${line//\/var\/lib\/madoguchi/$data}"
}
engine_bin="$root/usr/bin/madoguchi-engine"
cli="$root/usr/bin/madoguchi"
as_service "$engine_bin" user add clerk1 --role clerk --data "$data" >/dev/null
as_service "$engine_bin" user add letters1 --role worker --kinds letter --data "$data" >/dev/null
# A manager's bearer token, for the report PDF (drawn by the packaged madoguchi-report-drawer).
as_service "$engine_bin" user add manager1 --role manager --data "$data" >/dev/null
manager_token=$(as_service "$engine_bin" user token manager1 --data "$data" 2>/dev/null)
cp "$data/keys/clerk1.key" "$work/clerk1.key"
export MADOGUCHI_KEY="$work/clerk1.key"

start_engine() {
  rm -f "$data/web.url"
  # shellcheck disable=SC2046
  as_service_bg "$work/engine.out" $(unit_command madoguchi-engine.service "")
  engine_pid=$!
  pids+=("$engine_pid")
  for _ in $(seq 100); do
    [ -s "$data/web.url" ] && "$cli" whoami >/dev/null 2>&1 && return 0
    kill -0 "$engine_pid" 2>/dev/null || break
    sleep 0.2
  done
  cat "$work/engine.out"
  fail "the packaged engine did not start"
}
stop_engine() {
  kill -TERM "$engine_pid"
  wait "$engine_pid" || fail "the engine stopped with exit status $?"
}

step "run the packaged engine and letter worker"
start_engine
# shellcheck disable=SC2046
as_service_bg "$work/worker.out" $(unit_command madoguchi-letter-worker@.service letters1)
worker_pid=$!
pids+=("$worker_pid")
id=$("$cli" intake "$source/examples/requests/05-purpose-notice-counter.json" | tail -n 1)
[[ $id =~ ^R[0-9]{4}-[0-9]{6}$ ]] || fail "intake printed '$id'"
for _ in $(seq 150); do
  "$cli" letters "$id" --json 2>/dev/null | grep -q acknowledgement && break
  sleep 0.2
done
"$cli" letters "$id" --json | grep -q acknowledgement ||
  { cat "$work/worker.out"; fail "the packaged letter worker made no acknowledgement (templates from the package?)"; }
web=$(cat "$data/web.url")
python3 - "$web" <<'PY' || fail "the web desk did not serve its sign-in page from the package"
import sys, urllib.request
page = urllib.request.urlopen(sys.argv[1] + "login").read().decode()
assert "<html" in page.lower(), page[:200]
PY
# The engine links no pango nor cairo: the report drawer beside it in /usr/bin draws the PDF.
python3 - "$web" "$manager_token" <<'PY' || fail "the packaged web desk gave no report PDF (madoguchi-report-drawer beside the engine?)"
import sys, urllib.request
request = urllib.request.Request(sys.argv[1] + "api/report/2026.pdf", headers={"Authorization": "Bearer " + sys.argv[2]})
pdf = urllib.request.urlopen(request).read()
assert pdf.startswith(b"%PDF-"), pdf[:300]
PY
kill -TERM "$worker_pid"; wait "$worker_pid" || true

step "the backup service's command, three times, keeping two"
backups="$root/var/backups/madoguchi"
[ ${#run_as[@]} -eq 0 ] || chown nobody:nogroup "$backups"
backup_line=$(unit_command madoguchi-backup.service "")
backup_line=${backup_line//\/usr\/lib\//$root/usr/lib/}
backup_line=${backup_line//\/var\/backups\/madoguchi/$backups}
for round in 1 2 3; do
  # shellcheck disable=SC2086
  PATH="$root/usr/bin:$PATH" MADOGUCHI_BACKUPS_KEEP=2 as_service $backup_line >"$work/backup.out" 2>&1 ||
    { cat "$work/backup.out"; fail "backup round $round"; }
  sleep 1.1  # the names are by the second
done
[ "$(ls "$backups" | grep -c '\.mdbk$')" = 2 ] || fail "backups kept: $(ls "$backups")"
newest=$(ls "$backups"/*.mdbk | sort | tail -n 1)
"$engine_bin" restore --from "$newest" --data "$work/restored" --key-file "$data/data.key" >"$work/restore.out" 2>&1 ||
  { cat "$work/restore.out"; fail "the newest backup does not restore"; }
stop_engine

# --- 6. Upgrade to N+1 --------------------------------------------------------------
step "dpkg --root -i N+1 over N"
install_deb "$deb_n1"
grep -q "$version_n1" "$root/var/lib/dpkg/status" || fail "dpkg does not record $version_n1"
grep -q "テスト健康保険組合" "$conf" || fail "the upgrade replaced the society's edited configuration"
start_engine
"$cli" show "$id" >/dev/null || fail "request $id is gone after the upgrade"
"$cli" letters "$id" --json | grep -q acknowledgement || fail "the letter is gone after the upgrade"
stop_engine

if [ ${#skipped[@]} -gt 0 ]; then
  printf 'SKIPPED: %s\n' "${skipped[@]}"
  exit 77
fi
echo "package test: ok"
