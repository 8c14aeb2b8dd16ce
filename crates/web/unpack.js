// GuestLens: unpacks the embedded module with crates/unpack, a small WebAssembly module of our
// own embedded beside it (raw deflate, base64): LZMA first, then the code's streams joined back
// (scripts/wasm_streams.py), each in slices with a pause between them, so no task is long and the
// front door takes pastes meanwhile. `emit` gets the module in order, a slice at a time, so the
// browser compiles it while the rest is joined. A damaged stream is refused with its reason.
// Comments go on lines of their own: csp_boot.py drops those lines when it embeds this file.
// Both inputs come as base64: the packed stream is decoded straight into the unpacker's memory.
// A stream may go on in another file with a second module (the analysis part): `more` gives that
// piece's length, its payload's and its module's, and the function returned unpacks it later
// with the same decoder, whose dictionary then holds the first module's payload.
async function unpackModule(unpackerBase64, packedBase64, layout, lc, lp, pb, emit, more = [0, 0, 0]) {
  const unpacker = bytesOf(atob(unpackerBase64), new Uint8Array(unpackerBase64.length));
  const inflated = new Blob([unpacker]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  const { instance } = await WebAssembly.instantiate(await new Response(inflated).arrayBuffer(), {});
  const u = instance.exports;
  const packed = atob(packedBase64);
  const at = u.prepare(packed.length + more[0], payloadOf(layout) + more[1], Math.max(layout[0], more[2]));
  if (!at) throw new Error("not enough memory to unpack the module");
  const check = (result) => {
    if (result < 0) {
      const why = new Uint8Array(u.memory.buffer, u.damage_at(), u.damage_len());
      throw new Error("the embedded module is damaged (" + new TextDecoder().decode(why) + ")");
    }
    return result;
  };
  // Views are made after `prepare`: growing the memory detaches the views made before it.
  let written = 0;
  let end = 0;
  const room = packed.length + more[0];
  const unpack = async (packed, layout, emit) => {
    if (written + packed.length > room) throw new Error("the embedded module is damaged (more stream than room for it)");
    bytesOf(packed, new Uint8Array(u.memory.buffer, at + written, packed.length));
    written += packed.length;
    new Uint32Array(u.memory.buffer, u.layout(), layout.length).set(layout);
    const from = end;
    u.next_module(from);
    end += payloadOf(layout);
    for (let until = from + (1 << 18); !check(u.unlzma(lc, lp, pb, until, end, written)); until += 1 << 18) await nextTask();
    let handed = 0;
    for (let until = 1 << 17; ; until += 1 << 17) {
      const done = check(u.unwasm(until));
      const pos = u.module_done();
      emit(new Uint8Array(u.memory.buffer, u.module_at() + handed, pos - handed).slice());
      handed = pos;
      if (done) return;
      await nextTask();
    }
  };
  await unpack(packed, layout, emit);
  return (packedBase64, layout, emit) => unpack(atob(packedBase64), layout, emit);
}

// The payload's length: the parts before and after the code section, then every stream.
function payloadOf(layout) {
  let length = layout[1] + layout[2];
  for (let i = 5; i < layout.length; i++) length += layout[i];
  return length;
}

// The bytes of a binary string (what atob returns), written into `into`; returns its start.
function bytesOf(binary, into) {
  for (let i = 0; i < binary.length; i++) into[i] = binary.charCodeAt(i);
  return into.subarray(0, binary.length);
}

// Resolves in a task of its own, so the browser handles input between two slices of work.
// A message, not a timer: a tab opened in the background runs timers once a second.
function nextTask() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(0);
  });
}
