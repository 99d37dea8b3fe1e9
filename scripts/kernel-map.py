#!/usr/bin/env python3
"""Prints the generated table of docs/kernel-map.md from the "Mirrors fn" doc comments in the code."""
import re, glob, sys

def rows():
    found = {}
    files = [p for d in ("protocol", "actors", "nic-io") for p in glob.glob(f"{d}/**/*.cs", recursive=True)
             if "/obj/" not in p and "/bin/" not in p]
    for path in sorted(files):
        lines = open(path, encoding="utf-8").read().split("\n")
        outer = None
        doc = []
        for line in lines:
            s = line.strip()
            decl = re.match(r"(public|internal)\s+(?:sealed |static |abstract |readonly |partial |ref |record )*(class|struct|record|enum|interface) (\w+)", s)
            if s.startswith("///"):
                doc.append(s[3:])
                continue
            if doc:
                text = " ".join(doc)
                if decl:
                    member = decl.group(3)
                else:
                    m = re.search(r"(\w+)\s*(?:\(|\{|=>|=|;)", s)
                    member = f"{outer}.{m.group(1)}" if m and outer else (m.group(1) if m else "?")
                for group in re.findall(r"[Mm]irrors ((?:<c>)?[a-z_0-9]+(?:</c>)?(?:(?:, | and | / |/| or )(?:<c>)?[a-z_0-9]+(?:</c>)?)*)", text):
                    for fn in re.split(r", | and | / |/| or ", group):
                        fn = fn.replace("<c>", "").replace("</c>", "")
                        if "_" in fn:
                            found.setdefault(fn, set()).add((member, path))
                doc = []
            if decl and outer is None:
                outer = decl.group(3)
    for fn in sorted(found):
        for member, path in sorted(found[fn]):
            yield f"| `{fn}` | `{member}` | `{path}` |"

if __name__ == "__main__":
    print("\n".join(rows()))
