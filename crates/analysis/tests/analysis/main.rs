//! Native tests of the analysis core, one binary (see ripgrep's tests/ layout).
mod commands;
mod errors;
mod golden;
mod policy;
mod quote;
mod tables;
mod token;
