#!/bin/sh
# Issue 15, through the binary as a user runs it: on every fixture host the report
# (`virtcheck --sysroot F --format json`), `switch --dry-run`, `explain` of the fixture's error
# (SOURCE.md's expect-error, else the VERR_ status of the blocker's conflict) and
# `preflight --require kvm` agree: the same blocker with the same remedies, and preflight's kvm
# met exactly when the report says the invoking user can use KVM.
# tests/unit/test_agreement.c checks the same through the library (and explain through the
# catalogue where a fixture names no error); this catches what the commands add on top.
#
# "The same remedies" of a conflict and the switch plan to the hypervisor it blocks:
#   - the conflict's remedies name running VMs (pid N (COMM)): the plan is refused and its refusal
#     names each of them (virtcheck never stops a VM);
#   - else its first remedy that unloads modules (`modprobe -r M...`, not in a parenthesised
#     remark) is the run-time fix: the plan removes exactly those of the holder's modules, loads
#     exactly the holder's modules that remedy loads again (kvm counts as loaded with
#     kvm_intel/kvm_amd, its dependency), and every parameter the plan loads a module with is one
#     that remedy changes: the value it sets (`options M P=V`), or another than the one it removes
#     ("Remove ... P=V"); a remedy that reloads with a parameter changed has the plan set it;
#   - else (nothing can be unloaded: a built-in KVM) the plan is refused and its refusal carries
#     each module.parameter=value the first remedy puts on the kernel command line.
# Every failure says "not ok - FIXTURE: ..."; the last line is "N passed, M failed".
set -u
bin=${VC_BIN:?set VC_BIN to the virtcheck binary}
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v python3 >/dev/null; then
	echo "SKIP: python3 not installed: the commands' agreement is not checked"
	echo "0 passed, 0 failed"
	exit 0
fi
exec python3 - "$bin" "$here/fixtures" <<'PY'
import json, os, re, subprocess, sys

BIN, FX = sys.argv[1], sys.argv[2]
passed = failed = 0
FAMILY = {
    "kvm": {"kvm", "kvm_intel", "kvm_amd", "kvm_pvm"},
    "virtualbox": {"vboxdrv", "vboxnetflt", "vboxnetadp", "vboxpci"},
    "vmware": {"vmmon", "vmnet"},
}
KVMISH = ("kvm.", "environment.", "conflict.virtualbox_blocks_kvm", "conflict.vmware_blocks_kvm")


def bad(fx, msg):
    global failed
    failed += 1
    print("not ok - %s: %s" % (fx, msg))


def good():
    global passed
    passed += 1


def run(fx, *args):
    """The command's JSON (None, reported, when it writes none)."""
    p = subprocess.run([BIN, *args], capture_output=True, text=True)
    try:
        return json.loads(p.stdout)
    except ValueError:
        bad(fx, "`virtcheck %s` wrote no JSON (exit %d): %s" % (" ".join(args), p.returncode, p.stderr.strip()[:200]))
        return None


def source_line(d, key):
    try:
        with open(os.path.join(d, "SOURCE.md")) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return line[len(key) + 1:].strip()
    except OSError:
        pass
    return None


def pending():
    try:
        with open(os.path.join(FX, "owner-pending.txt")) as f:
            return {l.split()[0] for l in f if l.strip()}
    except OSError:
        return set()


def blocker(rep, expected):
    """SOURCE.md's finding, else the most severe warning/error with a remedy, first among equals."""
    rank = {"info": 0, "warning": 1, "error": 2}
    best = None
    for f in rep["findings"]:
        if expected:
            if f["id"] == expected:
                return f
            continue
        if rank.get(f["severity"], 0) >= 1 and f.get("remedies") and (
                best is None or rank[f["severity"]] > rank[best["severity"]]):
            best = f
    return best


def remedies(f):
    return [(r["kind"], r["reboot"], r["steps"]) for r in f.get("remedies") or []]


def unparen(s):
    """The text outside parenthesised remarks ("(KVM is unavailable until `modprobe X`)")."""
    while True:
        t = re.sub(r"\([^()]*\)", " ", s)
        if t == s:
            return s
        s = t


MOD = re.compile(r"^[A-Za-z0-9_-]+$")


def modprobe_ops(steps):
    """[("r"|"l", [modules])] of the modprobe commands in steps, in order."""
    ops, toks = [], unparen(steps).split()
    for i, t in enumerate(toks):
        if t.strip("`'\"") != "modprobe":
            continue
        op, j = "l", i + 1
        if j < len(toks) and toks[j] in ("-r", "-a"):
            op = "r" if toks[j] == "-r" else "a"
            j += 1
        mods = []
        while j < len(toks):
            w = toks[j].rstrip("`,;.")
            if not MOD.match(w) or w.startswith("-"):
                break
            mods.append(w)
            j += 1
            if w != toks[j - 1] or op == "l":  # punctuation ends it; plain modprobe loads one
                break
        ops.append(("r" if op == "r" else "l", mods))
    return ops


PARAM = re.compile(r"(?<![\w.=-])(?:[a-z][a-z0-9_]*\.)?([a-z][a-z0-9_]*)=([A-Za-z0-9]+)")


def norm(v):
    return {"y": "1", "n": "0", "1": "1", "0": "0"}.get(v.lower(), v)


def loaded_with_deps(mods):
    s = set(mods)
    if s & {"kvm_intel", "kvm_amd"}:
        s.add("kvm")
    return s


def check_plan(fx, fd, holder, plan):
    """The plan to the hypervisor fd blocks against fd's remedies (the rules above)."""
    rems = fd.get("remedies") or []
    pids = [p for r in rems for p in re.findall(r"pid \d+ \([^)]*\)", r["steps"])]
    refusal = plan["refusal"] or ""
    if pids:
        missing = [p for p in pids if p not in refusal]
        if not plan["refused"] or missing:
            return bad(fx, "%s names the VMs to stop (%s); switch %s %s" % (
                fd["id"], ", ".join(pids), plan["target"],
                "does not name %s" % ", ".join(missing) if plan["refused"] else "is not refused"))
        return good()
    fix = next((r for r in rems if any(op == "r" for op, _ in modprobe_ops(r["steps"]))), None)
    if fix is None:
        want = [m.group(0) for r in rems[:1] for m in PARAM.finditer(unparen(r["steps"])) if "." in m.group(0)]
        if not rems:
            return good()
        if not plan["refused"] or any(w not in refusal for w in want):
            return bad(fx, "%s unloads nothing (%s); switch %s %s" % (
                fd["id"], rems[0]["steps"][:120], plan["target"],
                "does not carry %s" % ", ".join(want) if plan["refused"] else "is not refused"))
        return good()
    fam = FAMILY.get(holder, set())
    ops = modprobe_ops(fix["steps"])
    unload = {m for op, mods in ops if op == "r" for m in mods}
    first_r = next(i for i, (op, _) in enumerate(ops) if op == "r")
    reload = loaded_with_deps(m for op, mods in ops[first_r:] if op == "l" for m in mods) & fam
    if plan["refused"]:
        return bad(fx, "%s's fix is `%s`; switch %s is refused: %s" % (
            fd["id"], fix["steps"][:120], plan["target"], refusal.strip()[:200]))
    premove = set(plan["remove"]) & fam
    pload = loaded_with_deps(l["module"] for l in plan["load"]) & fam
    ok = True
    if premove != unload:
        ok = False
        bad(fx, "%s's fix unloads %s; switch %s removes %s" % (
            fd["id"], sorted(unload), plan["target"], sorted(premove)))
    if pload != reload:
        ok = False
        bad(fx, "%s's fix loads %s again; switch %s loads %s" % (
            fd["id"], sorted(reload), plan["target"], sorted(pload)))
    text = unparen(fix["steps"])
    fparams = {m.group(1): (m.group(2), text[:m.start()].lower().find("remove") >= 0) for m in PARAM.finditer(text)}
    pparams = {}
    for l in plan["load"]:
        for kv in (l.get("options") or "").split():
            k, _, v = kv.partition("=")
            pparams[k] = v
    for k, v in pparams.items():
        if k not in fparams:
            ok = False
            bad(fx, "switch %s loads with %s=%s, which %s's fix does not change" % (plan["target"], k, v, fd["id"]))
        elif (norm(v) == norm(fparams[k][0])) == fparams[k][1]:
            ok = False
            bad(fx, "switch %s loads with %s=%s; %s's fix %s %s=%s" % (
                plan["target"], k, v, fd["id"], "removes" if fparams[k][1] else "sets", k, fparams[k][0]))
    if reload:
        for k in fparams:
            if k not in pparams:
                ok = False
                bad(fx, "%s's fix reloads with %s changed; switch %s loads without it" % (fd["id"], k, plan["target"]))
    if ok:
        good()


def check(name, d, pend):
    rep = run(name, "--sysroot", d, "--format", "json")
    if rep is None:
        return
    expected = None if name in pend else source_line(d, "expect-finding")
    b = blocker(rep, expected)
    if expected and not b:
        bad(name, "the report has no finding %s (SOURCE.md)" % expected)
    # explain of the fixture's error: its first host finding is the blocker, remedies and all
    text = source_line(d, "expect-error")
    # a fixture that names no error: the VirtualBox status the blocker's conflict fails with
    if not text and b:
        text = next((c["error"] for c in rep["conflicts"] if c["id"] == b["id"] and
                     (c["error"] or "").startswith("VERR_")), None)
    if text and b:
        ex = run(name, "explain", "--sysroot", d, "--format", "json", text)
        shown = (ex or {}).get("host_findings") or []
        if ex is None:
            pass
        elif not shown:
            bad(name, "explain \"%s\" shows no finding; the report's blocker is %s" % (text, b["id"]))
        elif shown[0]["id"] != b["id"]:
            bad(name, "explain \"%s\" shows %s first; the report's blocker is %s" % (text, shown[0]["id"], b["id"]))
        elif remedies(shown[0]) != remedies(b):
            bad(name, "explain \"%s\": %s has other remedies than in the report" % (text, b["id"]))
        else:
            good()
    # preflight --require kvm: met exactly when the report says the invoking user can use KVM
    pf = run(name, "preflight", "--require", "kvm", "--sysroot", d, "--format", "json")
    if pf is not None:
        req = pf["requirements"][0]
        ids = {f["id"] for f in rep["findings"]}
        usable = rep["probes"]["kvm"].get("usable") is True and not ids & {"kvm.no_access", "kvm.invoker_no_access"}
        if req["met"] != usable:
            bad(name, "preflight kvm %s, but the report says KVM is %susable (%s)" % (
                "met" if req["met"] else "unmet", "" if usable else "not ", rep["owner"]["headline"]))
        elif not req["met"] and b and b["id"].startswith(KVMISH) or (not req["met"] and b and "vt_disabled" in b["id"]):
            missing = [r["steps"] for r in b.get("remedies") or [] if r["steps"] not in (req.get("remedy") or "")]
            if missing:
                bad(name, "preflight kvm's remedy is not the blocker %s's: lacks \"%s\"" % (b["id"], missing[0][:120]))
            else:
                good()
        else:
            good()
    # switch --dry-run to each hypervisor a conflict blocks
    for c in rep["conflicts"]:
        if c["id"] == "conflict.concurrent_vms" or c["blocked"] not in FAMILY:
            continue
        fd = next((f for f in rep["findings"] if f["id"] == c["id"]), None)
        sw = run(name, "switch", c["blocked"], "--dry-run", "--sysroot", d, "--format", "json")
        if sw is None:
            continue
        plan = sw["plan"]
        if plan["nothing_to_do"]:
            bad(name, "the report says %s blocks %s (%s); switch %s has nothing to do" % (
                c["holder"], c["blocked"], c["id"], c["blocked"]))
        elif fd:
            check_plan(name, fd, c["holder"], plan)


pend = pending()
n = 0
for name in sorted(os.listdir(FX)):
    d = os.path.join(FX, name)
    if name.startswith(".") or not os.path.isdir(d):
        continue
    n += 1
    check(name, d, pend)
print("# agreement: %d fixtures" % n)
if n < 30:
    bad("-", "only %d fixtures found in %s" % (n, FX))
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
