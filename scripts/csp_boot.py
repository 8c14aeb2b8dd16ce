#!/usr/bin/env python3
"""Trunk post-build hook: lets the page start under its strict Content-Security-Policy.

connect-src 'none' forbids fetch(), which trunk's loader uses to get the .wasm file, and
script-src 'self' forbids an inline start-up script. So Trunk.toml tells trunk what to write
instead (`pattern_script`: one same-origin module script named after the .wasm file, plus `.js`;
`pattern_preload`: a modulepreload of the glue, no preload of the .wasm), and this hook writes
that file: the start-up code, then the module embedded as one character per byte. Nothing of
trunk's output is parsed; the hook checks what it relies on and says plainly what is missing.

gzip sees the module's own byte patterns; the bytes are first renamed by frequency so that the
124 commonest become one-byte ASCII in the UTF-8 file, which makes the embedding cost 3% more
than the bare .wasm (5% without the renaming; base64 would cost 30%).
"""
import os
import pathlib
import re
import sys


def fail(message):
    sys.exit(f"csp_boot: {message}")


staging = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR", "dist"))
html_path = staging / "index.html"
if not html_path.is_file():
    fail(f"{html_path} is missing: run this as trunk's post_build hook (see Trunk.toml)")

wasm_files = sorted(staging.glob("*_bg.wasm"))
if len(wasm_files) != 1:
    names = ", ".join(p.name for p in wasm_files) or "none"
    fail(f"expected exactly one *_bg.wasm file in {staging}, found {names}")
wasm_path = wasm_files[0]
# wasm-bindgen names its glue after the module: NAME_bg.wasm goes with NAME.js.
glue_name = wasm_path.name.removesuffix("_bg.wasm") + ".js"
if not (staging / glue_name).is_file():
    fail(f"the wasm-bindgen glue {glue_name} is missing next to {wasm_path.name}")
# The file Trunk.toml's pattern_script loads: "{base}{wasm}.js".
start_name = wasm_path.name + ".js"

html = html_path.read_text(encoding="utf-8")
if f'{start_name}"' not in html:
    fail(
        f"index.html does not load {start_name}: Trunk.toml's [build] pattern_script must be "
        '<script type="module" src="{base}{wasm}.js"></script>'
    )
inline = [tag for tag in re.findall(r"<script\b[^>]*>", html) if "src=" not in tag]
if inline:
    fail(f"index.html has an inline script, which the CSP forbids: {inline[0]}")
if ".wasm\"" in html:
    fail("index.html still names the .wasm file (a preload?): Trunk.toml's pattern_preload must not")

wasm = wasm_path.read_bytes()
# Code points 0-255 stand for the bytes; only what a string literal cannot hold is escaped.
ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r"}
# Commonest bytes first onto code points that UTF-8 writes in one byte and that need no escape.
counts = [0] * 256
for b in wasm:
    counts[b] += 1
by_frequency = sorted(range(256), key=lambda b: (-counts[b], b))
plain = [c for c in range(128) if c not in ESCAPES]
code_points = plain + [c for c in range(128) if c in ESCAPES] + list(range(128, 256))
code_point_of = dict(zip(by_frequency, code_points))
byte_at = [0] * 256  # byte_at[code point] = the byte it stands for
for b, c in code_point_of.items():
    byte_at[c] = b
if sorted(byte_at) != list(range(256)):
    fail("internal error: the byte renaming is not a permutation")
# Character code c of `encoded` stands for byte table[c]; the last three lines decode and start.
literal = bytes(code_point_of[b] for b in wasm).decode("latin-1").translate(ESCAPES)
table = bytes(byte_at).decode("latin-1").translate(ESCAPES)
(staging / start_name).write_text(
    "// GuestLens start-up: the module embedded so no fetch() is needed; see scripts/csp_boot.py.\n"
    f"import init from './{glue_name}';\n"
    f'const table = "{table}";\n'
    f'const encoded = "{literal}";\n'
    "const bytes = new Uint8Array(encoded.length);\n"
    "for (let i = 0; i < encoded.length; i++) bytes[i] = table.charCodeAt(encoded.charCodeAt(i));\n"
    "await init({ module_or_path: bytes });\n",
    encoding="utf-8",
)
wasm_path.unlink()
print(f"csp_boot: embedded {wasm_path.name} ({len(wasm)} bytes) in {start_name}")
