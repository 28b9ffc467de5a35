#!/bin/sh
# Issue 15, through the binary as a user runs it: on every fixture host the report
# (`virtcheck --sysroot F --format json`), `switch --dry-run`, `explain` of the fixture's error
# (SOURCE.md's expect-error, else the VERR_ status of the blocker's conflict) and
# `preflight --require kvm` agree: the same blocker with the same remedies, and preflight's kvm
# met exactly when the report says the invoking user can use KVM.
# tests/unit/test_agreement.c checks the same through the library (and explain through the
# catalogue where a fixture names no error); this catches what the commands add on top.
#
# "The same remedies" of a conflict and the switch plan to the hypervisor it blocks (a remedy says
# what it does to modules in its JSON "modules": unload, load, set, not only in its text):
#   - the conflict's remedies name running VMs (pid N (COMM)): the plan is refused and its refusal
#     names each of them (virtcheck never stops a VM);
#   - else its first remedy that unloads the holder's modules is the run-time fix: the plan removes
#     exactly those, loads exactly the holder's modules that remedy loads again (kvm counts as
#     loaded with kvm_intel/kvm_amd, its dependency), loads each with a parameter only at the value
#     the remedy leaves (module.parameter=value in "set"), and sets each one a reloading remedy sets;
#   - else (nothing can be unloaded: a built-in KVM) the plan is refused and its refusal carries
#     each module.parameter=value the first remedy sets.
# Each remedy's "modules" is checked against its own text (`modprobe -r` with those modules, each
# parameter named). As the library test does: where VirtualBox is installed and KVM's vendor module
# is loaded, switch virtualbox keeps KVM exactly when the report says VirtualBox runs next to it; a
# driver the report says is not built or refused makes the switch to it refused with the report's
# first remedy (also a driver that is loaded but cannot run VMs: older than the installed VirtualBox,
# a kernel without KVM, a vmmon of another release, which tests/cli.sh checks unloaded too); VT disabled by the firmware, or KVM unavailable
# (not merely not loaded), makes switch kvm refused; KVM loaded with /dev/kvm missing or closed to
# the user (kvm.no_device, kvm.no_access, kvm.invoker_no_access; kvm.create_vm_failed is checked in
# tests/cli.sh on container variants) makes switch kvm refused with that
# finding's first remedy, or, when it still changes modules, carry it in its notes.
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


def norm(v):
    return {"y": "1", "n": "0", "1": "1", "0": "0"}.get(v.lower(), v)


def loaded_with_deps(mods):
    s = set(mods)
    if s & {"kvm_intel", "kvm_amd"}:
        s.add("kvm")
    return s


def mods(r, key):
    return (r.get("modules") or {}).get(key) or []


def check_fields(fx, fd, r):
    """A remedy's "modules" against its own text."""
    un = mods(r, "unload")
    if un:
        want = "modprobe -r " + " ".join(un)
        i = r["steps"].find(want)
        nxt = r["steps"][i + len(want):i + len(want) + 1] if i >= 0 else ""
        if i < 0 or re.match(r"[a-z0-9_]", nxt):
            bad(fx, "%s: a remedy unloads %s, its text does not say `%s`" % (fd["id"], un, want))
    for kv in mods(r, "set"):
        param = kv.partition(".")[2].partition("=")[0]
        if not param or param not in r["steps"]:
            bad(fx, "%s: a remedy sets %s, its text does not name it" % (fd["id"], kv))


def refused_for_driver(rep, hv, plan):
    """The switch to hv is refused for hv's own driver (an error the report gives, its first remedy in
    the refusal): the conflict's unload fix is then not what the switch can carry out."""
    refusal = plan["refusal"] or ""
    if not plan["refused"] or hv not in ("virtualbox", "vmware"):
        return False
    return any(f["severity"] == "error" and f["id"].startswith(hv + ".") and f.get("remedies") and
               f["remedies"][0]["steps"] in refusal for f in rep["findings"])


def check_plan(fx, fd, holder, plan):
    """The plan to the hypervisor fd blocks against fd's remedies (the rules above)."""
    rems = fd.get("remedies") or []
    for r in rems:
        check_fields(fx, fd, r)
    pids = [p for r in rems for p in re.findall(r"pid \d+ \([^)]*\)", r["steps"])]
    refusal = plan["refusal"] or ""
    if pids:
        missing = [p for p in pids if p not in refusal]
        if not plan["refused"] or missing:
            return bad(fx, "%s names the VMs to stop (%s); switch %s %s" % (
                fd["id"], ", ".join(pids), plan["target"],
                "does not name %s" % ", ".join(missing) if plan["refused"] else "is not refused"))
        return good()
    fam = FAMILY.get(holder, set())
    fix = next((r for r in rems if set(mods(r, "unload")) & fam), None)
    if fix is None:
        if not rems:
            return good()
        want = mods(rems[0], "set")
        if not plan["refused"] or any(w not in refusal for w in want):
            return bad(fx, "%s unloads nothing (%s); switch %s %s" % (
                fd["id"], rems[0]["steps"][:120], plan["target"],
                "does not carry %s" % ", ".join(want) if plan["refused"] else "is not refused"))
        return good()
    unload = set(mods(fix, "unload")) & fam
    reload = loaded_with_deps(mods(fix, "load")) & fam
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
    fsets = {kv.partition("=")[0]: kv.partition("=")[2] for kv in mods(fix, "set")}
    psets = {}
    for l in plan["load"]:
        for kv in (l.get("options") or "").split():
            k, _, v = kv.partition("=")
            psets["%s.%s" % (l["module"], k)] = v
    for k, v in psets.items():
        if k not in fsets:
            ok = False
            bad(fx, "switch %s loads with %s=%s, which %s's fix does not change" % (plan["target"], k, v, fd["id"]))
        elif norm(v) != norm(fsets[k]):
            ok = False
            bad(fx, "switch %s loads with %s=%s; %s's fix leaves %s=%s" % (plan["target"], k, v, fd["id"], k, fsets[k]))
    if reload:
        for k in fsets:
            if k not in psets:
                ok = False
                bad(fx, "%s's fix reloads with %s changed; switch %s loads without it" % (fd["id"], k, plan["target"]))
    if ok:
        good()


CANNOT = (("virtualbox.driver_not_built", "virtualbox"), ("virtualbox.driver_refused", "virtualbox"),
          ("vmware.driver_not_built", "vmware"),
          # loaded, but not able to run VMs: an older vboxdrv, a kernel without KVM, another vmmon
          ("virtualbox.driver_mismatch", "virtualbox"), ("virtualbox.kernel_without_kvm", "virtualbox"),
          ("vmware.driver_mismatch", "vmware"))
# KVM loaded, /dev/kvm missing here or closed to this user: no module switch helps
NODE = ("kvm.no_device", "kvm.no_access", "kvm.invoker_no_access")
LOADED = ("live", "builtin", "coming")


def check_switch_more(name, d, rep):
    """keep-KVM and the refusals, as tests/unit/test_agreement.c checks them."""
    findings = {f["id"]: f for f in rep["findings"]}
    p = rep["probes"]
    mstate = lambda m: ((p.get("modules") or {}).get("modules") or {}).get(m, {}).get("state")
    vt = (p.get("cpuid") or {}).get("vt")
    vendor = {"vmx": "kvm_intel", "svm": "kvm_amd"}.get(vt) or next(
        (m for m in ("kvm_intel", "kvm_amd") if mstate(m) in LOADED), None)
    if (p.get("virtualbox") or {}).get("installed") and vendor and mstate(vendor) in LOADED:
        needs = findings.get("conflict.virtualbox_needs_virt_at_load")
        shares = "virtualbox.shares_kvm" in findings
        for r in (needs or {}).get("remedies") or []:
            if set(mods(r, "unload")) & FAMILY["kvm"]:
                shares = shares or bool(set(mods(r, "load")) & FAMILY["kvm"])
                break
        sw = run(name, "switch", "virtualbox", "--dry-run", "--sysroot", d, "--format", "json")
        if sw is not None:
            if sw["plan"]["keep_kvm"] != shares:
                bad(name, "switch virtualbox %s KVM, but the report says VirtualBox %s" % (
                    "keeps" if sw["plan"]["keep_kvm"] else "unloads",
                    "runs next to it" if shares else "does not run next to it"))
            else:
                good()
    for fid, target in CANNOT:
        fd = findings.get(fid)
        if not fd or not fd.get("remedies") or fd["severity"] != "error":
            continue
        sw = run(name, "switch", target, "--dry-run", "--sysroot", d, "--format", "json")
        if sw is None:
            continue
        plan = sw["plan"]
        if not plan["refused"] or fd["remedies"][0]["steps"] not in (plan["refusal"] or ""):
            bad(name, "the report says %s; switch %s is %s" % (
                fid, target, "refused without its remedy" if plan["refused"] else "not refused"))
        else:
            good()
    node = next((findings[i] for i in NODE if i in findings and findings[i]["severity"] == "error"), None)
    if node and node.get("remedies"):
        sw = run(name, "switch", "kvm", "--dry-run", "--sysroot", d, "--format", "json")
        if sw is not None:
            plan = sw["plan"]
            steps = node["remedies"][0]["steps"]
            where = (plan["notes"] or "") if plan["remove"] or plan["load"] else (plan["refusal"] or "")
            if plan["nothing_to_do"] or steps not in where:
                bad(name, "the report says %s; switch kvm %s" % (
                    node["id"], "has nothing to do" if plan["nothing_to_do"] else
                    "does not carry its remedy in its %s" % ("notes" if plan["remove"] or plan["load"] else "refusal")))
            elif not (plan["remove"] or plan["load"]) and not plan["refused"]:
                bad(name, "the report says %s and switch kvm changes no module; it is not refused" % node["id"])
            else:
                good()
    why = None
    if "msr.vt_disabled_by_firmware" in findings or "cpuid.vt_disabled_by_firmware" in findings:
        why = "the firmware disabled VT"
    elif "kvm.unavailable" in findings and "kvm.not_loaded" not in findings:
        why = "KVM cannot run here"
    if why:
        sw = run(name, "switch", "kvm", "--dry-run", "--sysroot", d, "--format", "json")
        if sw is not None:
            if not sw["plan"]["refused"]:
                bad(name, "the report says %s; switch kvm is not refused" % why)
            else:
                good()


def report(name, d):
    """The fixture's report: the command's JSON, saved to VC_AGREE_SAVE for tests/cli.sh; under
    make valgrind (VC_AGREE_GOLDEN=1) its expected.json instead: make check compares the command
    with that file, and under memcheck the fixtures checked here run explain, preflight and switch
    (the whole pipeline), fixtures.sh the report on the others."""
    if os.environ.get("VC_AGREE_GOLDEN") == "1":
        with open(os.path.join(d, "expected.json")) as f:
            text = f.read()
        rep = json.loads(text)
    else:
        rep = run(name, "--sysroot", d, "--format", "json")
        text = json.dumps(rep)
    if rep is not None and os.environ.get("VC_AGREE_SAVE"):
        with open(os.path.join(os.environ["VC_AGREE_SAVE"], name + ".json"), "w") as f:
            f.write(text)
    return rep


def check(name, d, pend):
    rep = report(name, d)
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
        elif fd and refused_for_driver(rep, c["blocked"], plan):
            good()
        elif fd:
            check_plan(name, fd, c["holder"], plan)
    check_switch_more(name, d, rep)


pend = pending()
# VC_AGREE_STRIDE=K (make valgrind): the commands agree on every Kth fixture; each fixture's report
# is still left for tests/cli.sh
stride = max(1, int(os.environ.get("VC_AGREE_STRIDE") or 1))
n = seen = 0
for name in sorted(os.listdir(FX)):
    d = os.path.join(FX, name)
    if name.startswith(".") or not os.path.isdir(d):
        continue
    seen += 1
    if (seen - 1) % stride:
        report(name, d)
        continue
    n += 1
    check(name, d, pend)
print("# agreement: %d fixtures%s" % (n, " (one in %d of %d)" % (stride, seen) if stride > 1 else ""))
if n < 30:
    bad("-", "only %d fixtures found in %s" % (n, FX))
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
