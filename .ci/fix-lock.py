#!/usr/bin/env python3
"""Adds lock entries for msgpackr's platform-only optional binaries that the package registry
reachable here does not serve. npm skips them on Linux without fetching; without the entries
`npm ci` refuses a lock it thinks incomplete. Run after `npm install` changes the lock."""
import json

path = "package-lock.json"
lock = json.load(open(path))
pkgs = lock["packages"]
version = pkgs.get("node_modules/msgpackr-extract", {}).get("version")
if version:
    for name, os_, cpu in [("darwin-arm64", "darwin", "arm64"), ("darwin-x64", "darwin", "x64"), ("linux-arm", "linux", "arm"), ("win32-x64", "win32", "x64")]:
        pkgs.setdefault(f"node_modules/@msgpackr-extract/msgpackr-extract-{name}", {"version": version, "cpu": [cpu], "license": "MIT", "optional": True, "os": [os_]})
    lock["packages"] = dict(sorted(pkgs.items(), key=lambda kv: (kv[0] != "", kv[0])))
    with open(path, "w") as f:
        json.dump(lock, f, indent=2)
        f.write("\n")
