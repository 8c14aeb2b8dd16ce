"""Splits a WebAssembly module's code into streams of like values before LZMA packs it.

In the code section, opcodes, local indices, call targets, constants and memory offsets follow
each other byte by byte, so a compressor sees a mix of unrelated values. Written one kind after
another (all opcodes, then all local.get indices, then all 2-byte i32 constants, ...), each kind
is read in the company of its own, and LZMA codes the module about 8% smaller (docs/SIZE.md).
crates/web/unwasm.js puts the code back together in the page; `join` here is the same work in
Python, so the build checks every module it packs decodes back byte for byte.

The payload is the sections before the code, the sections after it, then the streams in the
order of STREAMS. Two things move into the opcode stream so the decoder can tell which stream
an immediate comes from: an i32.const's length (opcodes I32_CONST[n-1] for an n-byte constant)
and a memory access's offset length (high bits of its alignment byte). A function's body size
is left out: the decoder counts it, as a body ends at the `end` that closes its outermost block.
An opcode this file does not know stops the build rather than risk a wrong module.
"""

STREAMS = (
    "op", "locals", "block", "label", "call", "misc", "local.get", "local.set", "local.tee",
    "global", "i64", "float",
    "i32/1", "i32/2", "i32/3", "i32/4", "i32/5",
    "offset/1", "offset/2", "offset/3", "offset/4", "offset/5",
)
# i32.const (0x41) for a 1-byte constant, and bytes unused by wasm 1.0 and its 2.0 extensions
# for longer ones (the GC proposal's ref.eq.. br_on_non_null: a module using them is refused).
I32_CONST = (0x41, 0xD3, 0xD4, 0xD5, 0xD6)
# Opcodes with no immediate: control without one, drop/select, every numeric operator,
# ref.is_null. Anything not here and not handled below is refused.
PLAIN = {0x00, 0x01, 0x05, 0x0B, 0x0F, 0x1A, 0x1B, 0xD1} | set(range(0x45, 0xC5))


class UnknownCode(Exception):
    pass


def _leb(data, at):
    """The bytes of the LEB128 number at `at`, and where it ends."""
    end = at
    while data[end] & 0x80:
        end += 1
    return data[at:end + 1], end + 1


def _uint(data, at):
    value, shift = 0, 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def _write_uint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _section(sid, body):
    """A section: its id, its length, its body."""
    return bytes([sid]) + _write_uint(len(body)) + body


def _sections(module):
    if module[:8] != b"\0asm\1\0\0\0":
        raise UnknownCode("not a WebAssembly 1.0 module")
    at, found = 8, []
    while at < len(module):
        size, start = _uint(module, at + 1)
        found.append((module[at], at, start, start + size))
        at = start + size
    return found


def split(module):
    """The payload to pack, and the numbers the decoder needs: the module's length, the lengths
    of the part before and after the code section, the function count, the code section's
    length (so the decoder can hand on each body as it is done), then each stream's length in
    the order of STREAMS."""
    code = [s for s in _sections(module) if s[0] == 10]
    if len(code) != 1:
        raise UnknownCode("the module has no code section, or more than one")
    _, head_end, at, code_end = code[0]
    streams = {name: bytearray() for name in STREAMS}
    op, data = streams["op"], module
    count, at = _uint(data, at)
    for _ in range(count):
        size, at = _uint(data, at)
        end = at + size
        groups, after = _uint(data, at)
        streams["locals"] += data[at:after]
        at = after
        for _ in range(groups):
            n, at = _leb(data, at)
            streams["locals"] += n + data[at:at + 1]
            at += 1
        depth = 1
        while depth:
            code_byte = data[at]
            at += 1
            if code_byte == 0x41:
                value, at = _leb(data, at)
                op.append(I32_CONST[len(value) - 1])
                streams[f"i32/{len(value)}"] += value
                continue
            op.append(code_byte)
            if code_byte in PLAIN:
                if code_byte == 0x0B:
                    depth -= 1
            elif code_byte in (0x02, 0x03, 0x04):
                value, at = _leb(data, at)
                streams["block"] += value
                depth += 1
            elif code_byte in (0x0C, 0x0D):
                value, at = _leb(data, at)
                streams["label"] += value
            elif code_byte == 0x0E:
                targets, after = _uint(data, at)
                streams["label"] += data[at:after]
                at = after
                for _ in range(targets + 1):
                    value, at = _leb(data, at)
                    streams["label"] += value
            elif code_byte in (0x10, 0xD2):
                value, at = _leb(data, at)
                streams["call"] += value
            elif code_byte == 0x11:
                for _ in range(2):
                    value, at = _leb(data, at)
                    streams["misc"] += value
            elif code_byte in (0x20, 0x21, 0x22):
                value, at = _leb(data, at)
                streams[("local.get", "local.set", "local.tee")[code_byte - 0x20]] += value
            elif code_byte in (0x23, 0x24, 0x25, 0x26):
                value, at = _leb(data, at)
                streams["global"] += value
            elif 0x28 <= code_byte <= 0x3E:
                align, at = _uint(data, at)
                value, at = _leb(data, at)
                if align > 15 or len(value) > 5:
                    raise UnknownCode(f"memory access with alignment {align} at byte {at}")
                op.append(align | (len(value) - 1) << 4)
                streams[f"offset/{len(value)}"] += value
            elif code_byte in (0x3F, 0x40, 0xD0):
                streams["misc"] += data[at:at + 1]
                at += 1
            elif code_byte == 0x42:
                value, at = _leb(data, at)
                streams["i64"] += value
            elif code_byte in (0x43, 0x44):
                width = 4 if code_byte == 0x43 else 8
                streams["float"] += data[at:at + width]
                at += width
            elif code_byte == 0xFC:
                sub, after = _uint(data, at)
                op.extend(data[at:after])
                at = after
                # memory.init, data.drop, memory.copy, memory.fill, table.init .. table.fill
                indices = {8: 1, 9: 1, 12: 2, 13: 1, 14: 2, 15: 1, 16: 1, 17: 1}
                if sub <= 7:
                    pass
                elif sub in indices:
                    for _ in range(indices[sub]):
                        value, at = _leb(data, at)
                        streams["misc"] += value
                    if sub == 8:
                        streams["misc"] += data[at:at + 1]
                        at += 1
                elif sub in (10, 11):
                    width = 2 if sub == 10 else 1
                    streams["misc"] += data[at:at + width]
                    at += width
                else:
                    raise UnknownCode(f"instruction 0xFC {sub} at byte {at}")
            else:
                raise UnknownCode(f"instruction 0x{code_byte:02X} at byte {at - 1}")
        if at != end:
            raise UnknownCode(f"a function body ends at byte {at}, its size says {end}")
    if at != code_end:
        raise UnknownCode("the code section holds more than its functions")
    head, tail = module[:head_end], module[code_end:]
    payload = head + tail + b"".join(bytes(streams[name]) for name in STREAMS)
    layout = [len(module), len(head), len(tail), count, code_end - code[0][2]]
    layout += [len(streams[name]) for name in STREAMS]
    return payload, layout


def join(payload, layout):
    """The module back from split's payload: the same steps as crates/web/unwasm.js."""
    size, head_len, tail_len, count, code_len = layout[:5]
    cursor, at = {}, head_len + tail_len
    for name, length in zip(STREAMS, layout[5:]):
        cursor[name] = [at, at + length]
        at += length

    def take(name, width=None):
        place = cursor[name]
        start = place[0]
        if width is None:
            end = start
            while payload[end] & 0x80:
                end += 1
            width = end + 1 - start
        place[0] += width
        return payload[start:place[0]]

    code = bytearray(_write_uint(count))
    for _ in range(count):
        body = bytearray()
        groups = take("locals")
        body += groups
        for _ in range(_uint(groups, 0)[0]):
            body += take("locals") + take("locals", 1)
        depth = 1
        while depth:
            code_byte = take("op", 1)[0]
            if code_byte in I32_CONST:
                body.append(0x41)
                body += take(f"i32/{I32_CONST.index(code_byte) + 1}", I32_CONST.index(code_byte) + 1)
                continue
            body.append(code_byte)
            if code_byte == 0x0B:
                depth -= 1
            elif code_byte in (0x02, 0x03, 0x04):
                body += take("block")
                depth += 1
            elif code_byte in (0x0C, 0x0D):
                body += take("label")
            elif code_byte == 0x0E:
                targets = take("label")
                body += targets
                for _ in range(_uint(targets, 0)[0] + 1):
                    body += take("label")
            elif code_byte in (0x10, 0xD2):
                body += take("call")
            elif code_byte == 0x11:
                body += take("misc") + take("misc")
            elif code_byte in (0x20, 0x21, 0x22):
                body += take(("local.get", "local.set", "local.tee")[code_byte - 0x20])
            elif code_byte in (0x23, 0x24, 0x25, 0x26):
                body += take("global")
            elif 0x28 <= code_byte <= 0x3E:
                packed = take("op", 1)[0]
                body.append(packed & 15)
                width = (packed >> 4) + 1
                body += take(f"offset/{width}", width)
            elif code_byte in (0x3F, 0x40, 0xD0):
                body += take("misc", 1)
            elif code_byte == 0x42:
                body += take("i64")
            elif code_byte in (0x43, 0x44):
                body += take("float", 4 if code_byte == 0x43 else 8)
            elif code_byte == 0xFC:
                sub_bytes = take("op")
                body += sub_bytes
                sub = _uint(sub_bytes, 0)[0]
                for _ in range({8: 1, 9: 1, 12: 2, 13: 1, 14: 2, 15: 1, 16: 1, 17: 1}.get(sub, 0)):
                    body += take("misc")
                body += take("misc", {8: 1, 10: 2, 11: 1}.get(sub, 0))
        code += _write_uint(len(body)) + body
    for name, (at, end) in cursor.items():
        if at != end:
            raise UnknownCode(f"stream {name} has {end - at} bytes left over")
    if len(code) != code_len:
        raise UnknownCode(f"the joined code section is {len(code)} bytes, not {code_len}")
    module = payload[:head_len] + bytes([10]) + _write_uint(len(code)) + code + payload[head_len:head_len + tail_len]
    if len(module) != size:
        raise UnknownCode(f"the joined module is {len(module)} bytes, not {size}")
    return bytes(module)
