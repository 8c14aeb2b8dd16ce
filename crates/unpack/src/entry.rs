//! The functions the start-up calls. The packed stream, the decoded payload and the module all
//! live in this module's memory, after its own data; the start-up writes the first and reads
//! the last through `memory`.
//!
//! One stream can carry two modules, the start-up's and the analysis part's: LZMA then finds
//! the part's repeats in the start-up's payload too. The stream's second piece comes later (in
//! the part's file); until then the decoder stops at the first module's end, and keeps its
//! state, its dictionary (the payload decoded so far) and the stream read so far.

use core::ptr::addr_of_mut;

use crate::Damaged;
use crate::join::{Join, LAYOUT};
use crate::lzma::Lzma;

struct State {
    lzma: Lzma,
    join: Join,
    /// Whether each has been started.
    started: [bool; 2],
    /// Where the packed stream, the payload and the module start, and their lengths.
    at: [usize; 3],
    len: [usize; 3],
    layout: [u32; LAYOUT],
    /// Where in the payload the module being joined starts.
    from: usize,
    /// None rather than "": an empty string's pointer is not zero, and would move the whole
    /// state into the module's data.
    damage: Option<&'static str>,
}

// All zeros, so the state costs no bytes in the module (it lives in memory the loader zeroes).
static mut STATE: State = State {
    lzma: Lzma::EMPTY,
    join: Join::EMPTY,
    started: [false; 2],
    at: [0; 3],
    len: [0; 3],
    layout: [0; LAYOUT],
    from: 0,
    damage: None,
};

unsafe extern "C" {
    static __heap_base: u8;
}

fn state() -> &'static mut State {
    // SAFETY: the module runs on one thread, and no function here keeps a reference across
    // calls, so this is the only live reference to STATE.
    unsafe { &mut *addr_of_mut!(STATE) }
}

/// Makes room for a packed stream of `packed` bytes, a payload and a module (for a stream of two
/// modules: the whole stream, both payloads, the larger module); returns where the start-up
/// writes the packed stream, or 0 when memory cannot grow.
#[unsafe(no_mangle)]
pub extern "C" fn prepare(packed: usize, payload: usize, module: usize) -> usize {
    let s = state();
    let mut at = (&raw const __heap_base) as usize;
    for (i, len) in [packed, payload, module].into_iter().enumerate() {
        s.at[i] = at;
        s.len[i] = len;
        at += len;
    }
    let have = core::arch::wasm32::memory_size(0) << 16;
    if at > have && core::arch::wasm32::memory_grow(0, (at - have).div_ceil(1 << 16)) == usize::MAX
    {
        return 0;
    }
    s.at[0]
}

/// Where the start-up writes the layout's numbers.
#[unsafe(no_mangle)]
pub extern "C" fn layout() -> *mut u32 {
    state().layout.as_mut_ptr()
}

fn parts(s: &State) -> (&'static [u8], &'static mut [u8], &'static mut [u8]) {
    // SAFETY: `prepare` placed the three regions after the heap base, apart from each other and
    // inside memory it grew; nothing else in this module uses that memory.
    unsafe {
        (
            core::slice::from_raw_parts(s.at[0] as *const u8, s.len[0]),
            core::slice::from_raw_parts_mut(s.at[1] as *mut u8, s.len[1]),
            core::slice::from_raw_parts_mut(s.at[2] as *mut u8, s.len[2]),
        )
    }
}

fn outcome(s: &mut State, step: Result<bool, Damaged>) -> i32 {
    match step {
        Ok(done) => i32::from(done),
        Err(Damaged(why)) => {
            s.damage = Some(why);
            -1
        }
    }
}

/// Decodes the LZMA stream, of which the first `written` bytes are there, until `until` bytes of
/// payload are done: 1 once `end` bytes are (the module's payload ends there), 0 more to do, -1
/// damaged (see `damage`).
#[unsafe(no_mangle)]
pub extern "C" fn unlzma(
    lc: u32,
    lp: u32,
    pb: u32,
    until: usize,
    end: usize,
    written: usize,
) -> i32 {
    let s = state();
    let (packed, payload, _) = parts(s);
    let src = packed.get(..written).unwrap_or(packed);
    if !s.started[0] {
        s.started[0] = true;
        if let Err(e) = s.lzma.start(src, lc, lp, pb) {
            return outcome(s, Err(e));
        }
    }
    let end = end.min(payload.len());
    let step = match s.lzma.run(src, payload, until.min(end)) {
        // Read past what is written: what it decoded from there is not the module.
        Ok(_) if s.lzma.pos >= end && s.lzma.at > src.len() => {
            Err(Damaged("LZMA stream too short"))
        }
        Ok(_) => Ok(s.lzma.pos >= end),
        Err(e) => Err(e),
    };
    outcome(s, step)
}

/// The next module to join: its payload starts `from` bytes into the payload, and its layout is
/// at `layout` (written before this call).
#[unsafe(no_mangle)]
pub extern "C" fn next_module(from: usize) {
    let s = state();
    s.from = from;
    s.started[1] = false;
}

/// The payload and module of the module being joined, as its layout gives their lengths.
fn module_parts(s: &State) -> Result<(&'static [u8], &'static mut [u8]), Damaged> {
    let (_, payload, module) = parts(s);
    let [size, head, tail, ..] = s.layout.map(|v| v as usize);
    let mut length = head.checked_add(tail);
    for &stream in s.layout.iter().skip(5) {
        length = length.and_then(|n| n.checked_add(stream as usize));
    }
    let end = length.and_then(|n| n.checked_add(s.from));
    let payload = end
        .and_then(|end| payload.get(s.from..end))
        .ok_or(Damaged("layout out of range"))?;
    let module = module
        .get_mut(..size)
        .ok_or(Damaged("layout out of range"))?;
    Ok((payload, module))
}

/// Joins the code until `until` bytes of module are written: 0 more to do, 1 done, -1 damaged.
#[unsafe(no_mangle)]
pub extern "C" fn unwasm(until: usize) -> i32 {
    let s = state();
    let (payload, module) = match module_parts(s) {
        Ok(p) => p,
        Err(e) => return outcome(s, Err(e)),
    };
    if !s.started[1] {
        s.started[1] = true;
        let layout = s.layout;
        if let Err(e) = s.join.start(payload, &layout, module) {
            return outcome(s, Err(e));
        }
    }
    let step = s.join.run(payload, module, until);
    outcome(s, step)
}

/// Where the module starts, and how much of it is written.
#[unsafe(no_mangle)]
pub extern "C" fn module_at() -> usize {
    state().at[2]
}

#[unsafe(no_mangle)]
pub extern "C" fn module_done() -> usize {
    state().join.pos
}

/// Why the last step failed, as UTF-8 at `damage_at`, `damage_len` bytes long.
#[unsafe(no_mangle)]
pub extern "C" fn damage_at() -> usize {
    state().damage.unwrap_or_default().as_ptr() as usize
}

#[unsafe(no_mangle)]
pub extern "C" fn damage_len() -> usize {
    state().damage.unwrap_or_default().len()
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
