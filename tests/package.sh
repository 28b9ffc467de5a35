#!/bin/sh
# The Debian package, built and checked as CI does (make check-package; root not needed except to
# install build dependencies, which this does not do): dpkg-buildpackage -us -uc -b on a copy of the
# tree, lintian (no error, no warning: those not fixed are justified in debian/*lintian-overrides),
# the .deb unpacked with dpkg -x into a temporary directory (never installed) and run from there,
# its files against `make install DESTDIR=... PREFIX=/usr`, its units through systemd-analyze
# verify, and its metrics end to end: the service's ExecStart line run, Debian's
# prometheus-node-exporter reading them with its textfile collector on a loopback port, a real
# Prometheus scraping it, and a PromQL query answering with this host's virtcheck_owner_info.
# DEB_BUILD_OPTIONS defaults to nocheck (make check ran already). Ends with "N passed, M failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
tmp=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)) && echo "ok: $*"; }
notok() { fail=$((fail + 1)) && echo "not ok: $*"; }
now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

for tool in dpkg-buildpackage lintian; do
	command -v $tool >/dev/null || {
		echo "SKIP: the Debian package: $tool is not installed (apt-get install dpkg-dev debhelper lintian)"
		echo "0 passed, 0 failed"
		exit 0
	}
done

# ---- build, on a copy: dpkg-buildpackage writes into .. and cleans the tree it builds
t0=$(now)
src=$tmp/src/virtcheck
mkdir -p "$src"
(cd "$top" && git ls-files -co --exclude-standard -z | xargs -0 cp -P --parents -t "$src")
if (cd "$src" && DEB_BUILD_OPTIONS=${DEB_BUILD_OPTIONS:-nocheck} dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1; then
	ok "dpkg-buildpackage -us -uc -b ($(took "$t0"))"
else
	tail -30 "$tmp/build.log"
	notok "dpkg-buildpackage -us -uc -b"
	echo "$pass passed, $fail failed"
	exit 1
fi
deb=$(ls "$tmp"/src/virtcheck_*_amd64.deb)

# ---- lintian: every tag shown; an error or a warning fails
t0=$(now)
lintian --info --display-info --fail-on error,warning "$tmp"/src/*.changes >"$tmp/lintian.log" 2>&1
rc=$?
sed 's/^/  lintian: /' "$tmp/lintian.log"
if [ $rc -eq 0 ]; then ok "lintian: no error, no warning ($(took "$t0"))"; else notok "lintian (exit $rc)"; fi

# ---- the .deb's files, and make install's
dpkg -c "$deb" >"$tmp/contents"
echo "# dpkg -c: $(grep -vc '/$' "$tmp/contents") files in $(basename "$deb")"
grep -v '/$' "$tmp/contents" | awk '{ print "  " $1, $3, $6 }'
root=$tmp/root
dpkg -x "$deb" "$root"
(cd "$root" && find . ! -type d | sed 's|^\.||; s|\.gz$||' | grep -v '^/usr/share/doc/virtcheck/\|^/usr/share/lintian/' | sort) >"$tmp/deb.files"
make -s -C "$src" install DESTDIR="$tmp/mi" PREFIX=/usr >/dev/null
(cd "$tmp/mi" && find . ! -type d | sed 's|^\.||' | sort) >"$tmp/make.files"
if diff -u "$tmp/make.files" "$tmp/deb.files" >"$tmp/files.diff"; then
	ok "make install DESTDIR=... PREFIX=/usr installs the .deb's $(wc -l <"$tmp/deb.files") files (less the Debian metadata in /usr/share/doc and /usr/share/lintian; man pages uncompressed)"
else
	cat "$tmp/files.diff"
	notok "make install and the .deb install different files"
fi
for f in /usr/bin/virtcheck /usr/share/bash-completion/completions/virtcheck /usr/share/zsh/vendor-completions/_virtcheck \
	/usr/share/fish/vendor_completions.d/virtcheck.fish /usr/share/virtcheck/virtcheck.rules.yml \
	/usr/share/virtcheck/schemas/report.schema.json /usr/share/virtcheck/schemas/preflight.schema.json \
	/usr/share/virtcheck/schemas/bench.schema.json /usr/share/virtcheck/schemas/triage.schema.json; do
	[ -e "$root$f" ] || notok "the .deb has no $f"
done
unitdir=$(pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null || echo /lib/systemd/system)
for u in virtcheck-metrics.service virtcheck-metrics.timer; do
	[ -e "$root$unitdir/$u" ] || notok "the .deb has no $unitdir/$u"
done

# ---- hardening of the packaged binary: PIE, BIND_NOW, RELRO, fortified
bin=$root/usr/bin/virtcheck
if readelf -d "$bin" | grep -q 'FLAGS_1.*NOW.*PIE' && readelf -lW "$bin" | grep -q GNU_RELRO &&
	nm -D "$bin" | grep -q '__.*_chk'; then
	ok "the packaged binary is PIE with full RELRO (BIND_NOW) and fortified"
else
	notok "the packaged binary lacks PIE, full RELRO or fortify"
fi

# ---- run from the unpacked tree
if v=$("$bin" --version) && [ "$v" = "virtcheck $(sed -n 's/^VERSION := //p' "$top/Makefile")" ]; then
	ok "unpacked: $v"
else
	notok "unpacked: virtcheck --version said '$v'"
fi
"$bin" preflight --require kvm >"$tmp/preflight.out" 2>&1
rc=$?
sed 's/^/  /' "$tmp/preflight.out"
# the same verdict as the build tree's binary (1 is this machine's "KVM unusable", not a failure)
want=$rc
[ -x "$top/build/virtcheck" ] && { "$top/build/virtcheck" preflight --require kvm >/dev/null 2>&1; want=$?; }
if [ $rc -le 1 ] && [ $rc -eq $want ]; then ok "unpacked: virtcheck preflight --require kvm exits $rc"; else notok "unpacked: preflight --require kvm exited $rc (build tree: $want)"; fi

# ---- the units, as systemd reads them; ExecStart pointed at the unpacked binary (not installed)
if command -v systemd-analyze >/dev/null; then
	mkdir -p "$tmp/units"
	for u in virtcheck-metrics.service virtcheck-metrics.timer; do
		sed "s|/usr/bin/virtcheck|$bin|" "$root$unitdir/$u" >"$tmp/units/$u"
	done
	if MANPATH=$root/usr/share/man systemd-analyze verify "$tmp/units/virtcheck-metrics.service" \
		"$tmp/units/virtcheck-metrics.timer" >"$tmp/verify.log" 2>&1 && [ ! -s "$tmp/verify.log" ]; then
		ok "systemd-analyze verify: both units"
	else
		cat "$tmp/verify.log"
		notok "systemd-analyze verify"
	fi
	echo "# $(systemd-analyze security --offline=yes "$tmp/units/virtcheck-metrics.service" 2>/dev/null | tail -1 | sed 's/→ //')"
else
	echo "SKIP: systemd-analyze verify: systemd is not installed"
fi

# ---- end to end: ExecStart, node_exporter's textfile collector, Prometheus, PromQL
exporter=$(command -v prometheus-node-exporter)
prom=$(command -v prometheus)
if [ -z "$exporter" ] || [ -z "$prom" ]; then
	echo "SKIP: metrics end to end: apt-get install prometheus prometheus-node-exporter"
else
	t0=$(now)
	exec_start=$(sed -n 's/^ExecStart=//p' "$root$unitdir/virtcheck-metrics.service")
	textdir=$(printf '%s\n' "$exec_start" | sed -n 's|.*--output \(.*\)/virtcheck.prom$|\1|p')
	# the unit writes where Debian's node_exporter reads
	default=$("$exporter" --help 2>&1 | sed -n 's/.*--collector.textfile.directory="\([^"]*\)".*/\1/p')
	if [ "$textdir" = "$default" ]; then ok "ExecStart writes into node_exporter's textfile directory ($default)"; else notok "ExecStart writes into '$textdir', node_exporter reads '$default'"; fi
	# the ExecStart line itself, the binary and the directory swapped for ours
	mkdir -p "$tmp/textfile"
	line=$(printf '%s\n' "$exec_start" | sed "s|^/usr/bin/virtcheck|$bin|; s|$textdir/|$tmp/textfile/|")
	sh -c "umask 022; $line"
	rc=$?
	if [ $rc -le 2 ] && grep -q '^virtcheck_owner_info{' "$tmp/textfile/virtcheck.prom" &&
		[ "$(stat -c %a "$tmp/textfile/virtcheck.prom")" = 644 ]; then
		ok "ExecStart (exit $rc) wrote virtcheck.prom, 0644"
	else
		notok "ExecStart exited $rc; virtcheck.prom: $(ls -l "$tmp/textfile" 2>&1)"
	fi
	port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
	eport=$(port)
	pport=$(port)
	"$exporter" --web.listen-address="127.0.0.1:$eport" --collector.disable-defaults --collector.textfile \
		--collector.textfile.directory="$tmp/textfile" >"$tmp/exporter.log" 2>&1 &
	pids="$pids $!"
	cat >"$tmp/prometheus.yml" <<EOC
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ["127.0.0.1:$eport"]
rule_files:
  - $root/usr/share/virtcheck/virtcheck.rules.yml
EOC
	"$prom" --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/tsdb" \
		--web.listen-address="127.0.0.1:$pport" >"$tmp/prometheus.log" 2>&1 &
	pids="$pids $!"
	# PromQL over the HTTP API until the first scrape is in (at most 30 s)
	answer=$(python3 - "$pport" <<'EOP'
import json, sys, time, urllib.parse, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/api/v1/query?" + urllib.parse.urlencode({"query": "virtcheck_owner_info"})
for _ in range(60):
    try:
        r = json.load(urllib.request.urlopen(url, timeout=2))
        if r["status"] == "success" and r["data"]["result"]:
            m = r["data"]["result"][0]
            print(m["metric"].get("hypervisor"), m["metric"].get("backend"), m["value"][1])
            sys.exit(0)
    except OSError:
        pass
    time.sleep(0.5)
sys.exit(1)
EOP
	)
	want=$(sed -n 's/^virtcheck_owner_info{hypervisor="\([^"]*\)",backend="\([^"]*\)".*} \(.*\)/\1 \2 \3/p' "$tmp/textfile/virtcheck.prom")
	if [ -n "$answer" ] && [ "$answer" = "$want" ]; then
		ok "PromQL virtcheck_owner_info through node_exporter and Prometheus: $answer ($(took "$t0"))"
	else
		tail -5 "$tmp/exporter.log" "$tmp/prometheus.log"
		notok "PromQL virtcheck_owner_info answered '$answer', the file says '$want'"
	fi
	# the shipped rules loaded by that Prometheus
	if python3 - "$pport" <<'EOP'; then
import json, sys, urllib.request
r = json.load(urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/api/v1/rules", timeout=2))
names = {rule["name"] for g in r["data"]["groups"] for rule in g["rules"]}
sys.exit(0 if {"VirtcheckHypervisorConflict", "VirtcheckKvmUnusable", "VirtcheckStatusError", "VirtcheckMetricsStale"} <= names else 1)
EOP
		ok "Prometheus loaded the shipped alert rules"
	else
		notok "Prometheus did not load the shipped alert rules"
	fi
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
