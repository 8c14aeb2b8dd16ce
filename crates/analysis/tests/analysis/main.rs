//! Native tests of the analysis core, one binary (see ripgrep's tests/ layout).
mod case;
mod commands;
mod compare;
mod errors;
mod golden;
mod handoff;
mod inbound;
mod policy;
mod quote;
mod signins;
mod tables;
mod token;
mod trace;
mod trace_case;
mod workspace;
