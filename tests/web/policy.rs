//! Component tests of the Policy tab.
