#!/usr/bin/env python3
"""Trunk post-build hook: lets the page start under its strict Content-Security-Policy.

connect-src 'none' forbids fetch(), which trunk's loader uses to get the .wasm file, and
script-src 'self' forbids an inline start-up script. So Trunk.toml tells trunk what to write
instead (`pattern_script`: a low-priority preload of one same-origin module script named after
the .wasm file, plus `.js`, which crates/web/early.js runs once the static front door is painted;
`pattern_preload`: a modulepreload of the glue, no preload of the .wasm), and this hook writes
that file: the start-up code with the module embedded, packed as below. Nothing of
trunk's output is parsed; the hook checks what it relies on and says plainly what is missing.

The module's code is first split into streams of like values (scripts/wasm_streams.py: all
opcodes, then all local indices, ...; 9% smaller under LZMA), then embedded as a raw LZMA stream
(Python's lzma, preset 9e), base64-encoded. The page has no LZMA decoder of its own
(DecompressionStream knows only deflate and gzip), so crates/unpack, our decoder and joiner, is
built here as a small module of its own and embedded beside the stream (raw deflate, base64),
with crates/web/unpack.js to drive it. base64 of compressed bytes uses 64 characters about
equally often, so the server's gzip codes each in 6 bits and gets back almost exactly the
compressed size (docs/SIZE.md has the figures).

It also writes the offline edition, dist/guestlens-offline.html: the same page in one file
(styles, icon, early front door script, glue, start-up and module inline) that works opened from
disk. A module script loaded by URL cannot be imported from file://, so the glue and the start-up
become one inline module script, allowed by its SHA-256 in the file's CSP, which is
otherwise the page's own policy without 'self' (so connect-src stays 'none'). Its SHA-256 goes
to guestlens-offline.html.sha256 and into the page's "Download for offline use" line.

So that the page paints after one response, the stylesheet and the early front door's script
(crates/web/early.js, which keeps what is given to index.html's static front door until the app
starts) are written into index.html, each allowed by its SHA-256 in the page's CSP.
"""
import base64
import collections
import hashlib
import lzma
import os
import pathlib
import re
import subprocess
import sys
import zlib

import wasm_names
import wasm_parts
import wasm_streams


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
        '<link rel="modulepreload" href="{base}{wasm}.js" fetchpriority="low" data-start>'
    )
inline = [tag for tag in re.findall(r"<script\b[^>]*>", html) if "src=" not in tag]
if inline:
    fail(f"index.html has an inline script, which the CSP forbids: {inline[0]}")
if ".wasm\"" in html:
    fail("index.html still names the .wasm file (a preload?): Trunk.toml's pattern_preload must not")

# The early front door's script (crates/web/early.js, which trunk copies next to index.html).
EARLY_TAG = '<script src="early.js"></script>'
early_path = staging / "early.js"
if html.count(EARLY_TAG) != 1 or not early_path.is_file():
    fail(f"index.html must hold {EARLY_TAG} once and trunk must copy crates/web/early.js next to it")


def compact_js(text, what):
    """The script without indentation and full-line // comments (1 KB gzip off the glue, 0.5 KB
    off the early script). Safe only where no string or template spans lines, which is checked.
    Every script compacted here ends up inside an HTML <script> element somewhere, so it must not
    hold what would end or break one."""
    lines = text.splitlines()
    if any(line.rstrip().endswith("\\") or line.count("`") % 2 for line in lines):
        fail(f"{what} has a string or template literal that spans lines: it cannot be compacted safely")
    if re.search(r"</script|<!--", text, re.I):
        fail(f"{what} contains </script or <!--, which would end or break it inline")
    kept = (line.strip() for line in lines)
    return "\n".join(line for line in kept if line and not line.startswith("//")) + "\n"


def compact_css(text, what):
    """The stylesheet without comments, indentation and spaces CSS does not need (0.9 KB gzip)."""
    if any("/*" in q or "*/" in q for q in re.findall(r"\"[^\"\n]*\"|'[^'\n]*'", text)):
        fail(f"{what} has /* or */ inside a quoted string, which comment stripping would break")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    # Outside quoted strings: runs of white space become one space, and none is kept around
    # { } ; , > or after a colon (a colon followed by a space is never a selector's), nor before
    # a closing brace's semicolon (0.2 KB gzip more). Spaces before a colon stay: "a :hover" is
    # not "a:hover".
    parts = re.split(r"(\"[^\"\n]*\"|'[^'\n]*')", text)
    for i in range(0, len(parts), 2):
        bare = re.sub(r"\s+", " ", parts[i])
        bare = re.sub(r" ?([{};,>]) ?", r"\1", bare)
        parts[i] = re.sub(r": ", ":", bare).replace(";}", "}")
    # Custom properties get one-letter names, the most used first (0.1 KB gzip): nothing but the
    # stylesheet names them. Each is followed by ":" where it is set and ")" where it is read.
    prop = r"--[\w-]+(?=[:)])"
    used = {}
    for name in re.findall(prop, "".join(parts[0::2])):
        used[name] = used.get(name, 0) + 1
    if len(used) > 26 or re.search(r"--[\w-]+(?![\w:)-])", "".join(parts[0::2])):
        fail(f"{what}: a custom property is used other than as --name: or var(--name): add letters here")
    ranked = sorted(used, key=lambda n: -used[n])
    short = {name: "--" + chr(ord("a") + i) for i, name in enumerate(ranked)}
    for i in range(0, len(parts), 2):
        parts[i] = re.sub(prop, lambda m: short[m.group(0)], parts[i])
    return "".join(parts).strip() + "\n"


early_js = compact_js(early_path.read_text(encoding="utf-8"), "early.js")

WASM_OPT_FEATURES = ["--enable-bulk-memory", "--enable-sign-ext", "--enable-mutable-globals",
                     "--enable-nontrapping-float-to-int"]
# The page module's optimisation (index.html turns trunk's off: trunk puts its own -O2 before any
# parameter, so the split points would be inlined before --no-inline could mark them).
# --debuginfo keeps the names the split reads; they are dropped with the split.
GATES = "guestlens_web::part::gated::"
PAGE_OPT = ["--no-inline=" + GATES + "*", "-O2", "--merge-similar-functions", "--converge",
            "--zero-filled-memory", "--low-memory-unused", "--strip-producers",
            "--strip-target-features", *WASM_OPT_FEATURES, "--enable-reference-types",
            "--enable-multivalue", "--reorder-functions-by-name", "--debuginfo"]


def wasm_opt(args, what):
    """Runs wasm-opt; its output."""
    try:
        run = subprocess.run(["wasm-opt", *args], capture_output=True, text=True)
    except FileNotFoundError:
        fail("wasm-opt is not on PATH: scripts/setup.sh installs it (binaryen 132 from npm)")
    if run.returncode != 0:
        fail(f"wasm-opt failed on {what}:\n{run.stderr.strip()}")
    return run.stdout


def gate_names():
    """The split points crates/web/src/part.rs declares: every `pub fn` of its `gated` module."""
    path = pathlib.Path(__file__).resolve().parent.parent / "crates" / "web" / "src" / "part.rs"
    text = path.read_text(encoding="utf-8")
    if "pub mod gated {" not in text:
        fail(f"{path} has no `pub mod gated`: the split points are declared there")
    return set(re.findall(r"pub fn (\w+)", text.split("pub mod gated {", 1)[1]))


part = None
if os.environ.get("TRUNK_PROFILE") == "release":
    version = wasm_opt(["--version"], "its version")
    if "version_132" not in version:
        fail(f"wasm-opt must be binaryen version_132 (the size figures are measured with it), found: {version.strip()}")
    optimised = staging / "guestlens_page.opt.wasm"
    wasm_opt([*PAGE_OPT, str(wasm_path), "-o", str(optimised)], wasm_path.name)
    named = optimised.read_bytes()
    optimised.unlink()
    try:
        wasm, part, gates = wasm_parts.split(named, (GATES,))
    except (wasm_parts.UnknownCode, IndexError, UnicodeDecodeError) as e:
        fail(f"cannot split the module into its first load and its part: {e}")
    # A split point's own function, `gated::NAME::h<hash>`, not a closure inside it.
    found = {m.group(1) for g in gates if (m := re.fullmatch(re.escape(GATES) + r"(\w+)::h[0-9a-f]{16}", g))}
    missing = gate_names() - found
    if part is None or missing:
        fail("these split points of crates/web/src/part.rs are missing from the module (inlined, or "
             f"not called): {', '.join(sorted(missing)) or 'all'}")
else:
    wasm = wasm_path.read_bytes()
glue = compact_js((staging / glue_name).read_text(encoding="utf-8"), glue_name)
try:
    wasm, glue = wasm_names.rename(wasm, glue)
except (wasm_names.UnknownCode, IndexError, UnicodeDecodeError) as e:
    fail(f"cannot give the module's imports short names: {e}")
(staging / glue_name).write_text(glue, encoding="utf-8")


# LZMA's literal context: 2 high bits of the previous byte, no position bits (wasm has no
# alignment to speak of). Measured on the split module: 0.4-0.7% smaller than 4, 0, 0 or 3, 0, 0.
LC, LP, PB = 2, 0, 0
FILTERS = [{"id": lzma.FILTER_LZMA1, "preset": 9 | lzma.PRESET_EXTREME,
            "lc": LC, "lp": LP, "pb": PB, "dict_size": 1 << 22}]
# Bytes of the stream the start-up keeps beyond what liblzma needed to decode its module: our
# decoder reads each byte one bit earlier than liblzma, and the last symbol may run past the
# module's end. (crates/unpack refuses to go past them rather than decode zeros.)
SPARE = 16
# The stream's rest, for the part's file: base64, the part's layout, and the room the start-up
# keeps for it (the rest's bytes, the part's payload, the part's module).
Rest = collections.namedtuple("Rest", "literal layout room")


def payload_of(data):
    """The module's code split into streams (scripts/wasm_streams.py), and the streams' layout."""
    try:
        payload, layout = wasm_streams.split(data)
        if wasm_streams.join(payload, layout) != data:
            fail("the module's code streams do not join back into the module")
    except (wasm_streams.UnknownCode, IndexError) as e:
        fail(f"cannot split the module's code into streams: {e}")
    return payload, layout


def b64(data):
    """Only A-Z, a-z, 0-9, + / and = appear, so the literal needs no escape in a string or in an
    HTML <script> element."""
    return base64.b64encode(data).decode("ascii")


def packed(first, second=None):
    """The modules' payloads as one raw LZMA stream, cut where the first module's payload has
    been decoded: the second's piece then finds its repeats in the first's payload too (2.6 KB
    less than two streams, measured 2026-11-27). Returns the first piece's base64 and layout, and
    the rest as `Rest` (None without a second module)."""
    p1, layout1 = payload_of(first)
    p2, layout2 = payload_of(second) if second is not None else (b"", None)
    both = p1 + p2
    stream = lzma.compress(both, format=lzma.FORMAT_RAW, filters=FILTERS)
    if lzma.decompress(stream, format=lzma.FORMAT_RAW, filters=FILTERS)[: len(both)] != both:
        fail("the LZMA stream does not decode back to the modules")
    if second is None:
        return b64(stream), layout1, None

    def enough(cut):
        d = lzma.LZMADecompressor(format=lzma.FORMAT_RAW, filters=FILTERS)
        return d.decompress(stream[:cut], max_length=len(p1)) == p1

    # The shortest piece liblzma decodes the first payload from (it holds back no output).
    low, high = 1, len(stream)
    while low < high:
        mid = (low + high) // 2
        if enough(mid):
            high = mid
        else:
            low = mid + 1
    cut = min(low + SPARE, len(stream))
    return b64(stream[:cut]), layout1, Rest(b64(stream[cut:]), layout2, [len(stream) - cut, len(p2), layout2[0]])


def decoder():
    """crates/web/unpack.js as embedded, compacted as the other scripts are."""
    path = pathlib.Path(__file__).resolve().parent.parent / "crates" / "web" / "unpack.js"
    if not path.is_file():
        fail(f"{path} is missing: the start-up embeds it to unpack the module")
    code = compact_js(path.read_text(encoding="utf-8"), path.name)
    if not code.startswith("async function unpackModule("):
        fail(f"{path} must start with async function unpackModule(: the start-up calls it by that name")
    return code


def unpacker():
    """crates/unpack built as its own small module, optimised, as base64 of raw deflate (the page
    inflates it with DecompressionStream)."""
    root = pathlib.Path(__file__).resolve().parent.parent
    build = ["cargo", "build", "--quiet", "--release", "--locked", "--offline",
             "--target", "wasm32-unknown-unknown", "-p", "guestlens-unpack"]
    run = subprocess.run(build, cwd=root, capture_output=True, text=True)
    if run.returncode != 0:
        fail(f"building the unpacker failed ({' '.join(build)}):\n{run.stderr.strip()}")
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR") or root / "target")
    built = target / "wasm32-unknown-unknown" / "release" / "guestlens_unpack.wasm"
    if not built.is_file():
        fail(f"the unpacker was built but {built} is missing")
    optimised = staging / "guestlens_unpack.opt.wasm"
    wasm_opt(["-Oz", "--strip-debug", "--strip-producers", "--strip-target-features",
              *WASM_OPT_FEATURES, str(built), "-o", str(optimised)], "the unpacker")
    data = optimised.read_bytes()
    optimised.unlink()
    packer = zlib.compressobj(9, zlib.DEFLATED, -15, 9)
    deflated = packer.compress(data) + packer.flush()
    return base64.b64encode(deflated).decode("ascii")


# The start-up's own lines after the literals: a stream of the unpacked module's slices, which
# the glue's init compiles as they come (WebAssembly.instantiateStreaming on a Response made
# here: no connection).
def unpack(literal_name, bytes_name):
    # With a part, the stream goes on in its file: room for it, and the function that unpacks it.
    more = "" if rest is None else f", {rest.room}"
    return (
        f"const {bytes_name} = new Response(new ReadableStream({{ async start(c) {{\n"
        f"  const rest = await unpackModule({literal_name}Unpacker, {literal_name}, {layout}, {LC}, {LP}, {PB},\n"
        f"    (slice) => c.enqueue(slice){more});\n"
        + ("" if rest is None else "  guestlensRest = rest;\n")
        + "  c.close();\n"
        '} }), { headers: { "Content-Type": "application/wasm" } });\n'
    )


def part_loader(part_source):
    """`window.guestlensPart()`, which crates/web/src/part.rs calls the first time the page needs
    the analysis part: it gets the part's stream (`part_source`, an expression giving
    `{ packed, layout }`: the rest of the module's stream), unpacks it with the decoder that
    unpacked the module (`guestlensRest`), and instantiates it against the started module's
    exports, which fills the module's reserved table slots (scripts/wasm_parts.py). Defined
    before the module starts, as the module may ask for the part while it starts. A failed load
    is forgotten, so the next call tries again; once the part runs, the decoder is let go."""
    if part is None:
        return ""
    return (
        "let guestlensStarted;\n"
        "const guestlensExports = new Promise((resolve) => { guestlensStarted = resolve; });\n"
        "let guestlensPartLoad, guestlensPartTries = 0, guestlensRest;\n"
        "window.guestlensPart = () => guestlensPartLoad ??= (async () => {\n"
        "  const exports = await guestlensExports;\n"
        "  const tries = guestlensPartTries++;\n"
        f"  const {{ packed, layout }} = await {part_source};\n"
        "  const slices = [];\n"
        "  await guestlensRest(packed, layout, (s) => slices.push(s));\n"
        "  await WebAssembly.instantiate(await new Blob(slices).arrayBuffer(), { p: exports });\n"
        "  guestlensRest = undefined;\n"
        "})().catch((e) => { guestlensPartLoad = undefined; throw e; });\n"
    )


def started(literal_name, bytes_name, init_name):
    """Unpacks and starts the module; if that fails (a browser without WebAssembly, or a damaged
    file), the static front door or loading line says so instead of waiting."""
    call = f"await {init_name}({{ module_or_path: {bytes_name} }})"
    return (
        "try {\n"
        + unpack(literal_name, bytes_name)
        + (f"guestlensStarted({call});\n" if part is not None else f"{call};\n")
        + "} catch (e) {\n"
        '  for (const id of ["early-status", "early-loading"]) {\n'
        "    const el = document.getElementById(id);\n"
        "    if (!el) continue;\n"
        '    el.className = "notice error";\n'
        '    el.setAttribute("role", "alert");\n'
        '    el.textContent = "GuestLens could not start in this browser (" + e + "). It needs WebAssembly: "\n'
        '      + "a current Chrome, Edge, Firefox or Safari. Nothing you gave it has left the page.";\n'
        "  }\n"
        "  throw e;\n"
        "}\n"
    )


literal, layout, rest = packed(wasm, part)
unpack_js = decoder()
unpacker_literal = unpacker()
part_name = None
if part is not None:
    # The rest of the stream, as a module of its own named after its content and the piece it
    # continues (a start-up never meets the rest of another build's stream in a cache).
    part_js = f'export const packed = "{rest.literal}";\nexport const layout = {rest.layout};\n'
    part_name = f"guestlens-part-{hashlib.sha256((literal + part_js).encode()).hexdigest()[:16]}.js"
    (staging / part_name).write_text(part_js, encoding="utf-8")
(staging / start_name).write_text(
    "// GuestLens start-up: the module embedded so no fetch() is needed; see scripts/csp_boot.py.\n"
    f"import init from './{glue_name}';\n"
    f'const packed = "{literal}";\n'
    f'const packedUnpacker = "{unpacker_literal}";\n'
    + unpack_js
    # A failed import stays failed for its URL: a retry asks for it under another.
    + part_loader(f'import("./{part_name}" + (tries ? "?" + tries : ""))')
    + started("packed", "bytes", "init"),
    encoding="utf-8",
)


def sha256_source(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def replace_once(text, pattern, replacement, what):
    found = re.findall(pattern, text)
    if len(found) != 1:
        fail(f"expected exactly one {what} in index.html, found {len(found)}")
    return re.sub(pattern, lambda _: replacement, text)


def staged_file(tag, what):
    """The staged file a <link href> names (trunk writes every asset next to index.html)."""
    href = re.search(r'href="([^"]+)"', tag)
    path = staging / href.group(1).rsplit("/", 1)[-1] if href else None
    if path is None or not path.is_file():
        fail(f"the {what} that index.html links to is not in {staging}: {tag}")
    return path


def with_policy(page, change):
    """The page with its Content-Security-Policy rewritten: `change(name, sources)` gives each
    directive's new sources ('none' when nothing is left)."""
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    if not meta:
        fail("index.html has no Content-Security-Policy meta tag")
    directives = []
    for directive in filter(None, (d.strip() for d in meta.group(1).split(";"))):
        name, *sources = directive.split()
        sources = change(name, sources)
        if "'none'" in sources and len(sources) > 1:
            sources.remove("'none'")
        directives.append(" ".join([name] + (sources or ["'none'"])))
    csp = "; ".join(directives)
    return replace_once(page, r'<meta http-equiv="Content-Security-Policy" content="[^"]*">',
                        f'<meta http-equiv="Content-Security-Policy" content="{csp}">', "CSP meta tag")


def needs_self(name, sources):
    if "'self'" not in sources:
        fail(f"the page's {name} does not allow 'self', which this hook rewrites")


def first_paint_inline(page):
    """The page with what its first paint needs inline, so it paints after one response: the
    stylesheet (style-src becomes its hash alone) and the early front door's script (allowed by its
    hash beside 'self', which still loads the start-up and the glue)."""
    css_tag = re.search(r'<link rel="stylesheet"[^>]*>', page)
    if not css_tag:
        fail("index.html has no stylesheet link to inline")
    css_path = staged_file(css_tag.group(0), "stylesheet")
    css = compact_css(css_path.read_text(encoding="utf-8"), css_path.name)
    if re.search(r"</style|url\(", css, re.I):
        fail("the stylesheet contains </style or url(): it is inlined as is")

    def change(name, sources):
        if name == "script-src":
            needs_self(name, sources)
            return sources[:1] + [sha256_source(early_js)] + sources[1:]
        if name == "style-src":
            needs_self(name, sources)
            return [sha256_source(css)]
        return sources

    page = with_policy(page, change)
    page = replace_once(page, re.escape(css_tag.group(0)), f"<style>{css}</style>", "stylesheet link")
    page = replace_once(page, re.escape(EARLY_TAG), f"<script>{early_js}</script>", "early script")
    css_path.unlink()
    early_path.unlink()
    return page


def offline_edition(page):
    """The page as one file that works from disk; returns its HTML."""
    if re.search(r"^\s*import\b", glue, re.M) or "async function __wbg_init(" not in glue:
        fail(f"{glue_name} imports other files or has no __wbg_init: the offline edition inlines it as is")
    # The glue keeps its exports (harmless in an inline module); the start-up calls its init.
    script = (
        glue.rstrip("\n")
        + "\n// GuestLens offline start-up: the module embedded; see scripts/csp_boot.py.\n"
        + f'const guestlensPacked = "{literal}";\n'
        + f'const guestlensPackedUnpacker = "{unpacker_literal}";\n'
        + unpack_js
        + part_loader(f'{{ packed: "{rest.literal}", layout: {rest.layout} }}' if rest else "")
        + started("guestlensPacked", "guestlensBytes", "__wbg_init")
    )
    icon_tag = re.search(r'<link rel="icon"[^>]*>', page)
    if not icon_tag:
        fail("the offline edition needs index.html's icon link")
    icon = base64.b64encode(staged_file(icon_tag.group(0), "icon").read_bytes()).decode()

    # 'self' (a file:// page has no origin to speak of) becomes the start-up's hash in script-src
    # and is dropped elsewhere.
    def change(name, sources):
        if name == "script-src":
            needs_self(name, sources)
            return [sha256_source(script) if x == "'self'" else x for x in sources]
        return [x for x in sources if x != "'self'"]

    page = with_policy(page, change)
    # No <base>: from disk it would send relative links to file:///guestlens/.
    page = replace_once(page, r"[ \t]*<base [^>]*>\n?", "", "<base> tag")
    page = replace_once(page, re.escape(icon_tag.group(0)),
                        f'<link rel="icon" href="data:image/svg+xml;base64,{icon}">', "icon link")
    page = replace_once(page, r"<link rel=\"modulepreload\"(?![^>]*data-start)[^>]*>", "", "glue's modulepreload link")
    page = replace_once(page, r'<link rel="modulepreload" href="[^"]*" fetchpriority="low" data-start>',
                        f'<script type="module">{script}</script>', "start-up preload")
    page = replace_once(page, r'<p id="offline"[^>]*>.*?</p>',
                        '<p id="offline">This is the offline edition of GuestLens: one file that '
                        "works from disk with the network off.</p>", 'footer <p id="offline">')
    return page


def held_preloads(page):
    """The page with the start-up's and the glue's preloads and the icon's link held in a
    <template> before the early script, which adds them (crates/web/early.js): at once on a slow
    link, where their bytes arrive after the first paint anyway, and only after the first paint on
    a fast one, where fetching and parsing them (the icon is an SVG document of its own) would
    compete with that paint. Inside a <template> they fetch nothing. In the icon's place stays an
    empty data: icon until then: a page with no icon link makes the browser ask for /favicon.ico,
    which is not this page's file."""
    links = re.findall(r'<link rel="modulepreload"[^>]*>', page)
    if len(links) != 2 or sum("data-start" in link for link in links) != 1:
        fail(f"expected the glue's and the start-up's modulepreload links, found {links}")
    icons = re.findall(r'<link rel="icon"[^>]*>', page)
    if len(icons) != 1:
        fail(f"expected one icon link, found {icons}")
    page = replace_once(page, re.escape(icons[0]), '<link rel="icon" href="data:," id="guestlens-no-icon">', "icon link")
    for link in links:
        page = replace_once(page, r"[ \t]*" + re.escape(link) + r"\n?", "", "modulepreload link")
    early_tag = f"<script>{early_js}</script>"
    held = "".join(icons + links)
    return replace_once(page, re.escape(early_tag),
                        f'<template id="guestlens-start">{held}</template>\n  {early_tag}', "early script")


OFFLINE_NAME = "guestlens-offline.html"
PLACEHOLDER = "{{offline-sha256}}"
if html.count(PLACEHOLDER) != 1:
    fail(f'index.html must hold {PLACEHOLDER} once, in its footer <p id="offline"> (the offline file\'s hash)')
# index.html's comments are for its readers, not its visitors (0.16 KB gzip); nothing inline is
# in the page yet, so every <!-- here is a comment.
html = re.sub(r"[ \t]*<!--.*?-->[ \t]*\n?", "", html, flags=re.S)
html = first_paint_inline(html)
offline = offline_edition(html).encode("utf-8")
html = held_preloads(html)
offline_sum = hashlib.sha256(offline).hexdigest()
(staging / OFFLINE_NAME).write_bytes(offline)
(staging / (OFFLINE_NAME + ".sha256")).write_text(f"{offline_sum}  {OFFLINE_NAME}\n", encoding="utf-8")
html_path.write_text(html.replace(PLACEHOLDER, offline_sum), encoding="utf-8")

wasm_path.unlink()
print(f"csp_boot: embedded {wasm_path.name} ({len(wasm)} bytes) in {start_name}")
if part is not None:
    print(f"csp_boot: split {len(gates)} split points and what only they reach ({len(part)} bytes) into {part_name}")
print(f"csp_boot: wrote {OFFLINE_NAME} ({len(offline)} bytes, SHA-256 {offline_sum})")
