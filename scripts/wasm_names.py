"""Gives the module's imports and its closure exports short names, in the module and the glue.

wasm-bindgen names each import after the JavaScript it calls plus a 16-digit hash
(`__wbg_createElement_8c9931a732ee2fea`) and each closure entry point after its Rust path plus
another (`wasm_bindgen__convert__closures_____invoke__h24a6...`); every name is written in the
module and in the glue, and the hashes do not compress. Renamed `a`, `b`, ... and `$a`, `$b`, ...
(the import module `./NAME_bg.js` renamed `w`), the first load is lighter (docs/SIZE.md).
Nothing else changes: the glue's other names, the module's code and every export the glue does
not call by one of these names stay as they are. The hook refuses to rename when a name is not
where it expects it, so a new wasm-bindgen cannot silently break the page.
"""

import re

from wasm_streams import UnknownCode, _section, _sections, _uint, _write_uint


def _short(n):
    """a..z, then A..Z, then two letters: names no wasm-bindgen import or export takes."""
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    name = ""
    while True:
        name = letters[n % 52] + name
        n = n // 52 - 1
        if n < 0:
            return name


def _name(data, at):
    length, at = _uint(data, at)
    return data[at:at + length].decode("utf-8"), at + length


def _vector_name(name):
    raw = name.encode("utf-8")
    return _write_uint(len(raw)) + raw


def rename(module, glue):
    """The module and the glue with short import and closure export names."""
    sections = {s[0]: s for s in _sections(module)}
    if 2 not in sections or 7 not in sections:
        raise UnknownCode("the module has no import or no export section")
    _, imports_at, at, imports_end = sections[2]
    count, at = _uint(module, at)
    entries, renamed = bytearray(_write_uint(count)), {}
    # wasm-bindgen imports everything from one module, the glue: `./NAME_bg.js`.
    import_module = _name(module, at)[0] if count else ""
    for _ in range(count):
        owner, at = _name(module, at)
        name, at = _name(module, at)
        if owner != import_module or module[at] != 0:
            raise UnknownCode(f"import {owner}.{name} is not a function of {import_module}")
        kind_end = _uint(module, at + 1)[1]
        new = renamed.setdefault(name, _short(len(renamed)))
        entries += _vector_name("w") + _vector_name(new) + module[at:kind_end]
        at = kind_end
    if at != imports_end:
        raise UnknownCode("the import section holds more than its imports")
    _, exports_at, at, exports_end = sections[7]
    count, at = _uint(module, at)
    exports, exported = bytearray(_write_uint(count)), {}
    for n in range(count):
        name, at = _name(module, at)
        kind_end = _uint(module, at + 1)[1]
        if "__invoke__h" in name:
            name = exported.setdefault(name, "$" + _short(n))
        exports += _vector_name(name) + module[at:kind_end]
        at = kind_end

    # Sections 2 and 7 have others between them (function, table, memory, global).
    module = (module[:imports_at] + _section(2, entries) + module[imports_end:exports_at]
              + _section(7, exports) + module[exports_end:])

    quoted = f'"{import_module}": '
    if glue.count(quoted) != 1:
        raise UnknownCode(f"the glue names the import module {import_module} {glue.count(quoted)} times, not once")
    glue = glue.replace(quoted, '"w": ')
    for old, new in renamed.items():
        key = re.compile(r"(?<![\w$])" + re.escape(old) + r"(?=: function\b)")
        if len(key.findall(glue)) != 1 or glue.count(old) != 1:
            raise UnknownCode(f"the glue does not define import {old} exactly once")
        glue = key.sub(new, glue)
    # The glue calls each closure export through a JavaScript function of the same name.
    for old, new in exported.items():
        word = re.compile(r"(?<![\w$])" + re.escape(old) + r"(?![\w$])")
        taken = re.search(r"(?<![\w$])" + re.escape(new) + r"(?![\w$])", glue)
        if len(word.findall(glue)) != glue.count(old) or f"wasm.{old}(" not in glue or taken:
            raise UnknownCode(f"the glue names export {old} other than as a whole word, or never calls it")
        glue = word.sub(new, glue)
    return module, glue
