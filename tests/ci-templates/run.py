#!/usr/bin/env python3
"""Runs the GitHub Actions composite action (action.yml) and the GitLab CI template
(virtcheck.gitlab-ci.yml) the way their runners do, on this machine, without a runner.

Each YAML file is read with python3-yaml; its shell steps are run by bash in a scratch
directory that plays the runner: GitHub's RUNNER_TEMP, GITHUB_PATH, GITHUB_OUTPUT and
GITHUB_STEP_SUMMARY files, ${{ inputs.* }} and ${{ steps.*.outputs.* }} expressions; GitLab's
variables and CI_PROJECT_DIR, each script line under `set -eo pipefail`. What would change the
machine or needs the network (sudo apt-get, git clone) and the build itself (make, which the
rest of the suite covers) are stand-ins that record their arguments and put the virtcheck
under test (VC_BIN) where the build would have put it. Everything virtcheck prints, writes and
exits with is the real thing.

Ends with "N passed, M failed".
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.dom.minidom

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VC_BIN = os.environ["VC_BIN"]
passed = failed = 0


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok - {what}")
    else:
        failed += 1
        print(f"not ok - {what}")
        if detail:
            print("\n".join("#   " + line for line in detail.rstrip().splitlines()[-15:]))


def stand_ins(tmp):
    """sudo, apt-get, git and make that record what they were asked to do."""
    bindir = os.path.join(tmp, "stand-in")
    os.makedirs(bindir, exist_ok=True)
    log = os.path.join(tmp, "calls")
    scripts = {
        # sudo runs its command: environment assignments first, as sudo takes them
        "sudo": 'echo "sudo $*" >>"$VC_CALLS"\nwhile [ $# -gt 0 ] && [ "${1#*=}" != "$1" ]; do export "$1"; shift; done\nexec "$@"\n',
        "apt-get": 'echo "apt-get $*" >>"$VC_CALLS"\n',
        # git clone ... DIR: an empty checkout
        "git": 'echo "git $*" >>"$VC_CALLS"\nfor a; do d=$a; done\nmkdir -p "$d"\n',
        # make [-C DIR] [BUILD=B] all: B (default DIR/build) gets the virtcheck under test
        "make": (
            'echo "make $*" >>"$VC_CALLS"\ndir=. build=\n'
            'while [ $# -gt 0 ]; do case $1 in -C) dir=$2; shift ;; BUILD=*) build=${1#BUILD=} ;; esac; shift; done\n'
            '[ -n "$build" ] || build=$dir/build\n'
            'mkdir -p "$build" && ln -sf "$VC_BIN" "$build/virtcheck"\n'
        ),
    }
    for name, body in scripts.items():
        path = os.path.join(bindir, name)
        with open(path, "w") as f:
            f.write("#!/bin/sh\n" + body)
        os.chmod(path, 0o755)
    return bindir, log


def calls(log):
    try:
        with open(log) as f:
            return f.read()
    except FileNotFoundError:
        return ""


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return ""


# ---- GitHub Actions ----

def github_expr(text, inputs, outputs):
    def one(m):
        expr = m.group(1).strip()
        if expr.startswith("inputs."):
            return inputs[expr[len("inputs."):]]
        m2 = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expr)
        if m2:
            return outputs.get(m2.group(1), {}).get(m2.group(2), "")
        raise ValueError(f"expression the harness does not know: {expr}")
    return re.sub(r"\$\{\{(.*?)\}\}", one, text)


def run_action(action, given):
    """Runs action.yml's steps with the inputs given; returns (exit status of the failing
    step or 0, the action's outputs, the step summary, the runner directory, stdout)."""
    inputs = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    for k in given:
        if k not in inputs:
            raise ValueError(f"action.yml has no input {k}")
    inputs.update(given)
    tmp = tempfile.mkdtemp(prefix="vc-action-")
    bindir, log = stand_ins(tmp)
    files = {n: os.path.join(tmp, n) for n in ("path", "output", "summary")}
    for f in files.values():
        open(f, "w").close()
    os.makedirs(os.path.join(tmp, "runner-temp"))
    work = os.path.join(tmp, "workspace")
    os.makedirs(work)
    path = [bindir, os.environ["PATH"]]
    step_outputs = {}
    out_text = ""
    rc = 0
    for step in action["runs"]["steps"]:
        assert step.get("shell") == "bash", "every step of a composite action names its shell"
        env = {k: github_expr(str(v), inputs, step_outputs) for k, v in step.get("env", {}).items()}
        script = github_expr(step["run"], inputs, step_outputs)
        open(files["output"], "w").close()
        added = [p for p in read(files["path"]).splitlines() if p]
        full_env = dict(os.environ, **env, VC_BIN=VC_BIN, VC_CALLS=log, GITHUB_ACTION_PATH=ROOT,
                        RUNNER_TEMP=os.path.join(tmp, "runner-temp"), GITHUB_PATH=files["path"],
                        GITHUB_OUTPUT=files["output"], GITHUB_STEP_SUMMARY=files["summary"],
                        GITHUB_ACTIONS="true", PATH=":".join(list(reversed(added)) + path))
        # GitHub runs a bash step as: bash --noprofile --norc -eo pipefail {0}
        p = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                           cwd=work, env=full_env, capture_output=True, text=True, timeout=120)
        out_text += p.stdout + p.stderr
        if "id" in step:
            step_outputs[step["id"]] = dict(line.split("=", 1) for line in read(files["output"]).splitlines()
                                            if "=" in line)
        if p.returncode != 0:
            rc = p.returncode
            break
    outs = {k: github_expr(str(v["value"]), inputs, step_outputs) for k, v in action.get("outputs", {}).items()}
    return rc, outs, read(files["summary"]), tmp, out_text, calls(log)


def test_action():
    with open(os.path.join(ROOT, "action.yml")) as f:
        action = yaml.safe_load(f)
    check(action["runs"]["using"] == "composite", "action.yml is a composite action")

    rc, outs, summary, tmp, out, log = run_action(action, {"require": "mem>=1M,cpus>=1"})
    check(rc == 0 and outs.get("met") == "true", "action: requirements met: step passes, met=true",
          f"rc={rc} outputs={outs}\n{out}")
    check("preflight" in summary and "met" in summary, "action: github format writes the step summary", summary + out)
    check("apt-get install" in log and all(p in log for p in ("libkmod-dev", "libudev-dev", "libpci-dev")),
          "action: installs the build dependencies", log)
    with open(os.path.join(ROOT, "debian", "control")) as f:
        control = f.read()
    wanted = [line.split("--no-install-recommends", 1)[1] for line in log.splitlines()
              if line.startswith("apt-get install") and "--no-install-recommends" in line]
    pkgs = set(" ".join(wanted).split()) - {"make", "gcc", "pkg-config"}
    check(pkgs and all(p in control for p in pkgs), "action: every library it installs is a Build-Depends of debian/control",
          f"installs {sorted(pkgs)}")
    check(re.search(r"make -C " + re.escape(ROOT) + r" .*BUILD=\S*runner-temp", log) is not None,
          "action: builds from the action's own checkout into RUNNER_TEMP", log)
    shutil.rmtree(tmp)

    rc, outs, summary, tmp, out, _ = run_action(action, {"require": "mem>=100000T"})
    check(rc == 1 and outs.get("met") == "false", "action: unmet requirement fails the step (exit 1), met=false",
          f"rc={rc} outputs={outs}\n{out}")
    check("::error" in out, "action: an unmet requirement is a GitHub annotation", out)
    shutil.rmtree(tmp)

    rc, outs, _, tmp, out, _ = run_action(action, {"require": "mem>=100000T", "fail-on-unmet": "false"})
    check(rc == 0 and outs.get("met") == "false", "action: fail-on-unmet false: step passes, met=false",
          f"rc={rc} outputs={outs}\n{out}")
    shutil.rmtree(tmp)

    rc, outs, summary, tmp, out, _ = run_action(
        action, {"require": "mem>=1M", "format": "junit", "output": "preflight.xml"})
    junit = os.path.join(tmp, "workspace", "preflight.xml")
    try:
        doc = xml.dom.minidom.parse(junit)
        ok = doc.documentElement.tagName in ("testsuites", "testsuite")
    except Exception as e:  # noqa: BLE001 - any parse failure is the finding
        ok, out = False, out + f"\n{junit}: {e}"
    check(rc == 0 and ok, "action: format junit with output writes a JUnit file", out)
    check("exit 0" in summary, "action: a format other than github still writes a summary line", summary)
    shutil.rmtree(tmp)

    rc, outs, _, tmp, out, _ = run_action(action, {"require": "no-such-requirement", "fail-on-unmet": "false"})
    check(rc >= 2, "action: a usage error fails the step even with fail-on-unmet false", f"rc={rc}\n{out}")
    shutil.rmtree(tmp)


# ---- GitLab CI ----

def gitlab_expand(value, variables):
    return re.sub(r"\$(\w+)|\$\{(\w+)\}", lambda m: variables.get(m.group(1) or m.group(2), m.group(0)), value)


def run_gitlab(job, overrides):
    tmp = tempfile.mkdtemp(prefix="vc-gitlab-")
    bindir, log = stand_ins(tmp)
    project = os.path.join(tmp, "project")
    os.makedirs(project)
    predefined = {"CI_PROJECT_DIR": project, "CI_SERVER_URL": "https://gitlab.example", "GITLAB_CI": "true",
                  "CI": "true"}
    variables = dict(predefined)
    for k, v in {**job.get("variables", {}), **overrides}.items():
        variables[k] = gitlab_expand(str(v), variables)
    # each script entry is one command line; the job fails at the first that fails
    script = "set -eo pipefail\n" + "\n".join(job["script"]) + "\n"
    env = dict(os.environ, **variables, VC_BIN=VC_BIN, VC_CALLS=log, PATH=bindir + ":" + os.environ["PATH"])
    p = subprocess.run(["bash", "--noprofile", "--norc", "-c", script], cwd=project, env=env,
                       capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout + p.stderr, tmp, project, calls(log)


def test_gitlab():
    with open(os.path.join(ROOT, "virtcheck.gitlab-ci.yml")) as f:
        tpl = yaml.safe_load(f)
    job = tpl.get(".virtcheck-preflight")
    check(job is not None, "gitlab: the template defines .virtcheck-preflight")
    if job is None:
        return
    report = job.get("artifacts", {}).get("reports", {}).get("junit")
    check(job.get("artifacts", {}).get("when") == "always" and report,
          "gitlab: the JUnit report is kept even when the job fails")

    rc, out, tmp, project, log = run_gitlab(job, {"VIRTCHECK_REQUIRE": "mem>=1M"})
    check(rc == 0, "gitlab: requirements met: job passes", f"rc={rc}\n{out}")
    try:
        doc = xml.dom.minidom.parse(os.path.join(project, report))
        ok = doc.documentElement.tagName in ("testsuites", "testsuite")
    except Exception as e:  # noqa: BLE001
        ok, out = False, out + f"\n{e}"
    check(ok, "gitlab: the job writes its JUnit report where artifacts:reports:junit looks", out)
    clones = [c for c in log.splitlines() if c.startswith("git clone")]
    check(clones and all(c.split()[-1].startswith(project + "/") for c in clones),
          "gitlab: the checkout lives in the job's project directory, not a shared /tmp", log)
    shutil.rmtree(tmp)

    rc, out, tmp, project, _ = run_gitlab(job, {"VIRTCHECK_REQUIRE": "mem>=100000T"})
    check(rc == 1 and os.path.exists(os.path.join(project, report)),
          "gitlab: unmet requirement fails the job (exit 1), the JUnit report is still written", f"rc={rc}\n{out}")
    check("unmet" in out or "mem" in out, "gitlab: a failed job's log says what is unmet", out)
    shutil.rmtree(tmp)


def main():
    try:
        test_action()
    except Exception as e:  # noqa: BLE001 - a broken template is a failure, not a crash
        check(False, f"action.yml: {e}")
    try:
        test_gitlab()
    except Exception as e:  # noqa: BLE001
        check(False, f"virtcheck.gitlab-ci.yml: {e}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
