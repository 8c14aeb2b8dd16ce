"""Chooses which functions of the page's module move to its part, the code loaded on demand.

The part holds what only the split points reach: functions named in `GATES` (Rust functions
marked #[inline(never)], see crates/web/src/part.rs) and everything they call that nothing else
calls. The rest stays in the first load. A function is kept in the first load when the start,
an export, the table (a closure or trait method may be called from anywhere through it), a
global or a function reachable from those calls it without passing through a split point. So
code in the part runs only below a split point, and the page calls a split point only once the
part has arrived (crates/web/src/part.rs): no call ever lands on a missing function.

How: the primary keeps every function index as it was (nothing in it is renumbered). A moved
function's body becomes `unreachable`, except a split point's, which calls the real function
through a table slot reserved for it (`call_indirect`). The part is a module of its own: it
imports the memory, the tables, the globals and the functions of the primary that its code uses
(the primary exports them under short names), holds the moved bodies with their calls
renumbered, and fills the reserved slots when it is instantiated. So the primary needs no new
import and the wasm-bindgen glue no change.

Reads the module's name section: the build keeps names until the module is split, then drops
them from both modules.
"""
import sys
from collections import namedtuple

from wasm_names import _name, _vector_name as _str
from wasm_streams import PLAIN, UnknownCode, _leb, _section, _sections, _uint, _write_uint

# What `read` finds in a module, in one pass: the imported function count, the function names,
# each defined function's direct calls and body span, the roots (start, exports, table entries,
# globals' ref.func), each function's type index (imports first), each type's parameter count,
# the globals' types (imports first), the tables' entries as written, and the memory's.
Module = namedtuple("Module", "imported names calls bodies roots func_types params global_types tables memory")


def _skip_const_expr(data, at, refs):
    """Skips an initializer expression, noting the functions it names (ref.func)."""
    while True:
        code = data[at]
        at += 1
        if code == 0x0B:
            return at
        if code == 0xD2:
            func, at = _uint(data, at)
            refs.add(func)
        elif code in (0x41, 0x42, 0x23):
            _, at = _leb(data, at)
        elif code == 0x43:
            at += 4
        elif code == 0x44:
            at += 8
        elif code == 0xD0:
            at += 1
        else:
            raise UnknownCode(f"constant expression opcode 0x{code:02X}")


def _instructions(data, at):
    """A function body's instructions after its locals, up to its final `end`: for each, its
    opcode, where it starts, where it ends and its index immediate (a call's function, a
    global's index) or None. Yields the locals' bytes first as (None, start, end, None)."""
    start = at
    groups, at = _uint(data, at)
    for _ in range(groups):
        _, at = _leb(data, at)
        at += 1
    yield None, start, at, None
    depth = 1
    while depth:
        code = data[at]
        mark = at
        at += 1
        index = None
        if code in PLAIN:
            if code == 0x0B:
                depth -= 1
        elif code in (0x02, 0x03, 0x04):
            _, at = _leb(data, at)
            depth += 1
        elif code in (0x10, 0xD2, 0x23, 0x24):
            index, at = _uint(data, at)
        elif code in (0x0C, 0x0D, 0x20, 0x21, 0x22, 0x25, 0x26, 0x41, 0x42):
            _, at = _leb(data, at)
        elif code == 0x0E:
            targets, at = _uint(data, at)
            for _ in range(targets + 1):
                _, at = _leb(data, at)
        elif code == 0x11 or 0x28 <= code <= 0x3E:
            _, at = _leb(data, at)
            _, at = _leb(data, at)
        elif code in (0x3F, 0x40, 0xD0):
            at += 1
        elif code == 0x43:
            at += 4
        elif code == 0x44:
            at += 8
        elif code == 0xFC:
            index, at = _uint(data, at)
            # memory.init, data.drop, table.init, elem.drop, table.copy, .grow, .size, .fill
            extra = {8: 1, 9: 1, 12: 2, 13: 1, 14: 2, 15: 1, 16: 1, 17: 1}
            for _ in range(extra.get(index, 0)):
                _, at = _leb(data, at)
            if index == 8:
                at += 1
            elif index in (10, 11):
                at += 2 if index == 10 else 1
            elif index > 17:
                raise UnknownCode(f"instruction 0xFC {index}")
        else:
            raise UnknownCode(f"instruction 0x{code:02X}")
        yield code, mark, at, index


def _body_calls(data, at):
    """The functions a body calls directly or names with ref.func, and where the body ends."""
    calls, end = set(), at
    for code, _, end, index in _instructions(data, at):
        if code in (0x10, 0xD2):
            calls.add(index)
    return calls, end


def _imports(module, at):
    """The import section's entries from `at`: (kind, what), where `what` is a function's type
    index, a global's type (two bytes), or None for a table or a memory."""
    count, at = _uint(module, at)
    for _ in range(count):
        _, at = _name(module, at)
        _, at = _name(module, at)
        kind = module[at]
        at += 1
        if kind == 0:
            what, at = _uint(module, at)
        elif kind == 3:
            what, at = module[at:at + 2], at + 2
        elif kind in (1, 2):
            # A table's element type, then limits; a memory's limits.
            at += kind == 1
            flags, at = _uint(module, at)
            _, at = _uint(module, at)
            if flags & 1:
                _, at = _uint(module, at)
            what = None
        else:
            raise UnknownCode(f"import kind {kind}")
        yield kind, what


def read(module):
    """The module as `Module` says, from one walk over its sections."""
    imported, names, calls, bodies, roots = 0, {}, {}, {}, set()
    func_types, params, global_types, tables, memory = [], [], [], [], None
    for sid, _, start, end in _sections(module):
        at = start
        if sid == 1:
            count, at = _uint(module, at)
            for _ in range(count):
                if module[at] != 0x60:
                    raise UnknownCode("a type that is not a function type")
                n, at = _uint(module, at + 1)
                at += n
                m, at = _uint(module, at)
                at += m
                params.append(n)
        elif sid == 2:
            for kind, what in _imports(module, at):
                if kind == 0:
                    func_types.append(what)
                elif kind == 3:
                    global_types.append(what)
                else:
                    raise UnknownCode("the module imports a table or a memory")
            imported = len(func_types)
        elif sid == 3:
            count, at = _uint(module, at)
            for _ in range(count):
                t, at = _uint(module, at)
                func_types.append(t)
        elif sid == 4:
            count, at = _uint(module, at)
            for _ in range(count):
                entry = at
                flags, at = _uint(module, at + 1)
                _, at = _uint(module, at)
                if flags & 1:
                    _, at = _uint(module, at)
                tables.append(module[entry:at])
        elif sid == 5:
            count, at = _uint(module, at)
            if count != 1:
                raise UnknownCode("the module has no memory or more than one")
            memory = module[at:end]
        elif sid == 6:
            count, at = _uint(module, at)
            for _ in range(count):
                global_types.append(module[at:at + 2])
                at = _skip_const_expr(module, at + 2, roots)
        elif sid == 7:
            count, at = _uint(module, at)
            for _ in range(count):
                _, at = _name(module, at)
                kind = module[at]
                index, at = _uint(module, at + 1)
                if kind == 0:
                    roots.add(index)
        elif sid == 8:
            index, at = _uint(module, start)
            roots.add(index)
        elif sid == 9:
            count, at = _uint(module, at)
            for _ in range(count):
                flags, at = _uint(module, at)
                if flags & 3 == 2:
                    _, at = _uint(module, at)
                if not flags & 1:
                    at = _skip_const_expr(module, at, roots)
                if flags & 3:
                    at += 1
                n, at = _uint(module, at)
                for _ in range(n):
                    if flags & 4:
                        at = _skip_const_expr(module, at, roots)
                    else:
                        func, at = _uint(module, at)
                        roots.add(func)
        elif sid == 10:
            count, at = _uint(module, at)
            for i in range(count):
                size, at = _uint(module, at)
                calls[imported + i], done = _body_calls(module, at)
                if done != at + size:
                    raise UnknownCode(f"function {imported + i} ends at byte {done}, its size says {at + size}")
                bodies[imported + i] = (at, at + size)
                at += size
        elif sid == 0:
            title, at = _name(module, at)
            if title != "name":
                continue
            while at < end:
                sub = module[at]
                size, at = _uint(module, at + 1)
                if sub == 1:
                    count, p = _uint(module, at)
                    for _ in range(count):
                        index, p = _uint(module, p)
                        names[index], p = _name(module, p)
                at += size
    return Module(imported, names, calls, bodies, roots, func_types, params, global_types, tables, memory)


def plan(parsed, gate_prefixes):
    """The defined functions to move to the part and the gates found, from `read`'s result."""
    imported, names, calls, roots = parsed.imported, parsed.names, parsed.calls, parsed.roots
    gates = {f for f, n in names.items() if f >= imported and n.startswith(gate_prefixes)}

    def reach(starts, stop):
        seen, todo = set(), [f for f in starts if f not in stop]
        while todo:
            f = todo.pop()
            if f in seen:
                continue
            seen.add(f)
            todo.extend(g for g in calls.get(f, ()) if g not in seen and g not in stop)
        return seen

    kept = reach(roots, gates)
    moved = reach(gates, kept) - kept
    # Only the page's code calls a split point, holding its `Ready` proof: its own functions, and
    # Yew's render of its components (a component's body is inlined there, named after Yew). An
    # optimiser that merged an identical function of another crate into a split point would make
    # that function's callers call it too, before the part has arrived: refuse such a module.
    def page(name):
        return "guestlens_web::" in name or name.startswith("<yew::html::component::lifecycle::CompStateInner<")

    for g in sorted(gates):
        if g in roots:
            raise UnknownCode(f"split point {names.get(g)} is exported or in the table")
        for f in sorted(kept):
            if g in calls.get(f, ()) and not page(names.get(f, "")):
                raise UnknownCode(f"split point {names.get(g)} is called by {names.get(f, f)}, "
                                  "which is not the page's code (a merged function?)")
    return sorted(moved), gates


def _vec(items):
    return _write_uint(len(items)) + b"".join(items)


def _rewrite_body(data, at, fmap, gmap):
    """A function body (locals and code) with its call targets and globals renumbered."""
    out = bytearray()
    for code, start, end, index in _instructions(data, at):
        if code in (0x10, 0x23, 0x24):
            out.append(code)
            out += _write_uint((fmap if code == 0x10 else gmap)(index))
            continue
        # ref.func and the data and element segment instructions name indices of their own,
        # which the part does not carry.
        if code == 0xD2 or (code == 0xFC and index in (8, 9, 12, 13)):
            raise UnknownCode(f"a moved function uses instruction 0x{code:02X} {index}")
        out += data[start:end]
    return bytes(out)


def split(module, gate_prefixes, export_prefix="%"):
    """The primary module, the part module and the split points' names; `None` for the part
    when nothing moves. Both come without a name section."""
    parsed = read(module)
    imported, names, calls, bodies = parsed.imported, parsed.names, parsed.calls, parsed.bodies
    func_types, params, global_types = parsed.func_types, parsed.params, parsed.global_types
    tables, memory = list(parsed.tables), parsed.memory
    moved, gates = plan(parsed, gate_prefixes)
    sections = _sections(module)
    if not moved:
        return module, None, []
    if not tables or memory is None:
        raise UnknownCode("the module has no table or no memory")
    gate_list = [f for f in moved if f in gates]
    # The first table grows by one slot per split point, at its end.
    t0 = tables[0]
    if t0[0] != 0x70:
        raise UnknownCode("the module's first table does not hold functions")
    flags, at = _uint(t0, 1)
    size, at = _uint(t0, at)
    slot0 = size
    grown = t0[:1] + _write_uint(flags) + _write_uint(size + len(gate_list))
    if flags & 1:
        limit, _ = _uint(t0, at)
        grown += _write_uint(max(limit, size + len(gate_list)))
    tables[0] = grown
    slots = {f: slot0 + i for i, f in enumerate(gate_list)}

    # The part's imports: the functions of the primary its code calls, in index order (their
    # import and export names then count up, which packs smaller), and the globals it uses, in
    # first use; then its own functions.
    moved_set = set(moved)
    used_funcs = sorted({g for f in moved for g in calls.get(f, ()) if g not in moved_set})
    part_index = {f: i for i, f in enumerate(used_funcs + moved)}
    used_globals, global_index = [], {}

    def gmap(g):
        if g not in global_index:
            global_index[g] = len(used_globals)
            used_globals.append(g)
        return global_index[g]

    part_bodies = [_rewrite_body(module, bodies[f][0], part_index.__getitem__, gmap) for f in moved]

    def export_name(kind, index):
        digits = ""
        while True:
            digits = NAME_DIGITS[index % 64] + digits
            index //= 64
            if not index:
                return f"{export_prefix}{kind}{digits}"

    new_exports = [_str(export_name("f", g)) + b"\x00" + _write_uint(g) for g in used_funcs]
    new_exports += [_str(export_name("g", g)) + b"\x03" + _write_uint(g) for g in used_globals]
    new_exports += [_str(export_name("t", i)) + b"\x01" + _write_uint(i) for i in range(len(tables))]
    new_exports.append(_str(export_name("m", 0)) + b"\x02\x00")

    # The primary: same sections, with the grown table, the new exports and the moved bodies
    # replaced; no name section.
    stub_unreachable = b"\x03\x00\x00\x0b"
    out = bytearray(module[:8])
    for sid, head, start, end in sections:
        body = module[start:end]
        if sid == 0:
            title, _ = _name(module, start)
            if title == "name":
                continue
        elif sid == 4:
            body = _vec(tables)
        elif sid == 7:
            count, at = _uint(module, start)
            body = _write_uint(count + len(new_exports)) + module[at:end] + b"".join(new_exports)
        elif sid == 10:
            parts = [_write_uint(len(bodies))]
            for f in range(imported, imported + len(bodies)):
                if f in slots:
                    code = b"\x00" + b"".join(b"\x20" + _write_uint(p) for p in range(params[func_types[f]]))
                    code += b"\x41" + _signed(slots[f]) + b"\x11" + _write_uint(func_types[f]) + b"\x00\x0b"
                    parts.append(_write_uint(len(code)) + code)
                elif f in moved_set:
                    parts.append(stub_unreachable)
                else:
                    at, end = bodies[f]
                    parts.append(_write_uint(end - at) + module[at:end])
            body = b"".join(parts)
        out += _section(sid, body)
    primary = bytes(out)

    # The part.
    imports = [_str("p") + _str(export_name("m", 0)) + b"\x02" + memory]
    imports += [_str("p") + _str(export_name("t", i)) + b"\x01" + t for i, t in enumerate(tables)]
    imports += [_str("p") + _str(export_name("g", g)) + b"\x03" + global_types[g] for g in used_globals]
    imports += [_str("p") + _str(export_name("f", g)) + b"\x00" + _write_uint(func_types[g]) for g in used_funcs]
    type_section = next(module[s:e] for sid, _, s, e in sections if sid == 1)
    elem = b"\x00\x41" + _signed(slot0) + b"\x0b" + _vec([_write_uint(part_index[g]) for g in gate_list])
    part = bytearray(module[:8])
    part += _section(1, type_section)
    part += _section(2, _vec(imports))
    part += _section(3, _vec([_write_uint(func_types[f]) for f in moved]))
    part += _section(9, _vec([elem]))
    part += _section(10, _vec([_write_uint(len(b)) + b for b in part_bodies]))
    # The page's unpacker (crates/unpack) joins each body a few bytes ahead of its place, in the
    # room the sections after the code fill in the end: the part needs some after its code.
    part += _section(0, _str("guestlens-part"))
    return primary, bytes(part), [names.get(g, str(g)) for g in gate_list]


# The digits of the short export names the part imports by.
NAME_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$"


def _signed(value):
    """A signed LEB128 (i32.const's immediate) of a non-negative value."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value == 0 and not byte & 0x40:
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


if __name__ == "__main__":
    parsed = read(open(sys.argv[1], "rb").read())
    names = parsed[1]
    moved, gates = plan(parsed, tuple(sys.argv[2:]))
    print(f"{len(gates)} gates, {len(moved)} functions move", file=sys.stderr)
    for f in moved:
        print(names.get(f, f"#{f}"))
