//! The start-up's unpacker: the page's module back from its embedding, in a module of its own.
//!
//! `scripts/csp_boot.py` embeds the page's module as a raw LZMA stream of its code split into
//! streams (`scripts/wasm_streams.py`). This crate decodes both ([`lzma`], then [`join`]), a
//! slice at a time, so the start-up can pause between slices. Compiled to a few KB of wasm and
//! embedded beside the stream, it decodes several times faster than JavaScript did. It uses no
//! allocator: the start-up places the input and both outputs in this module's memory.
#![cfg_attr(target_arch = "wasm32", no_std)]

pub mod join;
pub mod lzma;

/// Why a stream could not be decoded: the embedding is damaged (or not what the build wrote).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Damaged(pub &'static str);

#[cfg(target_arch = "wasm32")]
mod entry;
