"""The README's examples, run: every `$ dejure ...` line in a sh block
that is followed by its output is run (DEJURE_TODAY fixed to the day the
README's figures are of) and its standard output compared line for line,
so that the figures quoted there cannot drift from the data. Commands
that need files of their own (an out/ folder, a redirection) are
skipped; their outputs are checked by the CLI tests."""
import os, re, subprocess, sys

dejure, readme = sys.argv[1], sys.argv[2]
env = dict(os.environ, DEJURE_TODAY="2026-11-26",
           PATH=os.path.dirname(os.path.abspath(dejure)) + ":" + os.environ["PATH"])
text = open(readme, encoding="utf-8").read()
checked = failed = 0
for block in re.findall(r"```sh\n(.*?)```", text, re.S):
    lines = block.split("\n")
    i = 0
    while i < len(lines):
        if not lines[i].startswith("$ dejure"):
            i += 1
            continue
        cmd = lines[i][2:].split("  #")[0]
        want = []
        i += 1
        while i < len(lines) and lines[i] and not lines[i].startswith("$ "):
            want.append(lines[i])
            i += 1
        if not want or "out/" in cmd or ">" in cmd:
            continue
        got = subprocess.run(cmd, shell=True, capture_output=True, text=True,
                             env=env).stdout.rstrip("\n").split("\n")
        checked += 1
        if got != want:
            failed += 1
            print(f"README example differs: {cmd}\n  README: {want}\n  dejure: {got}")
print(f"{checked} README examples run, {failed} differ")
sys.exit(1 if failed or checked < 5 else 0)
